package io.signaling.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.signaling.testing.PairTraffic;
import io.signaling.testing.ProcessCluster;
import org.junit.jupiter.api.Test;

/** Restart all three nodes, one at a time, with SIGTERM, while 50 pairs exchange messages through HAProxy. */
class RollingRestartIT {

  @Test
  void aRollingRestartLosesNoMessageAndNoPeer() {
    try (ProcessCluster cluster = ProcessCluster.start("rolling-restart", 3)) {
      PairTraffic traffic = PairTraffic.start(cluster.client(), 50);
      traffic.awaitAcked(300);
      for (int node = 0; node < 3; node++) {
        assertThat(cluster.terminate(node)).as("exit status after SIGTERM").isZero();
        cluster.restart(node);
        traffic.awaitAcked(traffic.acked() + 300);
      }
      PairTraffic.Report report = traffic.stop();
      System.out.println("RollingRestartIT: " + report);

      report.assertNothingLostAndNoPeerRemoved();
      assertThat(report.duplicates()).as("a graceful restart delivers nothing twice").isZero();
      assertThat(report.unacked()).as("messages refused during the restarts").isEmpty();
    }
  }
}
