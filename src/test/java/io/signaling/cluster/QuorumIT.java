package io.signaling.cluster;

import static io.signaling.testing.WireAssertions.assertAnswered;
import static io.signaling.testing.WireAssertions.assertClosedSilently;
import static org.assertj.core.api.Assertions.assertThat;

import io.signaling.testing.Conditions;
import io.signaling.testing.ProcessCluster;
import io.signaling.testing.TestCluster;
import io.signaling.testing.TestNodes;
import io.signaling.testing.WireClient;
import io.signaling.testing.WireResponse;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

/**
 * A node of a cluster meant to have three that sees only itself (the others gone, or it cut off from them) is
 * below its quorum of two: it reports not ready, refuses every request that reads or changes the peers with 503
 * in the usual header block, and closes a /wait without an answer so that its client waits elsewhere at once.
 */
class QuorumIT {

  @Test
  void aNodeBelowItsQuorumServesNobodyAndSaysWhy() {
    try (TestCluster cluster = TestCluster.start(3, "--cluster-size", "3")) {
      WireClient alone = cluster.client(0);
      int alice = alone.signInId("alice");
      int bob = alone.signInId("bob");
      assertThat(readiness(cluster, 0).getJsonObject("checks").getBoolean("quorum")).isTrue();

      TestNodes.stop(cluster.node(1));
      TestNodes.stop(cluster.node(2));
      Conditions.await("the last node below its quorum", () -> alone.signIn("carol").status() == 503);

      WireResponse signIn = assertAnswered(alone.signIn("dave"), 503);
      assertThat(signIn.body()).contains("cut off from most of the cluster");
      assertThat(signIn.pragma()).as("no id handed out").isEqualTo(-1);
      assertAnswered(alone.message(alice, bob, "hello"), 503);
      assertAnswered(alone.signOut(alice), 503);
      assertClosedSilently(alone.startWait(bob).response());
      JsonObject report = readiness(cluster, 0);
      assertThat(report.getString("status")).isEqualTo("not ready");
      assertThat(report.getJsonObject("checks").getBoolean("quorum")).isFalse();
      assertThat(ProcessCluster.probe(cluster.node(0).managementPort(), "/health/ready")).isEqualTo(503);
    }
  }

  private static JsonObject readiness(TestCluster cluster, int index) {
    return new JsonObject(ProcessCluster.body("127.0.0.1", cluster.node(index).managementPort(), "/health/ready"));
  }
}
