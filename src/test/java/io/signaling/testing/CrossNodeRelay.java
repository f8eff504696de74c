package io.signaling.testing;

import static io.signaling.testing.WireAssertions.assertAnswered;
import static org.assertj.core.api.Assertions.assertThat;

import io.signaling.testing.WireClient.PendingRequest;

/**
 * The cluster's core promise in one check: a receiver signed in on one node, waiting on a second, gets a
 * message posted by a sender on a third, with the sender's id in Pragma and the body intact; both sign out.
 */
public final class CrossNodeRelay {

  private CrossNodeRelay() {
  }

  /**
   * @param whenParked runs once the receiver's /wait is sent, before the message is posted (to await that it
   *                   is parked, where the test can see that)
   */
  public static void check(WireClient receiverSignsIn, WireClient receiverWaits, WireClient senderPosts, String body,
                           Runnable whenParked) {
    int receiver = receiverSignsIn.signInId("receiver");
    int sender = senderPosts.signInId("sender");
    deliver(receiverWaits, receiver, senderPosts, sender, body, whenParked);
    receiverSignsIn.signOut(receiver);
    senderPosts.signOut(sender);
  }

  /** The same for a receiver and a sender already signed in (the sender last): its join, then the message. */
  public static void deliver(WireClient receiverWaits, int receiver, WireClient senderPosts, int sender, String body,
                             Runnable whenParked) {
    assertThat(receiverWaits.startWait(receiver).response().body()).isEqualTo("sender," + sender + ",1\n");
    try (PendingRequest wait = receiverWaits.startWait(receiver)) {
      whenParked.run();
      assertAnswered(senderPosts.message(sender, receiver, body), 200);
      WireResponse item = assertAnswered(wait.response(), 200);
      assertThat(item.pragma()).isEqualTo(sender);
      assertThat(item.body()).isEqualTo(body);
    }
  }
}
