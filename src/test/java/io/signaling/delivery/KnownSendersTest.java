package io.signaling.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import io.signaling.directory.PeerOwner;
import org.junit.jupiter.api.Test;

/** A node vouches for a sender only as the owner the cluster confirmed, and only while that /wait stands. */
class KnownSendersTest {

  private static final PeerOwner OWNER = new PeerOwner("203.0.113.7", null, "");
  private final KnownSenders senders = new KnownSenders();

  @Test
  void onlyTheConfirmedOwnerInTheSameRoomIsVouchedFor() {
    senders.confirmed(7, 1, OWNER);
    assertThat(senders.vouchesFor(7, OWNER)).isTrue();
    assertThat(senders.vouchesFor(7, new PeerOwner("203.0.113.8", null, ""))).as("another address").isFalse();
    assertThat(senders.vouchesFor(7, new PeerOwner("203.0.113.7", "mallory", ""))).as("another subject").isFalse();
    assertThat(senders.vouchesFor(7, new PeerOwner("203.0.113.7", null, "team-7"))).as("another room").isFalse();
    assertThat(senders.vouchesFor(8, OWNER)).as("another peer").isFalse();
    assertThat(senders.vouchesFor(7, null)).isFalse();
  }

  @Test
  void theVouchEndsWithItsWaitButNotWithAnOlderOne() {
    senders.confirmed(7, 1, OWNER);
    senders.confirmed(7, 2, OWNER);
    senders.ended(7, 1);
    assertThat(senders.vouchesFor(7, OWNER)).as("the newer /wait still stands").isTrue();
    senders.ended(7, 2);
    assertThat(senders.vouchesFor(7, OWNER)).isFalse();
  }

  @Test
  void aRemovedPeerAndALostClusterEndEveryVouch() {
    senders.confirmed(7, 1, OWNER);
    senders.confirmed(8, 2, OWNER);
    senders.forget(7);
    assertThat(senders.vouchesFor(7, OWNER)).isFalse();
    senders.clear();
    assertThat(senders.vouchesFor(8, OWNER)).isFalse();
    assertThat(senders.size()).isZero();
  }
}
