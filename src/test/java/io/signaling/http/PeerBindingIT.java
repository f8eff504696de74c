package io.signaling.http;

import static io.signaling.testing.WireAssertions.assertAnswered;
import static io.signaling.testing.WireAssertions.assertClosedSilently;
import static org.assertj.core.api.Assertions.assertThat;

import io.signaling.testing.Conditions;
import io.signaling.testing.WireClient;
import io.signaling.testing.WireClient.PendingRequest;
import io.signaling.testing.WireResponse;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * A peer id is its client's (--peer-binding, by default the client address): another client that learns the id
 * (it is listed to everybody) and uses it, the way a hostile client would, is answered exactly as for an unknown
 * id, and neither the owner's parked /wait, nor its mailbox, nor anybody else's is touched.
 */
class PeerBindingIT {

  @Nested
  class ByAddress extends OneNodeIT {

    @Test
    void aStrangerCanNeitherReadNorSendAsNorSignOutAnotherClientsPeer() {
      WireClient owner = client.from("127.0.9.1");
      WireClient friend = client.from("127.0.9.2");
      WireClient mallory = client.from("127.0.9.3");
      int victim = owner.signInId("victim");
      int other = friend.signInId("other");
      assertThat(assertAnswered(owner.startWait(victim).response(), 200).body()).isEqualTo("other," + other + ",1\n");
      try (PendingRequest parked = owner.startWait(victim)) {
        Conditions.await("the owner's /wait is parked", () -> node.parkedWaits() == 1);
        // Every request the attack needs, from another address, with the listed id.
        ResponseTableIT.assertSorry(mallory.startWait(victim).response());
        WireResponse forged = assertAnswered(mallory.message(victim, other, "{\"type\":\"offer\",\"sdp\":\"evil\"}"), 500);
        assertThat(forged.text()).startsWith("HTTP/1.1 500 Error\r\n");
        assertThat(forged.body()).isEqualTo("Peer most likely gone.");
        ResponseTableIT.assertSorry(mallory.signOut(victim));
        ResponseTableIT.assertSorry(mallory.exchange("GET /sign_out?peer_id=" + victim + " HTTP/1.1\r\n\r\n"));
        assertThat(node.parkedWaits()).as("the owner's /wait, still the only one parked").isEqualTo(1);

        // The owner's /wait was parked all along and gets the next message meant for it.
        assertAnswered(friend.message(other, victim, "hello victim"), 200);
        WireResponse delivered = assertAnswered(parked.response(), 200);
        assertThat(delivered.pragma()).isEqualTo(other);
        assertThat(delivered.body()).isEqualTo("hello victim");
      }
      // The victim is still signed in, and what "other" reads first is the victim's real message, not the forgery.
      assertAnswered(owner.message(victim, other, "real"), 200);
      WireResponse real = assertAnswered(friend.startWait(other).response(), 200);
      assertThat(real.pragma()).isEqualTo(victim);
      assertThat(real.body()).isEqualTo("real");
      // And the owner still signs its own peer out.
      assertAnswered(owner.signOut(victim), 200);
      assertAnswered(friend.signOut(other), 200);
    }

    @Test
    void aSignedOutPeerSendsNothingHoweverRecentlyTheNodeServedItsWait() {
      WireClient owner = client.from("127.0.9.7");
      WireClient friend = client.from("127.0.9.8");
      int peer = owner.signInId("leaving");
      int other = friend.signInId("staying");
      // The node answered the owner's /wait (its settle may be held for the next one): it vouches for the sender.
      assertThat(assertAnswered(owner.startWait(peer).response(), 200).body()).isEqualTo("staying," + other + ",1\n");
      assertAnswered(owner.message(peer, other, "before"), 200);
      assertAnswered(owner.signOut(peer), 200);
      WireResponse after = assertAnswered(owner.message(peer, other, "after"), 500);
      assertThat(after.body()).isEqualTo("Peer most likely gone.");
      assertThat(assertAnswered(friend.startWait(other).response(), 200).body()).isEqualTo("before");
      assertThat(assertAnswered(friend.startWait(other).response(), 200).body()).isEqualTo("leaving," + peer + ",0\n");
      assertAnswered(friend.signOut(other), 200);
    }

    @Test
    void theOwnerMayComeBackOnAnotherConnectionFromItsAddress() {
      WireClient owner = client.from("127.0.9.4");
      int peer = owner.signInId("reconnects");
      assertAnswered(owner.message(peer, peer, "echo"), 200);
      assertAnswered(owner.from("127.0.9.4").signOut(peer), 200);
    }
  }

  @Nested
  class Off extends OneNodeIT {

    @Override
    String[] flags() {
      return new String[] {"--peer-binding", "none"};
    }

    @Test
    void anyClientThatKnowsTheIdActsForThePeer() {
      WireClient owner = client.from("127.0.9.5");
      WireClient other = client.from("127.0.9.6");
      int peer = owner.signInId("unbound");
      try (PendingRequest parked = owner.startWait(peer)) {
        Conditions.await("the owner's /wait is parked", () -> node.parkedWaits() == 1);
        // The newest /wait wins, whoever sent it, as on the reference: the owner's is closed without an answer.
        try (PendingRequest taken = other.startWait(peer)) {
          assertClosedSilently(parked.response());
          assertAnswered(other.signOut(peer), 200);
          assertClosedSilently(taken.response());
        }
      }
    }
  }
}
