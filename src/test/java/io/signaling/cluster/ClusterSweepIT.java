package io.signaling.cluster;

import static io.signaling.testing.WireAssertions.assertAnswered;
import static org.assertj.core.api.Assertions.assertThat;

import io.signaling.testing.Conditions;
import io.signaling.testing.ManualClock;
import io.signaling.testing.TestCluster;
import io.signaling.testing.WireClient;
import io.signaling.testing.WireResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The idle sweep of three nodes, on one clock the test moves: nobody is idle until the test says so. */
class ClusterSweepIT {

  @Test
  void everyIdlePeerIsRemovedOnceWhicheverNodeOwnsIt() {
    ManualClock clock = new ManualClock();
    try (TestCluster cluster = TestCluster.start(clock, 3, "--peer-timeout", "30s", "--sweep-interval", "100ms")) {
      WireClient a = cluster.client(0);
      int watcher = a.signInId("watcher");
      Set<String> expectedLeaves = new HashSet<>();
      for (int i = 0; i < 9; i++) {
        int idle = cluster.client(i % 3).signInId("idle" + i);
        assertThat(a.startWait(watcher).response().body()).isEqualTo("idle" + i + "," + idle + ",1\n");
        expectedLeaves.add("idle" + i + "," + idle + ",0\n");
      }
      // The watcher keeps waiting, on the three nodes in turn; the idle peers never wait. Once the watcher is
      // parked, the timeout passes for everybody.
      WireClient.PendingRequest first = a.startWait(watcher);
      Conditions.await("the watcher's /wait is parked", () -> cluster.node(0).parkedWaits() == 1);
      clock.advance(Duration.ofSeconds(31));
      List<String> leaves = new ArrayList<>();
      WireResponse firstLeave = assertAnswered(first.response(), 200);
      assertThat(firstLeave.pragma()).isEqualTo(watcher);
      leaves.add(firstLeave.body());
      for (int i = 1; leaves.size() < expectedLeaves.size(); i++) {
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
