package io.signaling.main;

import static io.signaling.testing.WireAssertions.assertAnswered;
import static org.assertj.core.api.Assertions.assertThat;

import io.signaling.testing.TestNodes;
import io.signaling.testing.WireClient;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The packaged jar as a user runs it: its own JVM, flags and environment, SIGTERM to stop. */
class ExecutableJarIT {

  private static final Path JAR = Path.of("target", "signaling-server.jar");

  @Test
  void helpListsEveryOptionAndExitsZero() throws Exception {
    Process process = java("--help");
    List<String> output = readAll(process);
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).isZero();
    assertThat(String.join("\n", output)).contains("--port", "SIGNALING_PORT", "default 8888", "--max-body-bytes");
  }

  @Test
  void badFlagsAreAllReportedAndExitTwo() throws Exception {
    Process process = java("--port", "eighty", "--no-such-flag");
    List<String> output = readAll(process);
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).isEqualTo(2);
    assertThat(String.join("\n", output)).contains("--port: 'eighty'", "unknown option --no-such-flag");
  }

  @Test
  void runsWithTheReferencesPortFlagServesAndStopsCleanlyOnSigterm() throws Exception {
    int port = freePort();
    ProcessBuilder builder = command("--port=" + port, "--host", "127.0.0.1", "--management-port", "0",
        "--drain-delay", "1s");
    builder.environment().put("SIGNALING_CLUSTER_NAME", TestNodes.randomClusterName());
    Process process = builder.start();
    BlockingQueue<String> lines = follow(process);
    try {
      awaitLine(lines, "listening on 127.0.0.1:" + port);
      WireClient client = new WireClient(port);
      assertAnswered(client.signIn("from-the-jar"), 200);
      // SIGTERM; Process.destroy() would also close our end of its output and lose the last lines
      assertThat(process.toHandle().destroy()).isTrue();
      awaitLine(lines, "stopped");
      assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
      assertThat(process.exitValue()).isZero();
    } finally {
      process.destroyForcibly();
    }
  }

  private static Process java(String... args) throws IOException {
    return command(args).start();
  }

  private static ProcessBuilder command(String... args) {
    assertThat(JAR).as("the packaged jar (mvn package)").exists();
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", JAR.toString()));
    command.addAll(List.of(args));
    return new ProcessBuilder(command).redirectErrorStream(true);
  }

  private static List<String> readAll(Process process) throws IOException {
    try (BufferedReader reader = new BufferedReader(
        new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      return reader.lines().toList();
    }
  }

  /** Every line the process prints, as it prints it. */
  private static BlockingQueue<String> follow(Process process) {
    BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    Thread reader = new Thread(() -> {
      try (BufferedReader in = new BufferedReader(
          new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
        in.lines().forEach(lines::add);
      } catch (IOException e) {
        lines.add("<output ended: " + e + ">");
      }
    });
    reader.setDaemon(true);
    reader.start();
    return lines;
  }

  private static void awaitLine(BlockingQueue<String> lines, String fragment) throws InterruptedException {
    List<String> seen = new ArrayList<>();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (System.nanoTime() < deadline) {
      String line = lines.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
      if (line == null) {
        break;
      }
      seen.add(line);
      if (line.contains(fragment)) {
        return;
      }
    }
    throw new AssertionError("no line with '" + fragment + "' in:\n" + String.join("\n", seen));
  }

  private static int freePort() throws IOException {
    try (ServerSocket probe = new ServerSocket(0)) {
      return probe.getLocalPort();
    }
  }

}
