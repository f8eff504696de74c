package io.signaling.http;

import static io.signaling.testing.WireAssertions.assertAnswered;
import static org.assertj.core.api.Assertions.assertThat;

import io.signaling.main.SignalingNode;
import io.signaling.testing.TestNodes;
import io.signaling.testing.WireClient;
import io.signaling.testing.WireResponse;
import org.junit.jupiter.api.Test;

class InactivityIT {

  @Test
  void aPeerWithoutAParkedWaitIsRemovedAndItsLeaveAnnouncedWhileAWaitingPeerStays() {
    SignalingNode node = TestNodes.start("--peer-timeout", "1s", "--sweep-interval", "100ms");
    try {
      WireClient client = new WireClient(node.port());
      int watcher = client.signInId("watcher");
      int idle = client.signInId("idle");
      assertThat(client.startWait(watcher).response().body()).isEqualTo("idle," + idle + ",1\n");

      // The watcher keeps a /wait parked; the idle peer never waits. Its removal is the event awaited.
      WireResponse leave = assertAnswered(client.startWait(watcher).response(), 200);
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
