package io.signaling.cluster;

import static io.signaling.testing.WireAssertions.assertAnswered;
import static org.assertj.core.api.Assertions.assertThat;

import io.signaling.main.SignalingNode;
import io.signaling.testing.Conditions;
import io.signaling.testing.Haproxy;
import io.signaling.testing.TestCluster;
import io.signaling.testing.WireClient;
import io.signaling.testing.WireClient.PendingRequest;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * A client that closes its parked /wait behind HAProxy must be noticed by the node (the template's
 * abortonclose), or the next item is written to a connection nobody reads and lost.
 */
class BalancerAbortIT {

  @Test
  void aClosedWaitBehindTheBalancerIsNoticedAndTheNextItemWaitsForTheNextWait() {
    try (TestCluster cluster = TestCluster.start(2, "--proxy-protocol", "true");
         Haproxy haproxy = Haproxy.start(Path.of("target", "it-logs", "balancer-abort"), java.util.List.of(
             new Haproxy.Backend("127.0.0.1", cluster.node(0).port(), cluster.node(0).managementPort()),
             new Haproxy.Backend("127.0.0.1", cluster.node(1).port(), cluster.node(1).managementPort())))) {
      WireClient client = haproxy.client();
      int receiver = client.signInId("closer");
      int sender = client.signInId("sender");
      client.startWait(receiver).response(); // the sender's join
      for (int round = 0; round < 5; round++) {
        PendingRequest wait = client.startWait(receiver);
        Conditions.await("the /wait is parked", () -> parked(cluster) == 1);
        wait.close();
        Conditions.await("the node noticed the client left", () -> parked(cluster) == 0);
        assertAnswered(client.message(sender, receiver, "round " + round), 200);
        assertThat(assertAnswered(client.startWait(receiver).response(), 200).body()).isEqualTo("round " + round);
      }
    }
  }

  private static int parked(TestCluster cluster) {
    int total = 0;
    for (int i = 0; i < cluster.size(); i++) {
      SignalingNode node = cluster.node(i);
      total += node.parkedWaits();
    }
    return total;
  }
}
