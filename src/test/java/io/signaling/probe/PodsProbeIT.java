package io.signaling.probe;

import static org.assertj.core.api.Assertions.assertThat;

import io.signaling.main.SignalingNode;
import io.signaling.testing.Conditions;
import io.signaling.testing.Ports;
import io.signaling.testing.TestNodes;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The helm test's check of every pod, against nodes laid out as pods are: each on an address of its own
 * (127.0.0.21-23 here), all on the same ports, behind the PROXY protocol; plus a node of another cluster on
 * 127.0.0.24, which a split looks like from outside.
 */
class PodsProbeIT {

  private static final int SIGNALING_PORT = Ports.free();
  private static final int MANAGEMENT_PORT = Ports.free();
  private static final int CLUSTER_PORT = Ports.free();
  private static final String PODS = "127.0.0.21,127.0.0.22,127.0.0.23";
  private static final List<SignalingNode> NODES = new ArrayList<>();

  @BeforeAll
  static void start() {
    String members = "127.0.0.21:" + CLUSTER_PORT + ",127.0.0.22:" + CLUSTER_PORT + ",127.0.0.23:" + CLUSTER_PORT;
    String cluster = TestNodes.randomClusterName();
    for (String pod : PODS.split(",")) {
      NODES.add(podAt(pod, cluster, members));
    }
    NODES.add(podAt("127.0.0.24", TestNodes.randomClusterName(), "127.0.0.24:" + CLUSTER_PORT));
    // As after a rollout, when helm test runs: every pod ready (the last to join waits for its partitions).
    NODES.forEach(node -> Conditions.await("node " + node.port() + " is ready", node::isReady));
  }

  private static SignalingNode podAt(String address, String cluster, String members) {
    return TestNodes.await(SignalingNode.start(TestNodes.config(cluster, "--host", address,
        "--port", String.valueOf(SIGNALING_PORT), "--management-host", address,
        "--management-port", String.valueOf(MANAGEMENT_PORT), "--cluster-host", address,
        "--cluster-port", String.valueOf(CLUSTER_PORT), "--cluster-members", members, "--proxy-protocol", "true")));
  }

  @AfterAll
  static void stop() {
    NODES.forEach(TestNodes::stop);
  }

  private record Run(int status, String out, String err) {
  }

  private static Run probe(String members, String... more) {
    List<String> args = new ArrayList<>(List.of("--url", "http://127.0.0.21:" + SIGNALING_PORT, "--timeout", "20s",
        "--members", members, "--signaling-port", String.valueOf(SIGNALING_PORT),
        "--management-port", String.valueOf(MANAGEMENT_PORT)));
    args.addAll(List.of(more));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int status = RoundTripProbe.run(args.toArray(String[]::new), new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Run(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  @Test
  void threePodsOfOneClusterPassAndAMessageGoesFromEachPodToTheNext() {
    Run run = probe(PODS, "--proxy-protocol", "--expect-members", "3");
    assertThat(run.status()).as(run.err()).isZero();
    assertThat(run.out()).contains("pod 127.0.0.22 is ready and sees 3 members")
        .contains("posted a message to peer").contains("through 127.0.0.23:" + SIGNALING_PORT)
        .contains("through 127.0.0.21:" + SIGNALING_PORT).contains("probe: OK, 3 pod(s) form one cluster");
  }

  @Test
  void fewerPodsThanTheChartAsksForFail() {
    Run run = probe(PODS, "--proxy-protocol", "--expect-members", "4");
    assertThat(run.status()).isEqualTo(1);
    assertThat(run.err()).contains("lists 3 pod(s)").contains("expected 4");
  }

  @Test
  void aPodOfAnotherClusterIsASplitAndFails() {
    Run run = probe(PODS + ",127.0.0.24", "--proxy-protocol");
    assertThat(run.status()).isEqualTo(1);
    assertThat(run.err()).contains("sees 3 member(s), expected 4: the pods do not form one cluster");
  }

  @Test
  void withoutThePodsProxyLineTheRoundTripFails() {
    Run run = probe(PODS);
    assertThat(run.status()).isEqualTo(1);
    assertThat(run.err()).contains("probe: FAILED");
  }
}
