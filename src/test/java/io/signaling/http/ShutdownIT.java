package io.signaling.http;

import static io.signaling.testing.WireAssertions.assertClosedSilently;

import io.signaling.main.SignalingNode;
import io.signaling.testing.Conditions;
import io.signaling.testing.TestNodes;
import io.signaling.testing.WireClient;
import io.signaling.testing.WireClient.PendingRequest;
import org.junit.jupiter.api.Test;

class ShutdownIT {

  @Test
  void stoppingANodeClosesItsParkedWaitsWithoutAnAnswerSoClientsReWait() {
    SignalingNode node = TestNodes.start();
    WireClient client = new WireClient(node.port());
    int peer = client.signInId("parked");
    PendingRequest wait = client.startWait(peer);
    Conditions.await("the /wait is parked", () -> node.parkedWaits() == 1);
    TestNodes.stop(node);
    assertClosedSilently(wait.response());
  }
}
