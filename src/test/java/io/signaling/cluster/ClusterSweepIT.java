package io.signaling.cluster;

import static io.signaling.testing.WireAssertions.assertAnswered;
import static org.assertj.core.api.Assertions.assertThat;

import io.signaling.testing.TestCluster;
import io.signaling.testing.WireClient;
import io.signaling.testing.WireResponse;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ClusterSweepIT {

  @Test
  void everyIdlePeerIsRemovedOnceWhicheverNodeOwnsIt() {
    try (TestCluster cluster = TestCluster.start(3, "--peer-timeout", "1s", "--sweep-interval", "100ms")) {
      WireClient a = cluster.client(0);
      int watcher = a.signInId("watcher");
      Set<String> expectedLeaves = new HashSet<>();
      for (int i = 0; i < 9; i++) {
        int idle = cluster.client(i % 3).signInId("idle" + i);
        assertThat(a.startWait(watcher).response().body()).isEqualTo("idle" + i + "," + idle + ",1\n");
        expectedLeaves.add("idle" + i + "," + idle + ",0\n");
      }
      // The watcher keeps waiting, on the three nodes in turn; the idle peers never wait.
      List<String> leaves = new ArrayList<>();
      for (int i = 0; leaves.size() < expectedLeaves.size(); i++) {
        WireResponse item = assertAnswered(cluster.client(i % 3).startWait(watcher).response(), 200);
        assertThat(item.pragma()).isEqualTo(watcher);
        leaves.add(item.body());
      }
      assertThat(leaves).containsExactlyInAnyOrderElementsOf(expectedLeaves);
      int marker = a.signInId("marker");
      assertThat(a.startWait(watcher).response().body()).as("no second leave of anyone")
          .isEqualTo("marker," + marker + ",1\n");
    }
  }
}
