package io.signaling.http;

import static io.signaling.testing.WireAssertions.assertAnswered;
import static org.assertj.core.api.Assertions.assertThat;

import io.signaling.main.SignalingNode;
import io.signaling.testing.Commands;
import io.signaling.testing.Conditions;
import io.signaling.testing.ManualClock;
import io.signaling.testing.PrometheusText;
import io.signaling.testing.TestNodes;
import io.signaling.testing.WireClient;
import io.signaling.testing.WireClient.PendingRequest;
import io.signaling.testing.WireResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * A parked /wait on its way through load balancers that cut silent connections: TCP keepalive on the parked
 * connection (seen in the kernel's own socket table, `ss`), and --wait-timeout's empty answer, read the way the
 * native client and server_test.html read it.
 */
class LongPollIT {

  @Test
  void aParkedWaitsConnectionHasKeepaliveProbesAndAnOrdinaryRequestsHasNone() {
    SignalingNode node = TestNodes.start("--tcp-keepalive", "40s");
    try {
      WireClient client = new WireClient(node.port());
      int peer = client.signInId("behind-an-nlb");
      try (PendingRequest wait = client.startWait(peer); PendingRequest slow = client.open()) {
        slow.send("GET /sign_in?half-sent HTTP/1.0\r\n"); // still being read: no keepalive for it
        Conditions.await("the /wait is parked", () -> node.parkedWaits() == 1);
        String parked = serverSideOf(node, wait);
        assertThat(parked).as("the parked /wait's socket").containsPattern("timer:\\(keepalive,([0-9.]+)(ms|sec)");
        assertThat(secondsLeft(parked)).isLessThanOrEqualTo(40.0);
        assertThat(serverSideOf(node, slow)).as("a request still being read").doesNotContain("keepalive");
      }
    } finally {
      TestNodes.stop(node);
    }
  }

  @Test
  void keepaliveOffLeavesTheParkedWaitAsTheKernelHasIt() {
    SignalingNode node = TestNodes.start("--tcp-keepalive", "0");
    try {
      WireClient client = new WireClient(node.port());
      int peer = client.signInId("no-keepalive");
      try (PendingRequest wait = client.startWait(peer)) {
        Conditions.await("the /wait is parked", () -> node.parkedWaits() == 1);
        assertThat(serverSideOf(node, wait)).doesNotContain("keepalive");
      }
    } finally {
      TestNodes.stop(node);
    }
  }

  @Test
  void aWaitParkedPastTheTimeoutGetsAnEmptyNotificationThatClientsIgnoreAndNothingIsLost() {
    ManualClock clock = new ManualClock();
    SignalingNode node = nodeWithWaitTimeout(clock);
    try {
      WireClient client = new WireClient(node.port());
      int waiter = client.signInId("waiter");
      int sender = signInSender(client, waiter);

      PendingRequest parked = client.startWait(waiter);
      Conditions.await("the /wait is parked", () -> node.parkedWaits() == 1);
      clock.advance(Duration.ofSeconds(49));
      assertThat(client.message(sender, sender, "an echo of one's own").status()).as("the node is awake").isEqualTo(200);
      assertThat(node.parkedWaits()).as("not yet: 49 s of 50").isEqualTo(1);
      clock.advance(Duration.ofSeconds(2));
      WireResponse empty = assertAnswered(parked.response(), 200);
      // As peer_connection_client.cc reads it: Pragma is its own id, so a notification; the name (up to the first
      // comma) is empty, so ParseEntry fails and nothing changes. As server_test.html reads it: the third field
      // is 0, so no peer is added. Both then send the next /wait.
      assertThat(empty.pragma()).isEqualTo(waiter);
      assertThat(empty.contentLength()).isEqualTo(5);
      String[] fields = empty.body().split(",", -1);
      assertThat(fields[0]).as("the name").isEmpty();
      assertThat(Integer.parseInt(fields[1])).as("the peer id, never a real one").isZero();
      assertThat(Integer.parseInt(fields[2].strip())).as("connected").isZero();

      // The next /wait parks again and gets what comes next; the peer stayed signed in throughout.
      PendingRequest next = client.startWait(waiter);
      Conditions.await("the next /wait is parked", () -> node.parkedWaits() == 1);
      assertThat(client.message(sender, waiter, "after the timeout").status()).isEqualTo(200);
      WireResponse message = assertAnswered(next.response(), 200);
      assertThat(message.pragma()).isEqualTo(sender);
      assertThat(message.body()).isEqualTo("after the timeout");
      assertThat(new PrometheusText(node.scrapeMetrics()).value("signaling_waits_timed_out_total")).isEqualTo(1.0);
    } finally {
      TestNodes.stop(node);
    }
  }

  @Test
  void aMessageStoredWhileTheWaitTimesOutIsDeliveredOnceToTheNextWait() {
    ManualClock clock = new ManualClock();
    SignalingNode node = nodeWithWaitTimeout(clock);
    try {
      WireClient client = new WireClient(node.port());
      int waiter = client.signInId("waiter");
      int sender = signInSender(client, waiter);
      for (int round = 0; round < 20; round++) {
        PendingRequest parked = client.startWait(waiter);
        Conditions.await("the /wait is parked", () -> node.parkedWaits() == 1);
        clock.advance(Duration.ofSeconds(51)); // the timeout and the message race
        assertThat(client.message(sender, waiter, "message " + round).status()).isEqualTo(200);
        WireResponse first = assertAnswered(parked.response(), 200);
        if (first.pragma() == waiter) { // the timeout came first: the message waits for the next /wait
          assertThat(first.body()).isEqualTo(",0,0\n");
          first = assertAnswered(client.startWait(waiter).response(), 200);
        }
        assertThat(first.pragma()).isEqualTo(sender);
        assertThat(first.body()).isEqualTo("message " + round);
      }
    } finally {
      TestNodes.stop(node);
    }
  }

  /** A node whose /waits time out after 50 s on this clock; its peers never time out (only the /wait does). */
  private static SignalingNode nodeWithWaitTimeout(ManualClock clock) {
    return TestNodes.start(clock, "--wait-timeout", "50s", "--peer-timeout", "60m");
  }

  /** The sender signs in; the waiter's first /wait takes its join, so that the next one parks. */
  private static int signInSender(WireClient client, int waiter) {
    int sender = client.signInId("sender");
    assertThat(client.startWait(waiter).response().body()).isEqualTo("sender," + sender + ",1\n");
    return sender;
  }

  /** The kernel's line for the node's end of this connection: `ss` with timers, matched by the client's port. */
  private static String serverSideOf(SignalingNode node, PendingRequest connection) {
    int clientPort = connection.socket().getLocalPort();
    String table = Commands.run("ss", "-tnoH", "state", "established", "(", "sport", "=", ":" + node.port(), ")");
    // Columns: Recv-Q, Send-Q, the node's address:port, the client's address:port, then timers if any.
    return table.lines().filter(line -> line.strip().split("\\s+")[3].endsWith(":" + clientPort)).findFirst()
        .orElseThrow(() -> new AssertionError("no socket of port " + node.port() + " to client port " + clientPort
            + " in:\n" + table));
  }

  private static double secondsLeft(String ssLine) {
    var matcher = java.util.regex.Pattern.compile("timer:\\(keepalive,([0-9.]+)(ms|sec|min)").matcher(ssLine);
    assertThat(matcher.find()).isTrue();
    double value = Double.parseDouble(matcher.group(1));
    return switch (matcher.group(2)) {
      case "ms" -> value / 1000;
      case "min" -> value * 60;
      default -> value;
    };
  }
}
