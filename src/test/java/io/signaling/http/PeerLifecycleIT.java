package io.signaling.http;

import static io.signaling.testing.WireAssertions.assertAnswered;
import static io.signaling.testing.WireAssertions.assertClosedSilently;
import static org.assertj.core.api.Assertions.assertThat;

import io.signaling.testing.Conditions;
import io.signaling.testing.PrometheusText;
import io.signaling.testing.WireClient;
import io.signaling.testing.WireClient.PendingRequest;
import io.signaling.testing.WireResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Joins, leaves, queued delivery in order, and what happens to /wait connections that end early. */
class PeerLifecycleIT extends OneNodeIT {


  /** Takes the next item of a peer's mailbox with a fresh /wait, as the C++ client does after each reply. */
  private WireResponse next(int peer) {
    return assertAnswered(client.startWait(peer).response(), 200);
  }

  private int signInAndDrain(String name, int... othersAlreadyWaitingForIt) {
    int id = client.signInId(name);
    for (int other : othersAlreadyWaitingForIt) {
      assertThat(next(other).body()).isEqualTo(name + "," + id + ",1\n");
    }
    return id;
  }

  @Test
  void joinsAndLeavesReachEveryOtherPeerWhereverTheyWait() {
    int alice = signInAndDrain("alice");
    int bob = signInAndDrain("bob", alice);
    try (PendingRequest aliceWait = client.startWait(alice); PendingRequest bobWait = client.startWait(bob)) {
      int carol = client.signInId("carol");
      for (PendingRequest wait : List.of(aliceWait, bobWait)) {
        assertThat(assertAnswered(wait.response(), 200).body()).isEqualTo("carol," + carol + ",1\n");
      }
      assertAnswered(client.signOut(carol), 200);
      WireResponse aliceLeave = next(alice);
      assertThat(aliceLeave.pragma()).isEqualTo(alice);
      assertThat(aliceLeave.body()).isEqualTo("carol," + carol + ",0\n");
      assertThat(next(bob).body()).isEqualTo("carol," + carol + ",0\n");
    }
    client.signOut(alice);
    client.signOut(bob);
  }

  @Test
  void queuedItemsComeOnePerWaitInTheOrderTheyArrived() {
    int receiver = signInAndDrain("fifo-receiver");
    int sender = client.signInId("fifo-sender");
    for (String body : List.of("m1", "m2", "m3")) {
      assertAnswered(client.message(sender, receiver, body), 200);
    }
    int late = client.signInId("fifo-late");
    assertAnswered(client.message(sender, receiver, "m4"), 200);
    assertAnswered(client.message(late, receiver, "from-late"), 200);

    List<String> seen = new ArrayList<>();
    for (int i = 0; i < 7; i++) {
      WireResponse item = next(receiver);
      seen.add(item.pragma() + ":" + item.body());
    }
    assertThat(seen).containsExactly(
        receiver + ":fifo-sender," + sender + ",1\n",
        sender + ":m1", sender + ":m2", sender + ":m3",
        receiver + ":fifo-late," + late + ",1\n",
        sender + ":m4",
        late + ":from-late");
  }

  @Test
  void theNewestWaitWinsAndTheOlderIsClosedWithoutAnAnswer() {
    int peer = signInAndDrain("twice");
    int sender = client.signInId("twice-sender");
    next(peer); // the sender's join
    PendingRequest older = client.startWait(peer);
    Conditions.await("the first /wait is parked", () -> node.parkedWaits() >= 1);
    try (PendingRequest newer = client.startWait(peer)) {
      assertClosedSilently(older.response());
      assertAnswered(client.message(sender, peer, "to-the-newest"), 200);
      assertThat(assertAnswered(newer.response(), 200).body()).isEqualTo("to-the-newest");
    }
  }

  @Test
  void aClosedParkedWaitIsNoticedAndLaterItemsQueueForTheNextWait() {
    int peer = signInAndDrain("leaves-early");
    int sender = client.signInId("sender-to-early");
    next(peer);
    int before = node.parkedWaits();
    PendingRequest wait = client.startWait(peer);
    Conditions.await("the /wait is parked", () -> node.parkedWaits() == before + 1);
    wait.reset();
    Conditions.await("the close is noticed", () -> node.parkedWaits() == before);
    assertAnswered(client.message(sender, peer, "kept-for-later"), 200);
    WireResponse item = next(peer);
    assertThat(item.pragma()).isEqualTo(sender);
    assertThat(item.body()).isEqualTo("kept-for-later");
  }

