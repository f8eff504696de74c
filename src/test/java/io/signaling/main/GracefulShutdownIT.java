package io.signaling.main;

import static io.signaling.testing.WireAssertions.assertAnswered;
import static io.signaling.testing.WireAssertions.assertClosedSilently;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.signaling.testing.Conditions;
import io.signaling.testing.ProcessCluster;
import io.signaling.testing.TestCluster;
import io.signaling.testing.TestNodes;
import io.signaling.testing.WireClient;
import io.signaling.testing.WireClient.PendingRequest;
import io.vertx.core.Future;
import java.net.ConnectException;
import java.net.Socket;
import org.junit.jupiter.api.Test;

/** SIGTERM's sequence, run in-process: drain, stop accepting, close parked /waits silently, leave the cluster. */
class GracefulShutdownIT {

  @Test
  void aDrainingNodeReportsNotReadyKeepsServingThenClosesParkedWaitsAndStopsListening() {
    try (TestCluster cluster = TestCluster.start(2, "--drain-delay", "5s")) {
      SignalingNode leaving = cluster.node(0);
      WireClient client = cluster.client(0);
      Conditions.await("both nodes are ready", () -> cluster.node(0).isReady() && cluster.node(1).isReady());
      assertThat(ProcessCluster.probe(leaving.managementPort(), "/health/ready")).isEqualTo(200);
      assertThat(ProcessCluster.probe(leaving.managementPort(), "/health/live")).isEqualTo(200);

      int peer = client.signInId("parked-on-leaving");
      int sender = cluster.client(1).signInId("sender");
      client.startWait(peer).response(); // the sender's join
      PendingRequest wait = client.startWait(peer);
      Conditions.await("the /wait is parked", () -> leaving.parkedWaits() == 1);

      Future<Void> stopped = leaving.stop();
      assertThat(ProcessCluster.probe(leaving.managementPort(), "/health/ready")).as("draining").isEqualTo(503);
      assertThat(ProcessCluster.probe(leaving.managementPort(), "/health/live")).isEqualTo(200);
      assertThat(assertAnswered(client.message(sender, sender, "still served"), 200).body()).isEqualTo("still served");

      assertClosedSilently(wait.response());
      TestNodes.await(stopped);
      assertThatThrownBy(() -> new Socket("127.0.0.1", leaving.port()).close())
          .as("no longer accepting").isInstanceOf(ConnectException.class);
      assertThat(leaving.stop()).as("stopping twice is stopping once").isSameAs(stopped);

      // The peer keeps its id and mailbox: it re-waits on the other node and gets what was sent meanwhile.
      assertAnswered(cluster.client(1).message(sender, peer, "after the move"), 200);
      assertThat(assertAnswered(cluster.client(1).startWait(peer).response(), 200).body()).isEqualTo("after the move");
    }
  }
}
