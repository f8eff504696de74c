package io.signaling.http;

import static io.signaling.testing.WireAssertions.assertAnswered;
import static org.assertj.core.api.Assertions.assertThat;

import io.signaling.main.SignalingNode;
import io.signaling.testing.Conditions;
import io.signaling.testing.TestNodes;
import io.signaling.testing.WireClient;
import io.signaling.testing.WireClient.PendingRequest;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConnectionLimitIT {

  @Test
  void connectionsOverTheLimitAreAnswered503AndServiceResumesBelowIt() {
    SignalingNode node = TestNodes.start("--max-connections", "4");
    try {
      WireClient client = new WireClient(node.port());
      List<Integer> holders = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        holders.add(client.signInId("holder" + i));
      }
      for (int i = 0; i < 4; i++) {
        for (int join = i + 1; join < 4; join++) {
          assertAnswered(client.startWait(holders.get(i)).response(), 200); // the later holders' joins
        }
      }
      // The server counts a connection until it has seen it close; the answered ones above close on our side
      // first, so a new /wait may arrive while one of them still counts and be refused over the limit.
      Conditions.await("the answered connections are closed", () -> node.openConnections() == 0,
          () -> "(open: " + node.openConnections() + ")");
      List<PendingRequest> waits = new ArrayList<>();
      holders.forEach(id -> waits.add(client.startWait(id)));
      Conditions.await("four waits hold four connections", () -> node.openConnections() == 4,
          () -> "(open: " + node.openConnections() + ", parked: " + node.parkedWaits() + ")");
      assertThat(assertAnswered(client.signIn("fifth"), 503).body()).contains("Too many connections");

      waits.remove(0).close();
      Conditions.await("a connection is free again", () -> node.openConnections() == 3);
      assertAnswered(client.signIn("fits-again"), 200);
      waits.forEach(PendingRequest::close);
    } finally {
      TestNodes.stop(node);
    }
  }
}
