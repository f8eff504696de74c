package io.signaling.http;

import static io.signaling.testing.WireAssertions.assertAnswered;
import static org.assertj.core.api.Assertions.assertThat;

import io.signaling.testing.Conditions;
import io.signaling.testing.PrometheusText;
import io.signaling.testing.WireClient.PendingRequest;
import io.signaling.testing.WireResponse;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The memory bounds on a real node: what one sender may leave undelivered, what the cluster holds undelivered in
 * all, and the bodies a node reads at once. Each refusal is a 503 in the usual block with a body that says why;
 * room comes back once the items are read (after the next counts, about a second each).
 */
class StorageLimitsIT extends OneNodeIT {

  private static final String KILOBYTES_60 = "k".repeat(60_000);

  @Override
  String[] flags() {
    // Every peer here is of one address (127.0.0.1): its share is the whole budget, as AddressShareIT tests shares.
    return new String[] {"--max-stored-bytes", "1m", "--max-address-stored-bytes", "1m", "--max-sender-bytes", "250k",
        "--max-queued-bytes", "1m",
        "--max-body-bytes", "64k", "--max-reading-bytes", "128k"};
  }

  @Test
  void oneSenderCannotLeaveMoreThanItsBoundWaitingAcrossItsRecipients() {
    int sender = client.signInId("hoarder");
    List<Integer> recipients = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      recipients.add(client.signInId("unread" + i));
    }
    int accepted = 0;
    WireResponse refused = null;
    for (int round = 0; refused == null && round < 10; round++) {
      WireResponse reply = client.message(sender, recipients.get(round % 3), KILOBYTES_60);
      if (reply.status() == 200) {
        accepted++;
      } else {
        refused = reply;
      }
    }
    assertThat(accepted).as("60 kB messages within 250 KiB").isEqualTo(4);
    assertThat(assertAnswered(refused, 503).body()).contains("too many messages waiting to be read");
    int bystander = client.signInId("bystander");
    assertAnswered(client.message(bystander, recipients.get(0), "others still send"), 200);

    recipients.forEach(client::signOut); // their mailboxes go with them
    int fresh = client.signInId("fresh");
    Conditions.await("the sender's discarded messages no longer count",
        () -> client.message(sender, fresh, KILOBYTES_60).status() == 200);
    client.signOut(sender);
    client.signOut(bystander);
    client.signOut(fresh);
  }

  @Test
  void theWholeClusterHoldsNoMoreThanItsBudgetAndRefusesWithAClearBody() {
    Conditions.await("what other tests stored is gone and counted", () -> new PrometheusText(node.scrapeMetrics())
        .value("signaling_stored_room_bytes") == 1 << 20);
    List<Integer> senders = new ArrayList<>();
    List<Integer> receivers = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      senders.add(client.signInId("sender" + i));
      receivers.add(client.signInId("sink" + i));
    }
    WireResponse refused = null;
    long stored = 0;
    for (int round = 0; refused == null && round < 40; round++) {
      WireResponse reply = client.message(senders.get(round % 6), receivers.get(round % 6), KILOBYTES_60);
      if (reply.status() == 200) {
        stored += 60_000;
      } else {
        refused = reply;
      }
    }
    // Each message costs 60,000 bytes, its type and 128 of overhead: the budget refuses the one that would not fit.
    assertThat(stored).as("bytes accepted before the budget refused").isBetween((1L << 20) - 2 * 60_138, 1L << 20);
    assertThat(assertAnswered(refused, 503).body()).contains("holds all the undelivered messages it can");
    assertThat(new PrometheusText(node.scrapeMetrics()).value("signaling_limited_total{limit=\"stored_bytes\"}"))
        .isPositive();
    long accepted = stored;
    Conditions.await("the count sees what was stored", () -> new PrometheusText(node.scrapeMetrics())
        .value("signaling_stored_bytes") >= accepted);

    receivers.forEach(client::signOut); // and mailboxes go with their peers
    Conditions.await("the budget has room again once the messages are gone",
        () -> client.message(senders.get(1), senders.get(2), KILOBYTES_60).status() == 200);
    senders.forEach(client::signOut);
  }

  @Test
  void bodiesAnnouncedAtOnceAreBoundedBeforeTheyArrive() {
    int peer = client.signInId("reader");
    List<PendingRequest> announced = new ArrayList<>();
    try {
      for (int i = 0; i < 2; i++) {
        announced.add(client.start("POST /message?peer_id=" + peer + "&to=" + peer
            + " HTTP/1.0\r\nContent-Type: text/plain\r\nContent-Length: 65536\r\n\r\n"));
      }
      Conditions.await("both bodies are reserved", () -> new PrometheusText(node.scrapeMetrics())
          .value("signaling_reading_bytes") == 2 * 65536);
      WireResponse busy = assertAnswered(client.message(peer, peer, "a small one"), 503);
      assertThat(busy.body()).contains("busy reading other requests");
      announced.remove(0).close();
      Conditions.await("a closed connection gives its room back",
          () -> client.message(peer, peer, "fits again").status() == 200);
    } finally {
      announced.forEach(PendingRequest::close);
    }
    client.signOut(peer);
  }
}
