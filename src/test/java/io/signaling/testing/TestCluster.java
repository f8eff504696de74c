package io.signaling.testing;

import io.signaling.main.SignalingNode;
import io.signaling.time.NodeClock;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/** Several real nodes in this JVM forming one cluster on loopback, under a random cluster name. */
public final class TestCluster implements AutoCloseable {

  /** Hazelcast member ports the nodes may take (each takes the first free one from 5701). */
  public static final String MEMBERS = IntStream.range(5701, 5711).mapToObj(port -> "127.0.0.1:" + port)
      .collect(Collectors.joining(","));

  private final List<SignalingNode> nodes = new ArrayList<>();

  private TestCluster() {
  }

  public static TestCluster start(int size, String... extraFlags) {
    return start(NodeClock.system(), size, extraFlags);
  }

  /** The same with every node on the given clock (a {@link ManualClock} the test moves). */
  public static TestCluster start(NodeClock clock, int size, String... extraFlags) {
    TestCluster cluster = new TestCluster();
    String name = TestNodes.randomClusterName();
    List<String> flags = new ArrayList<>(List.of("--cluster-members", MEMBERS));
    flags.addAll(List.of(extraFlags));
    for (int i = 0; i < size; i++) {
      cluster.nodes.add(TestNodes.await(SignalingNode.start(TestNodes.config(name, flags.toArray(String[]::new)),
          clock)));
    }
    return cluster;
  }

  public SignalingNode node(int index) {
    return nodes.get(index);
  }

  public WireClient client(int index) {
    return new WireClient(nodes.get(index).port());
  }

  public int size() {
    return nodes.size();
  }

  @Override
  public void close() {
    nodes.stream().filter(node -> node.vertx().isClustered()).forEach(node -> {
      try {
        TestNodes.stop(node);
      } catch (RuntimeException | AssertionError alreadyStopped) {
        // a test may have stopped this node itself
      }
    });
  }
}
