package io.signaling.cluster;

import static io.signaling.testing.WireAssertions.assertAnswered;
import static io.signaling.testing.WireAssertions.assertClosedSilently;
import static org.assertj.core.api.Assertions.assertThat;

import io.signaling.testing.Ports;
import io.signaling.testing.WireClient;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The README's second way to run the server: src/main/scripts/local-cluster start, use it, stop. */
class LocalClusterScriptIT {

  private static final Path SCRIPT = Path.of("src", "main", "scripts", "local-cluster");

  @Test
  void startsThreeNodesBehindHaproxyAndStopsThemAllAgain() throws Exception {
    int balancer = Ports.free();
    int firstDirect = Ports.free();
    int firstNode = Ports.free();
    Map<String, String> environment = Map.of(
        "LB_PORT", String.valueOf(balancer),
        "FIRST_NODE_PORT", String.valueOf(firstNode),
        "FIRST_DIRECT_PORT", String.valueOf(firstDirect),
        "NODE_FLAGS", "--sign-ins-per-address 4/1m",
        "FIRST_MANAGEMENT_PORT", String.valueOf(Ports.free()),
        "FIRST_CLUSTER_PORT", String.valueOf(Ports.free()),
        "CLUSTER_NAME", "script-" + System.nanoTime(),
        "RUN_DIR", Path.of("target", "it-logs", "local-cluster-script").toAbsolutePath().toString());
    try {
      assertThat(run(environment, "start")).contains("3 nodes ready behind HAProxy on http://127.0.0.1:" + balancer);
      WireClient client = new WireClient(balancer);
      int alice = client.signInId("alice");
      int bob = client.signInId("bob");
      assertThat(client.startWait(alice).response().body()).isEqualTo("bob," + bob + ",1\n");
      assertAnswered(client.message(bob, alice, "through the script's cluster"), 200);
      assertThat(client.startWait(alice).response().body()).isEqualTo("through the script's cluster");

      // Node 2 alone, through HAProxy's PROXY protocol: it counts sign-ins by the real client address.
      WireClient nodeTwo = new WireClient(firstDirect + 1);
      for (int i = 0; i < 4; i++) {
        assertAnswered(nodeTwo.from("127.0.6.1").signIn("crowd" + i), 200);
      }
      assertAnswered(nodeTwo.from("127.0.6.1").signIn("one-too-many"), 429);
      assertAnswered(nodeTwo.from("127.0.6.2").signIn("another-client"), 200);
      // The node's own port takes PROXY-protocol connections only: a bare request is closed unanswered.
      assertClosedSilently(new WireClient(firstNode + 1).signIn("bypassing-the-balancer"));
      assertThat(run(environment, "status")).contains("node1: running", "node3: running", "haproxy: running");

      // The nodes share one key the script made, and their event bus runs over mutual TLS with it.
      Path runDir = Path.of(environment.get("RUN_DIR"));
      assertThat(java.nio.file.Files.getPosixFilePermissions(runDir.resolve("cluster.password")))
          .containsExactlyInAnyOrder(java.nio.file.attribute.PosixFilePermission.OWNER_READ,
              java.nio.file.attribute.PosixFilePermission.OWNER_WRITE);
      String fingerprint = ClusterTls.fromKeystore(runDir.resolve("cluster.p12"),
          java.nio.file.Files.readString(runDir.resolve("cluster.password")).strip()).fingerprint();
      for (int node = 1; node <= 3; node++) {
        assertThat(java.nio.file.Files.readString(runDir.resolve("node" + node + ".log")))
            .contains("event bus: mutual TLS with certificate " + fingerprint);
      }
    } finally {
      assertThat(run(environment, "stop")).contains("stopped");
    }
    assertThat(run(environment, "status")).doesNotContain("running");
  }

  private static String run(Map<String, String> environment, String command) throws IOException, InterruptedException {
    ProcessBuilder builder = new ProcessBuilder("bash", SCRIPT.toString(), command).redirectErrorStream(true);
    builder.environment().putAll(environment);
    Process process = builder.start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(3, TimeUnit.MINUTES)).isTrue();
    assertThat(process.exitValue()).as(output).isZero();
    return output;
  }
}
