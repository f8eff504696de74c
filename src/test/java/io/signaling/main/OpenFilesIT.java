package io.signaling.main;

import static io.signaling.testing.WireAssertions.assertAnswered;
import static org.assertj.core.api.Assertions.assertThat;

import io.signaling.ops.ManagementServer;
import io.signaling.testing.Conditions;
import io.signaling.testing.Ports;
import io.signaling.testing.ProcessCluster;
import io.signaling.testing.TestNodes;
import io.signaling.testing.WireClient;
import io.signaling.testing.WireClient.PendingRequest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A node whose open-files limit is lower than what a flood of idle sockets asks for: it closes the excess at once
 * instead of running out (then its acceptor would fail every second and nothing would be answered), says so in
 * its log once, keeps its health answering, and serves again when the flood ends.
 */
class OpenFilesIT {

  private static final Path JAR = Path.of("target", "signaling-server.jar");
  private static final int FILE_LIMIT = 3000;

  @Test
  void aNodeNearItsFileLimitShedsTheFloodAndKeepsAnswering() throws Exception {
    int port = Ports.free();
    int management = Ports.free();
    Path log = Path.of("target", "it-logs", "open-files.log");
    Files.createDirectories(log.getParent());
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    // The limit is the process's own, set by the shell that becomes it.
    ProcessBuilder builder = new ProcessBuilder("bash", "-c", "ulimit -n " + FILE_LIMIT + " && exec \"$@\"", "node",
        java, "-Xmx256m", "-jar", JAR.toString(), "--host", "127.0.0.1", "--port", String.valueOf(port),
        "--management-host", "127.0.0.1", "--management-port", String.valueOf(management),
        "--cluster-host", "127.0.0.1", "--cluster-name", TestNodes.randomClusterName(), "--drain-delay", "0s",
        "--max-connections-per-address", "0")
        .redirectErrorStream(true).redirectOutput(log.toFile());
    Process node = builder.start();
    List<PendingRequest> flood = new ArrayList<>();
    try {
      Conditions.await("the node is ready", 90_000, () -> {
        assertThat(node.isAlive()).as("the node runs; see " + log).isTrue();
        return ProcessCluster.probe(management, ManagementServer.READINESS_PATH) == 200;
      });
      WireClient client = new WireClient(port);
      for (int i = 0; i < FILE_LIMIT; i++) {
        flood.add(client.from("127.0.12." + (1 + i % 8)).open());
      }
      Conditions.await("the node says it stopped accepting", () -> logText(log).contains("stopped accepting"));
      assertThat(ProcessCluster.probe(management, ManagementServer.LIVENESS_PATH)).isEqualTo(200);
      // Idle sockets are closed after the request timeout (10 s): the flood keeps reopening for a while.
      for (int round = 0; round < 3; round++) {
        for (int i = 0; i < 200; i++) {
          flood.add(client.from("127.0.12." + (1 + i % 8)).open());
        }
      }
      assertThat(node.isAlive()).isTrue();
      assertThat(logText(log).split("stopped accepting connections", -1)).as("logged once, not per connection")
          .hasSize(2);
      assertThat(logText(log).split("closing new connections at once", -1).length).as("at most once")
          .isLessThanOrEqualTo(2);

      flood.forEach(PendingRequest::close);
      flood.clear();
      Conditions.await("the node serves again", () -> client.signIn("after-the-flood").status() == 200);
      assertAnswered(client.signIn("served"), 200);
      assertThat(logText(log)).doesNotContain("Too many open files");
    } finally {
      flood.forEach(PendingRequest::close);
      node.toHandle().destroy();
      node.waitFor(60, TimeUnit.SECONDS);
    }
  }

  private static String logText(Path log) {
    try {
      return Files.readString(log);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