  @Test
  void aWaitClosedJustAsAMessageArrivesLosesNothing() throws Exception {
    int peer = signInAndDrain("racer");
    int sender = client.signInId("racer-sender");
    next(peer);
    int writtenToResetWaits = 0;
    for (int round = 0; round < 20; round++) {
      double delivered = deliveredMessages();
      PendingRequest wait = client.startWait(peer);
      String body = "round-" + round;
      // The message and the reset race. Either the item is kept for the next /wait, or the server wrote it to
      // the reset one before it saw the reset (the kernel took it for a client that vanished at that instant,
      // which no server can tell from a delivery, as with the reference): never neither.
      PendingRequest post = client.start(WireClient.messageRequest(sender, peer, body));
      wait.reset();
      assertAnswered(post.response(), 200);
      try (PendingRequest next = client.startWait(peer)) {
        Conditions.await("the item is written to one of the two /waits", () -> deliveredMessages() > delivered);
        Conditions.await("the next /wait is answered or parked",
            () -> hasAnswer(next) || node.parkedWaits() == 1);
        if (hasAnswer(next)) {
          assertThat(assertAnswered(next.response(), 200).body()).isEqualTo(body);
        } else {
          writtenToResetWaits++;
        }
      }
    }
    assertThat(writtenToResetWaits).as("rounds where the write won the race").isLessThan(20);
  }

  private double deliveredMessages() {
    return new PrometheusText(node.scrapeMetrics()).value("signaling_message_delivery_seconds_count");
  }

  private static boolean hasAnswer(PendingRequest request) {
    try {
      return request.socket().getInputStream().available() > 0;
    } catch (java.io.IOException e) {
      return true; // closed: response() reports what there is
    }
  }

  @Test
  void signingOutDropsTheParkedWaitAndAnnouncesTheLeave() {
    int watcher = signInAndDrain("watcher");
    int leaver = signInAndDrain("leaver", watcher);
    PendingRequest leaverWait = client.startWait(leaver);
    Conditions.await("the leaver waits", () -> node.parkedWaits() >= 1);
    assertAnswered(client.signOut(leaver), 200);
    assertClosedSilently(leaverWait.response());
    assertThat(next(watcher).body()).isEqualTo("leaver," + leaver + ",0\n");
    assertThat(client.startWait(leaver).response().status()).isEqualTo(500);
    assertThat(client.message(leaver, watcher, "ghost").status()).isEqualTo(500);
    assertThat(client.message(watcher, leaver, "to a ghost").status()).isEqualTo(500);
  }

  @Test
  void aGetMessageRelaysAnEmptyBodyWithoutContentType() {
    int receiver = signInAndDrain("get-receiver");
    int sender = client.signInId("get-sender");
    next(receiver);
    assertAnswered(client.exchange("GET /message?peer_id=" + sender + "&to=" + receiver + " HTTP/1.0\r\n\r\n"), 200);
    WireResponse item = next(receiver);
    assertThat(item.pragma()).isEqualTo(sender);
    assertThat(item.head()).doesNotContain("\r\nContent-Type: ");
    assertThat(item.bodyBytes()).isEmpty();
  }

  @Test
  void aPostWithoutContentTypeIsRelayedWithoutOne() {
    int receiver = signInAndDrain("untyped-receiver");
    int sender = client.signInId("untyped-sender");
    next(receiver);
    assertAnswered(client.exchange("POST /message?peer_id=" + sender + "&to=" + receiver
        + " HTTP/1.0\r\nContent-Length: 5\r\n\r\nplain"), 200);
    WireResponse item = next(receiver);
    assertThat(item.head()).doesNotContain("\r\nContent-Type: ");
    assertThat(item.body()).isEqualTo("plain");
  }

  @Test
  void namesFollowTheReferenceRulesOnTheWire() {
    WireResponse commas = assertAnswered(client.signIn("a,b,c"), 200);
    assertThat(commas.body()).startsWith("a_b_c," + commas.pragma() + ",1\n");

    WireResponse empty = assertAnswered(client.signIn(""), 200);
    assertThat(empty.body()).startsWith("peer_" + empty.pragma() + "," + empty.pragma() + ",1\n");

    WireResponse noQuery = assertAnswered(client.exchange("GET /sign_in HTTP/1.0\r\n\r\n"), 200);
    assertThat(noQuery.body()).startsWith("peer_" + noQuery.pragma() + ",");

    WireResponse longName = assertAnswered(client.signIn("n".repeat(700)), 200);
    assertThat(longName.body()).startsWith("n".repeat(512) + "," + longName.pragma() + ",1\n");

    byte[] utf8 = "GET /sign_in?j\u00f6rg@host HTTP/1.0\r\n\r\n".getBytes(StandardCharsets.UTF_8);
    WireResponse raw = assertAnswered(client.exchange(utf8), 200);
    assertThat(new String(raw.bodyBytes(), StandardCharsets.UTF_8)).startsWith("j\u00f6rg@host," + raw.pragma());

    WireResponse encoded = assertAnswered(client.signIn("peer_name=render%20node%2C1"), 200);
    assertThat(encoded.body()).startsWith("render node_1," + encoded.pragma() + ",1\n");

    WireResponse verbatim = assertAnswered(client.signIn("user%40host"), 200);
    assertThat(verbatim.body()).startsWith("user%40host," + verbatim.pragma() + ",1\n");
  }

  @Test
  void idsAreNeverReused() {
    int first = client.signInId("once");
    assertAnswered(client.signOut(first), 200);
    int second = client.signInId("once");
    assertThat(second).isNotEqualTo(first).isPositive();
  }
}
