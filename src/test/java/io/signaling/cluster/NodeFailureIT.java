package io.signaling.cluster;

import static io.signaling.testing.WireAssertions.assertAnswered;

import io.signaling.testing.PairTraffic;
import io.signaling.testing.ProcessCluster;
import org.junit.jupiter.api.Test;

/** SIGKILL one of three nodes while 50 pairs exchange messages through HAProxy. */
class NodeFailureIT {

  @Test
  void aKilledNodeLosesNoAcknowledgedMessageAndNoPeer() {
    try (ProcessCluster cluster = ProcessCluster.start("node-failure", 3)) {
      PairTraffic traffic = PairTraffic.start(cluster.client(), 50);
      traffic.awaitAcked(500);
      long killedAt = System.nanoTime();
      cluster.kill(1);
      int atKill = traffic.acked();
      assertAnswered(cluster.client().signIn("after-the-kill"), 200);
      long servingAgainMillis = (System.nanoTime() - killedAt) / 1_000_000;
      traffic.awaitAcked(atKill + 1500);
      PairTraffic.Report report = traffic.stop();
      System.out.println("NodeFailureIT: " + report + "; a sign-in succeeded " + servingAgainMillis
          + " ms after SIGKILL");

      report.assertNothingLostAndNoPeerRemoved();
    }
  }
}
