package io.signaling.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.signaling.testing.Conditions;
import io.signaling.testing.EarlierRelease;
import io.signaling.testing.PairTraffic;
import io.signaling.testing.ProcessCluster;
import io.signaling.testing.WireResponse;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Rolling upgrades across releases, as the chart does them (one node at a time, SIGTERM, the new one ready before
 * the next goes), while pairs exchange messages through HAProxy: the jar of an earlier commit, built from its own
 * sources, beside this build's. Nothing acknowledged may be lost, no peer removed, nothing delivered twice.
 *
 * <p>The compatibility a release promises (README, "Upgrades"): release N and N+1 run side by side, in both
 * directions; upgrading across two releases is not promised, so only the previous release is run here. (The
 * release before versioned formats, two back, was upgraded in place by the previous release's own test; its layout
 * is still read, as {@code ClusterFormatsTest} checks against its golden bytes.)
 */
class MixedVersionUpgradeIT {

  /**
   * The previous release (issue 12 landed: versioned records, a counter for ids). This one appends a field to the
   * peer record, draws ids at random and names nodes by a member attribute; both must work side by side.
   */
  static final String PREVIOUS_RELEASE = "e951ff0131ebee22c500b3127e8019956c49dc78";

  private static final int PAIRS = 10;
  private static final int ACKS_PER_STEP = 200;

  @Test
  void thePreviousReleaseIsUpgradedAndDowngraded() throws java.io.IOException {
    Path earlier = EarlierRelease.jar(PREVIOUS_RELEASE);
    try (ProcessCluster cluster = ProcessCluster.start("upgrade-and-back", 3, earlier, List.of("-Xmx384m"))) {
      PairTraffic traffic = PairTraffic.start(cluster.client(), PAIRS);
      traffic.awaitAcked(ACKS_PER_STEP);
      roll(cluster, traffic, ProcessCluster.JAR);
      roll(cluster, traffic, earlier);
      assertNothingLost(traffic.stop(), "to and from " + PREVIOUS_RELEASE);
      // Every object each release put in the cluster was read by the other: a type one of them does not know
      // fails the migration of whole partitions (a roster value was such a type once).
      for (int node = 0; node < 3; node++) {
        try (java.util.stream.Stream<String> lines = java.nio.file.Files.lines(cluster.log(node))) {
          assertThat(lines.filter(line -> line.contains("HazelcastSerializationException")).limit(3).toList())
              .as("serialization failures in node %d's log", node).isEmpty();
        }
      }
    }
  }

  /**
   * Replaces each node in turn with one running {@code jar}, waiting for traffic to flow after each. No room is
   * served while a node of the previous release is in the cluster (this build answers 503, that release knows no
   * such path); once every node runs this build, rooms open.
   */
  private static void roll(ProcessCluster cluster, PairTraffic traffic, Path jar) {
    for (int node = 0; node < 3; node++) {
      assertThat(cluster.terminate(node)).as("exit status of node %d after SIGTERM", node).isZero();
      cluster.restart(node, jar);
      traffic.awaitAcked(traffic.acked() + ACKS_PER_STEP);
      if (node < 2 || !jar.equals(ProcessCluster.JAR)) {
        for (int i = 0; i < 6; i++) { // through HAProxy: on every node, most likely
          assertThat(cluster.client().inRoom("upgrade").signIn("too-early").status()).as("a room sign-in while"
              + " nodes of two releases run").isIn(500, 503);
        }
      }
    }
    if (jar.equals(ProcessCluster.JAR)) {
      WireResponse[] inRoom = new WireResponse[1];
      Conditions.await("rooms open once every node runs this build",
          () -> (inRoom[0] = cluster.client().inRoom("upgrade").signIn("in-time")).status() == 200);
      assertThat(inRoom[0].body()).isEqualTo("in-time," + inRoom[0].pragma() + ",1\n");
      assertThat(cluster.client().inRoom("upgrade").signOut(inRoom[0].pragma()).status()).isEqualTo(200);
    }
  }

  private static void assertNothingLost(PairTraffic.Report report, String upgrade) {
    System.out.println("MixedVersionUpgradeIT, " + upgrade + ": " + report);
    report.assertNothingLostAndNoPeerRemoved();
    assertThat(report.duplicates()).as("a graceful restart delivers nothing twice").isZero();
    assertThat(report.unacked()).as("messages refused during the upgrade").isEmpty();
  }
}
