package io.signaling.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.signaling.testing.EarlierRelease;
import io.signaling.testing.PairTraffic;
import io.signaling.testing.ProcessCluster;
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
  void thePreviousReleaseIsUpgradedAndDowngraded() {
    Path earlier = EarlierRelease.jar(PREVIOUS_RELEASE);
    try (ProcessCluster cluster = ProcessCluster.start("upgrade-and-back", 3, earlier, List.of("-Xmx384m"))) {
      PairTraffic traffic = PairTraffic.start(cluster.client(), PAIRS);
      traffic.awaitAcked(ACKS_PER_STEP);
      roll(cluster, traffic, ProcessCluster.JAR);
      roll(cluster, traffic, earlier);
      assertNothingLost(traffic.stop(), "to and from " + PREVIOUS_RELEASE);
    }
  }

  /** Replaces each node in turn with one running {@code jar}, waiting for traffic to flow after each. */
  private static void roll(ProcessCluster cluster, PairTraffic traffic, Path jar) {
    for (int node = 0; node < 3; node++) {
      assertThat(cluster.terminate(node)).as("exit status of node %d after SIGTERM", node).isZero();
      cluster.restart(node, jar);
      traffic.awaitAcked(traffic.acked() + ACKS_PER_STEP);
    }
  }

  private static void assertNothingLost(PairTraffic.Report report, String upgrade) {
    System.out.println("MixedVersionUpgradeIT, " + upgrade + ": " + report);
    report.assertNothingLostAndNoPeerRemoved();
    assertThat(report.duplicates()).as("a graceful restart delivers nothing twice").isZero();
    assertThat(report.unacked()).as("messages refused during the upgrade").isEmpty();
  }
}
