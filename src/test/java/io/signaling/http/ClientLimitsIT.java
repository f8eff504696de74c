package io.signaling.http;

import static io.signaling.testing.WireAssertions.assertAnswered;
import static org.assertj.core.api.Assertions.assertThat;

import io.signaling.main.SignalingNode;
import io.signaling.testing.Conditions;
import io.signaling.testing.PrometheusText;
import io.signaling.testing.TestNodes;
import io.signaling.testing.WireClient;
import io.signaling.testing.WireClient.PendingRequest;
import io.signaling.testing.WireResponse;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The per-address limits on a real node, each attack from its own loopback addresses so that one test's spending
 * does not limit another's (they are per address). Limits are small here so that the attacks are short.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ClientLimitsIT {

  private SignalingNode node;
  private WireClient node0;

  @BeforeAll
  void start() {
    node = TestNodes.start("--max-connections", "400", "--max-connections-per-address", "40",
        "--sign-ins-per-address", "5/1m", "--unknown-peers-per-address", "5/1m", "--messages-per-peer", "5/1m");
    node0 = new WireClient(node.port());
  }

  @AfterAll
  void stop() {
    TestNodes.stop(node);
  }

  /**
   * The slot attack: eight addresses each hold more idle sockets than their share, re-opened as they close. A
   * client from a ninth address still signs in; the attackers' sockets past their share are answered 429.
   */
  @Test
  void idleSocketsFromEightAddressesLeaveRoomForANinth() {
    List<PendingRequest> idle = new ArrayList<>();
    try {
      for (int address = 2; address <= 9; address++) {
        WireClient attacker = node0.from("127.0.1." + address);
        for (int i = 0; i < 60; i++) {
          idle.add(attacker.open());
        }
      }
      Conditions.await("the node holds the attack's sockets", () -> node.openConnections() >= 8 * 40,
          () -> "(open: " + node.openConnections() + ")");
      WireResponse refused = assertAnswered(node0.from("127.0.1.2").signIn("one-more"), 429);
      assertThat(refused.header("Retry-After")).matches("[1-9][0-9]*");
      assertThat(refused.body()).contains("Too many connections from your address");

      WireResponse legit = assertAnswered(node0.from("127.0.1.10").signIn("legit"), 200);
      node0.from("127.0.1.10").signOut(legit.pragma());
    } finally {
      idle.forEach(PendingRequest::close);
    }
    assertThat(limited("connections_per_address")).isPositive();
  }

  @Test
  void signInsPastTheRateGet429WithRetryAfterAndOthersStillSignIn() {
    WireClient flooder = node0.from("127.0.2.1");
    List<Integer> ids = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      ids.add(flooder.signInId("flood" + i));
    }
    WireResponse refused = assertAnswered(flooder.signIn("flood5"), 429);
    assertThat(Long.parseLong(refused.header("Retry-After"))).isBetween(1L, 60L);
    assertThat(refused.body()).contains("Too many sign-ins");
    int other = node0.from("127.0.2.2").signInId("someone-else");
    ids.forEach(id -> assertAnswered(flooder.signOut(id), 200));
    assertAnswered(node0.from("127.0.2.2").signOut(other), 200);
    assertThat(limited("sign_ins_per_address")).isPositive();
  }

  /**
   * One client signing in and out as fast as it is answered: past its few sign-ins it gets 429, so another peer
   * hears of a handful of joins and leaves, not thousands, and every message to it is still taken and arrives.
   */
  @Test
  void aSignInFloodReachesOthersOnlyAsFarAsItsRate() {
    WireClient member = node0.from("127.0.5.1");
    int listener = member.signInId("listener");
    int friend = member.signInId("friend");
    assertThat(assertAnswered(member.startWait(listener).response(), 200).body()).startsWith("friend,");
    WireClient flooder = node0.from("127.0.5.2");
    int admitted = 0;
    for (int i = 0; i < 300; i++) {
      WireResponse reply = flooder.signIn("flood" + i);
      if (reply.status() == 200) {
        admitted++;
        flooder.signOut(reply.pragma());
      } else {
        assertThat(reply.status()).isEqualTo(429);
      }
    }
    assertThat(admitted).as("sign-ins let through").isBetween(5, 6);
    for (int i = 0; i < 5; i++) { // this node lets a peer send five a minute
      assertAnswered(member.message(friend, listener, "still here " + i), 200);
    }
    int notifications = 0;
    for (int i = 0; i < 5; i++) {
      WireResponse item;
      while ((item = assertAnswered(member.startWait(listener).response(), 200)).pragma() == listener) {
        notifications++; // a join or leave of the flood that was not cancelled out
      }
      assertThat(item.body()).isEqualTo("still here " + i);
    }
    assertThat(notifications).isLessThanOrEqualTo(2 * admitted);
    member.signOut(listener);
    member.signOut(friend);
  }

  /** Probing ids: after five unknown-peer answers the prober is refused even for ids that exist. */
  @Test
  void probingForIdsIsCutOffAfterAFewUnknownPeerAnswers() {
    WireClient owner = node0.from("127.0.3.1");
    int target = owner.signInId("probed");
    WireClient prober = node0.from("127.0.3.2");
    int answeredUnknown = 0;
    for (int id = 2_000_000_000; answeredUnknown < 5; id++) {
      WireResponse reply = prober.exchange("GET /message?peer_id=" + id + "&to=" + id + " HTTP/1.0\r\n\r\n");
      assertThat(reply.status()).isEqualTo(500);
      answeredUnknown++;
    }
    assertAnswered(prober.exchange("GET /message?peer_id=" + target + "&to=" + target + " HTTP/1.0\r\n\r\n"), 429);
    assertAnswered(prober.exchange("GET /wait?peer_id=1999999999 HTTP/1.0\r\n\r\n"), 429);
    assertAnswered(prober.exchange("GET /sign_out?peer_id=" + target + " HTTP/1.0\r\n\r\n"), 429);
    // The owner, from its own address, is not affected.
    assertAnswered(owner.exchange("GET /message?peer_id=" + target + "&to=" + target + " HTTP/1.0\r\n\r\n"), 200);
    assertAnswered(owner.signOut(target), 200);
    assertThat(limited("unknown_peers_per_address")).isPositive();
  }

  /** A peer over its message rate gets 429; naming that peer from elsewhere does not spend its messages. */
  @Test
  void messagesPastThePeersRateGet429() {
    WireClient alice = node0.from("127.0.4.1");
    int sender = alice.signInId("chatty");
    int receiver = alice.signInId("listener");
    WireClient impostor = node0.from("127.0.4.2");
    for (int i = 0; i < 5; i++) {
      impostor.message(sender, receiver, "forged" + i); // spends the impostor's own budget for that id
    }
    for (int i = 0; i < 5; i++) {
      assertAnswered(alice.message(sender, receiver, "m" + i), 200);
    }
    WireResponse refused = assertAnswered(alice.message(sender, receiver, "m5"), 429);
    assertThat(refused.body()).contains("Too many messages");
    assertAnswered(alice.message(receiver, sender, "the other peer may still talk"), 200);
    alice.signOut(sender);
    alice.signOut(receiver);
    assertThat(limited("messages_per_peer")).isPositive();
  }

  private double limited(String limit) {
    return new PrometheusText(node.scrapeMetrics()).value("signaling_limited_total{limit=\"" + limit + "\"}");
  }
}
