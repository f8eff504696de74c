package io.signaling.flows;

import static org.assertj.core.api.Assertions.assertThat;

import io.signaling.directory.RoomCount;
import org.junit.jupiter.api.Test;

/** Which way a room is listed follows the last census: whether the default room holds most of the peers. */
class OccupancyTest {

  private final Occupancy occupancy = new Occupancy(new Occupancy.Limits(100_000, 1_000));

  @Test
  void beforeAnyCensusTheDefaultRoomIsTakenToHoldEverybody() {
    assertThat(occupancy.defaultRoomHoldsMost()).isTrue();
  }

  @Test
  void aDefaultRoomWithHalfThePeersHoldsMost() {
    occupancy.counted(new RoomCount(3, 500, 1_000, 1_000, 3));

    assertThat(occupancy.defaultRoomHoldsMost()).isTrue();
  }

  @Test
  void aDefaultRoomWithFewerThanHalfDoesNot() {
    occupancy.counted(new RoomCount(40, 499, 1_000, 1_000, 40));

    assertThat(occupancy.defaultRoomHoldsMost()).isFalse();
  }

  @Test
  void aLaterCensusDecides() {
    occupancy.counted(new RoomCount(40, 10, 1_000, 1_000, 40));
    occupancy.counted(new RoomCount(2, 900, 2_000, 1_000, 2));

    assertThat(occupancy.defaultRoomHoldsMost()).isTrue();
  }
}
