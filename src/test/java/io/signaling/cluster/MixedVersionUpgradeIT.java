package io.signaling.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.signaling.testing.EarlierRelease;
import io.signaling.testing.PairTraffic;
import io.signaling.testing.ProcessCluster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Rolling upgrades across releases, as the chart does them (one node at a time, SIGTERM, the new one ready before
 * the next goes), while pairs exchange messages through HAProxy: the jar of an earlier commit, built from its own
 * sources, beside this build's. Nothing acknowledged may be lost, no peer removed, nothing delivered twice.
 *
 * <p>The compatibility a release promises (README, "Upgrades"): release N and N+1 run side by side, in both
 * directions. The one exception is the release before versioned cluster formats, which cannot read records: it is
 * upgraded in place (this release writes its layout until the last of its nodes has left), but there is no way back
 * to it once it is gone.
 */
class MixedVersionUpgradeIT {

  /** The last release that writes the positional layout only (issue 11 landed). */
  static final String BEFORE_VERSIONED_FORMATS = "7b6f6609dd88d1b27b699898f668a9417ad14866";
  /** The first release whose cluster objects are versioned records. */
  static final String FIRST_VERSIONED_FORMATS = "0f12997d3fb1f597d55e28c9cd66041adf317e09";

  private static final int PAIRS = 10;
  private static final int ACKS_PER_STEP = 200;

  @Test
  void aClusterOfTheReleaseBeforeVersionedFormatsIsUpgradedInPlace() throws IOException {
    Path earlier = EarlierRelease.jar(BEFORE_VERSIONED_FORMATS);
    try (ProcessCluster cluster = ProcessCluster.start("upgrade-from-positional", 3, earlier, List.of("-Xmx384m"))) {
      PairTraffic traffic = PairTraffic.start(cluster.client(), PAIRS);
      traffic.awaitAcked(ACKS_PER_STEP);
      roll(cluster, traffic, ProcessCluster.JAR);
      assertNothingLost(traffic.stop(), "from " + BEFORE_VERSIONED_FORMATS);

      // The first node upgraded wrote what the earlier nodes read until the last of them left, then records.
      List<String> switches = Files.readAllLines(cluster.log(0)).stream()
          .filter(line -> line.contains("writing cluster objects as")).toList();
      assertThat(switches).as("layout switches of the first upgraded node").hasSize(1);
      assertThat(switches.get(0)).contains("as RECORDS now");
    }
  }

  @Test
  void theFirstReleaseWithVersionedFormatsIsUpgradedAndDowngraded() {
    Path earlier = EarlierRelease.jar(FIRST_VERSIONED_FORMATS);
    try (ProcessCluster cluster = ProcessCluster.start("upgrade-and-back", 3, earlier, List.of("-Xmx384m"))) {
      PairTraffic traffic = PairTraffic.start(cluster.client(), PAIRS);
      traffic.awaitAcked(ACKS_PER_STEP);
      roll(cluster, traffic, ProcessCluster.JAR);
      roll(cluster, traffic, earlier);
      assertNothingLost(traffic.stop(), "to and from " + FIRST_VERSIONED_FORMATS);
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
