package io.signaling.ops;

import static org.assertj.core.api.Assertions.assertThat;

import io.signaling.main.SignalingNode;
import io.signaling.testing.Conditions;
import io.signaling.testing.PrometheusText;
import io.signaling.testing.ProcessCluster;
import io.signaling.testing.TestNodes;
import io.signaling.testing.WireClient;
import io.signaling.testing.WireClient.PendingRequest;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The management port under a connection flood: idle connections go, a few addresses cannot take it over. */
class ManagementFloodIT {

  @Test
  void anIdleConnectionIsClosedAfterTheIdleTimeout() {
    SignalingNode node = TestNodes.start("--management-idle-timeout", "1s");
    try (PendingRequest idle = new WireClient(node.managementPort()).open()) {
      assertThat(idle.response().closedByServer()).as("closed by the node within the guard time").isTrue();
      assertThat(idle.response().raw()).isEmpty();
    } finally {
      TestNodes.stop(node);
    }
  }

  private static double refused(SignalingNode node) {
    return new PrometheusText(node.scrapeMetrics()).value("signaling_limited_total{limit=\"management_connections\"}");
  }

  @Test
  void aFloodFromEightAddressesLeavesRoomForTheProbes() {
    SignalingNode node = TestNodes.start("--management-max-connections", "160");
    List<PendingRequest> flood = new ArrayList<>();
    try {
      WireClient management = new WireClient(node.managementPort());
      for (int address = 1; address <= 8; address++) {
        for (int i = 0; i < 40; i++) {
          flood.add(management.from("127.0.11." + address).open());
        }
      }
      // 8 addresses x 16 = 128 held, the rest closed at once: the kubelet's address still gets in.
      assertThat(ProcessCluster.probe(node.managementPort(), ManagementServer.LIVENESS_PATH)).isEqualTo(200);
      assertThat(ProcessCluster.probe(node.managementPort(), ManagementServer.READINESS_PATH)).isEqualTo(200);
      Conditions.await("every connection past 16 per address is closed", () -> refused(node) == 8 * (40 - 16),
          () -> "(refused: " + refused(node) + ")");
    } finally {
      flood.forEach(PendingRequest::close);
      TestNodes.stop(node);
    }
  }
}
