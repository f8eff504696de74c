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

  /** The room the tests' client sends every request in, or null for the bare paths (the default room). */
  String room() {
    return null;
  }

  @BeforeAll
  void startNode() {
    node = TestNodes.start(flags());
    client = room() == null ? new WireClient(node.port()) : new WireClient(node.port()).inRoom(room());
  }

  @AfterAll
  void stopNode() {
    TestNodes.stop(node);
  }
}
