package io.signaling.http;

import static io.signaling.testing.WireAssertions.assertAnswered;
import static org.assertj.core.api.Assertions.assertThat;

import io.signaling.testing.Conditions;
import io.signaling.testing.PrometheusText;
import io.signaling.testing.WireClient;
import io.signaling.testing.WireResponse;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A client that signs in peers and never reads their mailboxes owns what piles up there: past its address's share
 * nothing more is stored for those peers, while the peers of another address go on receiving.
 */
class AddressShareIT extends OneNodeIT {

  private static final String KILOBYTES_30 = "m".repeat(30_000);

  @Override
  String[] flags() {
    return new String[] {"--max-address-stored-bytes", "200k", "--max-sender-bytes", "1m",
        "--max-stored-bytes", "4m"};
  }

  @Test
  void peersWhoseAddressHoldsItsShareGetNothingMoreWhileOthersStillDo() {
    WireClient hoarder = client.from("127.0.8.1");
    WireClient honest = client.from("127.0.8.2");
    List<Integer> unread = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      unread.add(hoarder.signInId("never-reads" + i));
    }
    int reader = honest.signInId("reads");
    int sender = honest.signInId("sender");
    int round = 0;
    // 4 peers x 60 kB = 240 kB passes the 200 KiB share; the count then names those peers.
    for (; round < 8; round++) {
      assertAnswered(honest.message(sender, unread.get(round % 4), KILOBYTES_30), 200);
    }
    Conditions.await("the count finds the address over its share",
        () -> honest.message(sender, unread.get(0), "?").status() == 503);
    WireResponse refused = assertAnswered(honest.message(sender, unread.get(1), KILOBYTES_30), 503);
    assertThat(refused.body()).contains("leaves too many messages unread");
    assertThat(new PrometheusText(node.scrapeMetrics()).value("signaling_limited_total{limit=\"address_bytes\"}"))
        .isPositive();

    assertAnswered(honest.message(sender, reader, KILOBYTES_30), 200);
    WireResponse delivered;
    do {
      delivered = assertAnswered(honest.startWait(reader).response(), 200);
    } while (delivered.pragma() == reader); // the join of its sender first
    assertThat(delivered.bodyBytes()).hasSize(30_000);

    unread.forEach(hoarder::signOut);
    honest.signOut(reader);
    honest.signOut(sender);
  }
}
