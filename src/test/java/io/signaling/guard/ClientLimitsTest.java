package io.signaling.guard;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ClientLimitsTest {

  private static final long SECOND = 1_000_000_000L;

  private final AtomicLong now = new AtomicLong(42 * SECOND);
  private final List<Limit> refusals = new ArrayList<>();

  private ClientLimits limits(int connections, Rate signIns, Rate unknown, Rate messages, int maxTracked) {
    return new ClientLimits(new ClientLimits.Settings(connections, signIns, unknown, messages, maxTracked),
        now::get, refusals::add);
  }

  @Test
  void connectionsAreCountedPerAddressAndFreedOnClose() {
    ClientLimits limits = limits(2, Rate.OFF, Rate.OFF, Rate.OFF, 100);
    assertThat(limits.connectionOpened("10.0.0.1").admitted()).isTrue();
    assertThat(limits.connectionOpened("10.0.0.1").admitted()).isTrue();
    ClientLimits.Admission third = limits.connectionOpened("10.0.0.1");
    assertThat(third.admitted()).isFalse();
    assertThat(third.refusedBy()).isEqualTo(Limit.CONNECTIONS_PER_ADDRESS);
    assertThat(limits.connectionOpened("10.0.0.2").admitted()).isTrue();
    limits.connectionClosed("10.0.0.1"); // the refused one
    limits.connectionClosed("10.0.0.1");
    assertThat(limits.connectionOpened("10.0.0.1").admitted()).isTrue();
    assertThat(refusals).containsExactly(Limit.CONNECTIONS_PER_ADDRESS);
  }

  @Test
  void aRateAllowsItsBurstThenRefillsEvenly() {
    ClientLimits limits = limits(0, new Rate(3, Duration.ofSeconds(30)), Rate.OFF, Rate.OFF, 100);
    for (int i = 0; i < 3; i++) {
      assertThat(limits.signIn("a").admitted()).isTrue();
    }
    ClientLimits.Admission refused = limits.signIn("a");
    assertThat(refused.refusedBy()).isEqualTo(Limit.SIGN_INS_PER_ADDRESS);
    assertThat(refused.retryAfterSeconds()).isEqualTo(10); // one of three per 30 s
    now.addAndGet(9 * SECOND);
    assertThat(limits.signIn("a").admitted()).isFalse();
    assertThat(limits.signIn("a").retryAfterSeconds()).isEqualTo(1);
    now.addAndGet(SECOND);
    assertThat(limits.signIn("a").admitted()).isTrue();
    assertThat(limits.signIn("b").admitted()).as("another address has its own bucket").isTrue();
  }

  @Test
  void unknownPeerAnswersAreSpentAfterwardsAndThenRefuseLookups() {
    ClientLimits limits = limits(0, Rate.OFF, new Rate(2, Duration.ofMinutes(1)), Rate.OFF, 100);
    limits.connectionOpened("p");
    assertThat(limits.peerLookup("p").admitted()).isTrue();
    limits.unknownPeerAnswered("p");
    limits.unknownPeerAnswered("p");
    assertThat(limits.peerLookup("p").refusedBy()).isEqualTo(Limit.UNKNOWN_PEERS_PER_ADDRESS);
    assertThat(limits.peerLookup("q").admitted()).isTrue();
    now.addAndGet(30 * SECOND);
    assertThat(limits.peerLookup("p").admitted()).isTrue();
  }

  @Test
  void messagesAreCountedPerPeerAndAddress() {
    ClientLimits limits = limits(0, Rate.OFF, Rate.OFF, new Rate(1, Duration.ofSeconds(10)), 100);
    assertThat(limits.message("a", 7).admitted()).isTrue();
    assertThat(limits.message("a", 7).refusedBy()).isEqualTo(Limit.MESSAGES_PER_PEER);
    assertThat(limits.message("a", 8).admitted()).isTrue();
    assertThat(limits.message("b", 7).admitted()).as("naming peer 7 from elsewhere spends nothing of a's").isTrue();
  }

  @Test
  void forgetsIdleAddressesAndCapsHowManyItTracks() {
    ClientLimits limits = limits(0, new Rate(1, Duration.ofSeconds(10)), Rate.OFF, new Rate(1, Duration.ofSeconds(1)), 2);
    limits.connectionOpened("a");
    limits.signIn("b");
    assertThat(limits.connectionOpened("c").refusedBy()).isEqualTo(Limit.ADDRESSES_TRACKED);
    limits.forgetIdle();
    assertThat(limits.trackedAddresses()).as("a holds a connection, b's bucket is not full yet").isEqualTo(2);
    now.addAndGet(10 * SECOND);
    limits.forgetIdle();
    assertThat(limits.trackedAddresses()).isEqualTo(1);
    limits.connectionClosed("a");
    limits.forgetIdle();
    assertThat(limits.trackedAddresses()).isZero();
    assertThat(limits.connectionOpened("c").admitted()).isTrue();
  }

  @Test
  void groupsIpv6ByItsSlash64() {
    assertThat(ClientAddress.key("2001:db8:1:2:aaaa::1")).isEqualTo(ClientAddress.key("2001:db8:1:2:bbbb::9"))
        .isEqualTo("2001:db8:1:2::/64");
    assertThat(ClientAddress.key("2001:db8:1:3::1")).isNotEqualTo(ClientAddress.key("2001:db8:1:2::1"));
    assertThat(ClientAddress.key("::ffff:10.1.2.3")).isEqualTo("10.1.2.3");
    assertThat(ClientAddress.key("10.1.2.3")).isEqualTo("10.1.2.3");
  }
}
