package io.signaling.http;

import io.signaling.main.SignalingNode;
import io.signaling.testing.TestNodes;
import io.signaling.testing.WireClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;

/** Base of the wire tests that share one node per class, started with {@link #flags()}. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class OneNodeIT {

  SignalingNode node;
  WireClient client;

  /** Flags beyond the test defaults. */
  String[] flags() {
    return new String[0];
  }

  @BeforeAll
  void startNode() {
    node = TestNodes.start(flags());
    client = new WireClient(node.port());
  }

  @AfterAll
  void stopNode() {
    TestNodes.stop(node);
  }
}
