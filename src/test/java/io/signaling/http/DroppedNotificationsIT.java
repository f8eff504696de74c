package io.signaling.http;

import static io.signaling.testing.WireAssertions.assertAnswered;
import static org.assertj.core.api.Assertions.assertThat;

import io.signaling.testing.PrometheusText;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A sign-in reserves room in the storage budget for its join to every peer of the room before it goes out. A join
 * that a full mailbox drops stores nothing, so it must give its share back: otherwise a crowd of peers that do not
 * read (the first seconds of a sign-in storm, before they /wait) would make the node refuse sign-ins for storage
 * it does not hold.
 */
class DroppedNotificationsIT extends OneNodeIT {

  private static final int PEERS = 300;

  @Override
  String[] flags() {
    // One item per mailbox: every join after a peer's first is dropped. The whole budget (1 MiB) is less than the
    // joins of 300 sign-ins reserve in all (about 150 bytes each, 300 x 299 / 2 of them: over 6 MB), and more than
    // 300 mailboxes of one join each hold. Every peer here is of one address: its share is the whole budget too.
    return new String[] {"--max-queued-items", "1", "--max-stored-bytes", "1m", "--max-address-stored-bytes", "1m"};
  }

  @Test
  void joinsDroppedByFullMailboxesTakeNoRoomFromTheBudget() {
    List<Integer> peers = new ArrayList<>();
    for (int i = 0; i < PEERS; i++) {
      peers.add(assertAnswered(client.signIn("crowd" + i), 200).pragma());
    }
    PrometheusText metrics = new PrometheusText(node.scrapeMetrics());
    assertThat(metrics.value("signaling_notifications_total{outcome=\"dropped\"}"))
        .as("joins dropped by full mailboxes").isGreaterThan(PEERS * (PEERS - 1) / 2.0 - PEERS);
    assertThat(metrics.value("signaling_limited_total{limit=\"stored_bytes\"}")).as("storage refusals").isZero();
    assertThat(metrics.value("signaling_stored_room_bytes"))
        .as("room left: at most what the stored joins (one per mailbox) took")
        .isGreaterThan((1 << 20) - PEERS * 1_000.0);
    peers.forEach(client::signOut);
  }
}
