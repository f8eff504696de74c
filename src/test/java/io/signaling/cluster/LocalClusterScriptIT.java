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

      // The README's curl session, its commands exactly as printed, through this cluster instead of port 8888.
      String session = readmeCurlSession().replace("8888", String.valueOf(balancer));
      ProcessBuilder shell = new ProcessBuilder("bash", "-c", "set -euo pipefail\n" + session + "\nwait\n")
          .redirectErrorStream(true);
      Process readme = shell.start();
      String printed = new String(readme.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(readme.waitFor(1, TimeUnit.MINUTES)).isTrue();
      assertThat(readme.exitValue()).as(printed).isZero();
      java.util.regex.Matcher ids = java.util.regex.Pattern.compile("alice is (\\d+), bob is (\\d+)").matcher(printed);
      assertThat(ids.find()).as(printed).isTrue();
      assertThat(printed).contains("HTTP/1.1 200 Added", "\r\nPragma: " + ids.group(2) + "\r\n",
          "bob," + ids.group(2) + ",1\n", "hello alice");

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
    assertThat(run(environment, "status")).contains("not running").doesNotContain(": running");
  }

  /** The commands of the README's "A session with curl": its lines that start with "$ ", without the prompt. */
  private static String readmeCurlSession() throws IOException {
    String readme = java.nio.file.Files.readString(Path.of("README.md"));
    int section = readme.indexOf("## A session with curl");
    String block = readme.substring(readme.indexOf("```", section) + 3, readme.indexOf("```\n\n", section + 30));
    return block.lines().filter(line -> line.startsWith("$ ")).map(line -> line.substring(2))
        .collect(java.util.stream.Collectors.joining("\n"));
  }

  /** The ports and folder of one cluster of the script, all free. */
  private static Map<String, String> freshCluster(String runDirName, String nodeFlags) {
    return Map.of(
        "LB_PORT", String.valueOf(Ports.free()),
        "FIRST_NODE_PORT", String.valueOf(Ports.free()),
        "FIRST_DIRECT_PORT", String.valueOf(Ports.free()),
        "NODE_FLAGS", nodeFlags,
        "FIRST_MANAGEMENT_PORT", String.valueOf(Ports.free()),
        "FIRST_CLUSTER_PORT", String.valueOf(Ports.free()),
        "CLUSTER_NAME", "script-" + System.nanoTime(),
        "RUN_DIR", Path.of("target", "it-logs", runDirName).toAbsolutePath().toString());
  }

  @Test
  void aPortTakenByAnotherProcessFailsAtOnceAndNamesIt() throws Exception {
    Map<String, String> environment = freshCluster("local-cluster-port-taken", "");
    int balancer = Integer.parseInt(environment.get("LB_PORT"));
    try (java.net.ServerSocket stranger = new java.net.ServerSocket(balancer, 50,
        java.net.InetAddress.getLoopbackAddress())) {
      String output = runFailing(environment, "start");
      assertThat(output).contains("port " + balancer + " (the load balancer) is already in use by another process");
      assertThat(output).doesNotContain("ready behind HAProxy");
    }
    assertThat(run(environment, "status")).contains("not running");
  }

  @Test
  void aNodeThatDiesAtOnceIsReportedWithTheEndOfItsLog() throws Exception {
    Map<String, String> environment = freshCluster("local-cluster-node-dies", "--max-peers lots");
    try {
      String output = runFailing(environment, "start");
      assertThat(output).contains("node 1 exited while starting; the end of").contains("--max-peers");
    } finally {
      run(environment, "stop");
    }
    assertThat(run(environment, "status")).doesNotContain(": running");
  }

  private static String runFailing(Map<String, String> environment, String command) throws Exception {
    return script(environment, command, false);
  }

  private static String run(Map<String, String> environment, String command) throws IOException, InterruptedException {
    return script(environment, command, true);
  }

  /** Runs the script with this environment; its output, once it exited as expected (0, or anything else). */
  private static String script(Map<String, String> environment, String command, boolean succeeds)
      throws IOException, InterruptedException {
    ProcessBuilder builder = new ProcessBuilder("bash", SCRIPT.toString(), command).redirectErrorStream(true);
    builder.environment().putAll(environment);
    Process process = builder.start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(3, TimeUnit.MINUTES)).isTrue();
    assertThat(process.exitValue() == 0).as(output).isEqualTo(succeeds);
    return output;
  }
}
