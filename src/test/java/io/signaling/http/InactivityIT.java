package io.signaling.http;

import static io.signaling.testing.WireAssertions.assertAnswered;
import static org.assertj.core.api.Assertions.assertThat;

import io.signaling.main.SignalingNode;
import io.signaling.testing.Conditions;
import io.signaling.testing.ManualClock;
import io.signaling.testing.TestNodes;
import io.signaling.testing.WireClient;
import io.signaling.testing.WireResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The idle sweep, on a clock the test moves: nobody is idle until the test says the timeout has passed, however
 * slowly the machine runs, and the test does not wait the timeout out.
 */
class InactivityIT {

  @Test
  void aPeerWithoutAParkedWaitIsRemovedAndItsLeaveAnnouncedWhileAWaitingPeerStays() {
    ManualClock clock = new ManualClock();
    SignalingNode node = TestNodes.start(clock, "--peer-timeout", "30s", "--sweep-interval", "100ms");
    try {
      WireClient client = new WireClient(node.port());
      int watcher = client.signInId("watcher");
      int idle = client.signInId("idle");
      assertThat(client.startWait(watcher).response().body()).isEqualTo("idle," + idle + ",1\n");

      // Sweeps run every 100 ms meanwhile: on this clock nobody has been idle for long.
      clock.advance(Duration.ofSeconds(29));
      assertThat(client.message(idle, watcher, "still here").status()).isEqualTo(200);
      assertThat(client.startWait(watcher).response().body()).isEqualTo("still here");

      // The watcher keeps a /wait parked; the idle peer never waits. Past the timeout its removal is the event awaited.
      WireClient.PendingRequest watching = client.startWait(watcher);
      Conditions.await("the watcher's /wait is parked", () -> node.parkedWaits() == 1);
      clock.advance(Duration.ofSeconds(31));
      WireResponse leave = assertAnswered(watching.response(), 200);
      assertThat(leave.pragma()).isEqualTo(watcher);
      assertThat(leave.body()).isEqualTo("idle," + idle + ",0\n");

      assertThat(client.startWait(idle).response().status()).isEqualTo(500);
      assertThat(client.message(idle, watcher, "too late").status()).isEqualTo(500);
      int newcomer = client.signInId("newcomer");
      assertThat(client.message(newcomer, watcher, "still here?").status()).isEqualTo(200);
    } finally {
      TestNodes.stop(node);
    }
  }
}
