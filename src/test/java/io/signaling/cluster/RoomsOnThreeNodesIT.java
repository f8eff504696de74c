package io.signaling.cluster;

import io.signaling.http.RoomIsolationSuite;
import io.signaling.testing.TestCluster;
import io.signaling.testing.WireClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;

/** {@link RoomIsolationSuite} on three nodes: each check's requests spread over them. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RoomsOnThreeNodesIT extends RoomIsolationSuite {

  private TestCluster cluster;

  @BeforeAll
  void start() {
    cluster = TestCluster.start(3);
  }

  @AfterAll
  void stop() {
    cluster.close();
  }

  @Override
  protected WireClient node(int index) {
    return cluster.client(index % 3);
  }
}
