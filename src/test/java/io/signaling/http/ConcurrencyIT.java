package io.signaling.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.signaling.main.SignalingNode;
import io.signaling.testing.TestNodes;
import io.signaling.testing.WireClient;
import io.signaling.testing.WireResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * 50 pairs of C++-style clients exchange messages at once, each sender one message at a time, each receiver
 * re-issuing /wait after every reply: nothing may be lost, duplicated or reordered per sender.
 */
class ConcurrencyIT {

  private static final int PAIRS = 50;
  private static final int MESSAGES = 20;

  @Test
  void fiftyPairsExchangeMessagesWithNothingLostDuplicatedOrReordered() throws Exception {
    SignalingNode node = TestNodes.start();
    ExecutorService threads = Executors.newFixedThreadPool(4 * PAIRS);
    try {
      WireClient client = new WireClient(node.port());
      int[] ids = new int[2 * PAIRS];
      for (int i = 0; i < ids.length; i++) {
        ids[i] = client.signInId("peer" + i);
      }
      List<Future<List<String>>> received = new ArrayList<>();
      List<Future<?>> sent = new ArrayList<>();
      for (int i = 0; i < ids.length; i++) {
        int self = ids[i];
        int partner = ids[i ^ 1];
        received.add(threads.submit(() -> receive(client, self, partner)));
        sent.add(threads.submit(() -> send(client, self, partner)));
      }
      for (Future<?> sender : sent) {
        sender.get(2, TimeUnit.MINUTES);
      }
      List<String> expected = new ArrayList<>();
      for (int n = 0; n < MESSAGES; n++) {
        expected.add("message " + n);
      }
      for (int i = 0; i < ids.length; i++) {
        assertThat(received.get(i).get(2, TimeUnit.MINUTES)).as("what peer %d got", ids[i]).isEqualTo(expected);
      }
    } finally {
      threads.shutdownNow();
      TestNodes.stop(node);
    }
  }

  private static Void send(WireClient client, int self, int partner) {
    for (int n = 0; n < MESSAGES; n++) {
      WireResponse reply = client.message(self, partner, "message " + n);
      assertThat(reply.status()).as("sending message %d", n).isEqualTo(200);
    }
    return null;
  }

  /** Collects the partner's messages in arrival order; fails on a message from anyone else. */
  private static List<String> receive(WireClient client, int self, int partner) {
    List<String> messages = new ArrayList<>();
    while (messages.size() < MESSAGES) {
      WireResponse reply = client.startWait(self).response();
      assertThat(reply.status()).isEqualTo(200);
      assertThat(reply.isComplete()).isTrue();
      if (reply.pragma() == self) {
        continue; // a join notification of another peer
      }
      assertThat(reply.pragma()).as("sender of a message to %d", self).isEqualTo(partner);
      messages.add(reply.body());
    }
    return messages;
  }
}
