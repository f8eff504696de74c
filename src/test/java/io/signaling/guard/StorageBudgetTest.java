package io.signaling.guard;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StorageBudgetTest {

  private final List<Limit> refusals = new ArrayList<>();

  private StorageBudget budget(long stored, long perSender, int members) {
    return new StorageBudget(new StorageBudget.Settings(stored, perSender, stored), members, refusals::add);
  }

  @Test
  void eachNodeStoresItsShareOfWhatTheCountLeftFree() {
    StorageBudget budget = budget(9_000, 100_000, 1);
    budget.counted(new StorageBudget.Count(3_000, Map.of(), Map.of(), Map.of(), 3)); // 6,000 free, 2,000 for each of three nodes
    assertThat(budget.room()).isEqualTo(2_000);
    assertThat(budget.reserve(1, 5, 1_500)).isNull();
    assertThat(budget.reserve(2, 5, 600)).isEqualTo(Limit.STORED_BYTES);
    assertThat(budget.reserve(2, 5, 500)).isNull();
    assertThat(budget.room()).isZero();
    assertThat(refusals).containsExactly(Limit.STORED_BYTES);
  }

  @Test
  void whatWasStoredBeforeTheLastCountStillCountsOnce() {
    StorageBudget budget = budget(10_000, 100_000, 1);
    assertThat(budget.reserve(1, 5, 4_000)).isNull();
    // The count may have started before those 4,000 arrived: they are charged until the count after it.
    budget.counted(new StorageBudget.Count(4_000, Map.of(), Map.of(), Map.of(), 1));
    assertThat(budget.room()).isEqualTo(2_000);
    budget.counted(new StorageBudget.Count(4_000, Map.of(), Map.of(), Map.of(), 1));
    assertThat(budget.room()).isEqualTo(6_000);
  }

  @Test
  void aReservationNotStoredIsGivenBack() {
    StorageBudget budget = budget(1_000, 1_000, 1);
    assertThat(budget.reserve(7, 5, 800)).isNull();
    budget.release(7, 5, 800);
    assertThat(budget.room()).isEqualTo(1_000);
    assertThat(budget.reserve(7, 5, 1_000)).isNull();
  }

  @Test
  void aSenderIsHeldToItsOwnBoundWithWhatTheCountFoundForIt() {
    StorageBudget budget = budget(1_000_000, 1_000, 1);
    assertThat(budget.reserve(7, 5, 600)).isNull();
    assertThat(budget.reserve(7, 5, 600)).isEqualTo(Limit.SENDER_BYTES);
    assertThat(budget.reserve(8, 5, 600)).as("another sender").isNull();
    budget.counted(new StorageBudget.Count(1_200, Map.of(7, 900L), Map.of(), Map.of(), 1));
    budget.counted(new StorageBudget.Count(1_200, Map.of(7, 900L), Map.of(), Map.of(), 1));
    assertThat(budget.reserve(7, 5, 200)).isEqualTo(Limit.SENDER_BYTES);
    assertThat(budget.reserve(7, 5, 100)).isNull();
    assertThat(budget.reserve(0, 5, 5_000)).as("notifications have no sender").isNull();
  }

  @Test
  void thePeersOfOneAddressShareABoundCountedAndChargedHere() {
    StorageBudget budget = new StorageBudget(new StorageBudget.Settings(1_000_000, 1_000_000, 1_000), 3,
        refusals::add);
    budget.counted(new StorageBudget.Count(10_000, Map.of(), Map.of(42, "10.0.0.1", 43, "10.0.0.1", 44, "10.0.0.2"),
        Map.of("10.0.0.1", 900L, "10.0.0.2", 10L), 3));
    assertThat(budget.holdingTheirShare(List.of(42))).isEmpty();
    assertThat(budget.reserve(7, 42, 60)).isNull();
    assertThat(budget.reserve(7, 43, 60)).as("42 and 43 share 10.0.0.1's bound").isEqualTo(Limit.ADDRESS_BYTES);
    assertThat(budget.reserve(7, 44, 60)).as("another address").isNull();
    assertThat(budget.reserve(7, 99, 60)).as("a peer holding nothing at the count").isNull();
    budget.release(7, 42, 60);
    assertThat(budget.reserve(7, 43, 100)).as("exactly up to the bound").isNull();
    assertThat(budget.holdingTheirShare(List.of(43))).containsExactly(43);
    budget.counted(new StorageBudget.Count(10_000, Map.of(), Map.of(), Map.of(), 3));
    budget.counted(new StorageBudget.Count(10_000, Map.of(), Map.of(), Map.of(), 3));
    assertThat(budget.reserve(7, 43, 10)).as("its client read").isNull();
  }

  @Test
  void aFanOutFindsThePeersWhoseAddressHoldsItsShareWhoeverElseIsAsked() {
    StorageBudget budget = new StorageBudget(new StorageBudget.Settings(1_000_000, 1_000_000, 1_000), 1,
        refusals::add);
    List<Integer> room = List.of(42, 43, 44, 45, 99);
    assertThat(budget.holdingTheirShare(room)).as("nothing counted yet").isEmpty();
    budget.counted(new StorageBudget.Count(10_000, Map.of(),
        Map.of(42, "10.0.0.1", 43, "10.0.0.1", 44, "10.0.0.2", 45, "10.0.0.3"),
        Map.of("10.0.0.1", 1_000L, "10.0.0.2", 900L, "10.0.0.3", 10L), 1));
    assertThat(budget.holdingTheirShare(room)).as("10.0.0.1 is at its bound by the count").containsExactlyInAnyOrder(42, 43);
    assertThat(budget.reserve(7, 44, 100)).isNull(); // charged here since the count: 10.0.0.2 reaches its bound
    assertThat(budget.holdingTheirShare(room)).containsExactlyInAnyOrder(42, 43, 44);
    for (int peer : room) {
      assertThat(budget.holdingTheirShare(room).contains(peer)).as("peer %d, asked with its room or alone", peer)
          .isEqualTo(!budget.holdingTheirShare(List.of(peer)).isEmpty());
    }
    assertThat(budget.holdingTheirShare(List.of(44, 45))).as("only the peers asked about").containsExactly(44);
  }

  @Test
  void chargesWhatCannotBeRefusedAndRefusesTheNextThing() {
    StorageBudget budget = budget(1_000, 1_000, 1);
    budget.chargeAnyway(1_500);
    assertThat(budget.room()).isZero();
    assertThat(budget.reserve(1, 5, 1)).isEqualTo(Limit.STORED_BYTES);
  }
}
