package io.signaling.loadtest;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Every scenario, briefly, against a real node (the server's jar, built by the server's own mvn verify): it
 * finishes by itself, exits 0, loses nothing and writes its three reports.
 */
class ScenariosIT {

  private static final Path SERVER_JAR = Path.of("..", "target", "signaling-server.jar");
  private static Process node;
  private static int port;
  private static int management;

  @TempDir
  Path results;

  @BeforeAll
  static void startNode() throws Exception {
    assertThat(SERVER_JAR).as("build the server first (mvn verify at the top)").exists();
    port = freePort();
    management = freePort();
    node = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar",
        SERVER_JAR.toString(), "--host", "127.0.0.1", "--port", String.valueOf(port), "--management-host",
        "127.0.0.1", "--management-port", String.valueOf(management), "--cluster-host", "127.0.0.1",
        "--cluster-name", "loadtest-it-" + System.nanoTime(), "--drain-delay", "0s",
        // the generator is hundreds of clients on a few addresses: the per-address limits would stop it
        "--max-connections-per-address", "0", "--sign-ins-per-address", "0", "--unknown-peers-per-address", "0",
        "--messages-per-peer", "0")
        .redirectErrorStream(true).redirectOutput(Path.of("target", "scenarios-node.log").toFile()).start();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (!ready()) {
      assertThat(node.isAlive()).as("the node runs; see target/scenarios-node.log").isTrue();
      assertThat(System.nanoTime()).as("the node is ready within a minute").isLessThan(deadline);
      node.waitFor(200, TimeUnit.MILLISECONDS); // the node's own exit would end this wait early
    }
  }

  @AfterAll
  static void stopNode() throws InterruptedException {
    node.destroy();
    node.waitFor(30, TimeUnit.SECONDS);
  }

  private static boolean ready() {
    try {
      HttpURLConnection probe = (HttpURLConnection) URI.create("http://127.0.0.1:" + management + "/health/ready")
          .toURL().openConnection();
      return probe.getResponseCode() == 200;
    } catch (IOException e) {
      return false;
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  private JsonObject run(String... args) throws IOException {
    String[] all = Stream.concat(Stream.of(args), Stream.of("--url", "http://127.0.0.1:" + port,
        "--results", results.toString())).toArray(String[]::new);
    assertThat(new CommandLine(LoadTest.class).execute(all)).as("exit status").isZero();
    try (Stream<Path> folders = Files.list(results)) {
      Path report = folders.filter(folder -> folder.getFileName().toString().startsWith(args[0])).findFirst()
          .orElseThrow();
      for (String file : List.of("report.txt", "report.json", "report.html")) {
        assertThat(report.resolve(file)).isNotEmptyFile();
      }
      assertThat(Files.readString(report.resolve("report.html"))).contains("<svg").doesNotContain("<script");
      return new JsonObject(Files.readString(report.resolve("report.json")));
    }
  }

  @Test
  void callSetupRelaysEveryMessageInOrder() throws IOException {
    JsonObject report = run("call-setup", "--pairs", "3", "--warmup", "1", "--duration", "2", "--candidates", "4");
    JsonObject results = report.getJsonObject("results");
    assertThat(results.getLong("calls set up (measured)")).isPositive();
    assertThat(results.getLong("lost")).isZero();
    assertThat(results.getLong("duplicated")).isZero();
    assertThat(results.getLong("out of order")).isZero();
    assertThat(report.getJsonObject("latencies").getJsonObject("delivery").getLong("count")).isPositive();
    assertThat(report.getJsonArray("timeline")).isNotEmpty();
  }

  @Test
  void churnFansOutEveryJoinAndLeave() throws IOException {
    JsonObject results = run("churn", "--online", "5", "--rate", "5", "--stay", "100", "--duration", "2")
        .getJsonObject("results");
    assertThat(results.getLong("notifications received")).isPositive()
        .isEqualTo(results.getLong("notifications expected"));
  }

  @Test
  void roomsMeasuresSignInsAtEachLevel() throws IOException {
    JsonObject results = run("rooms", "--levels", "8,16", "--room-size", "4", "--group", "2", "--rate", "3",
        "--warmup", "1", "--window", "2", "--quiet", "1", "--server-pid", String.valueOf(node.pid())).getJsonObject("results");
    JsonObject byLevel = results.getJsonObject("by peers online");
    assertThat(byLevel.fieldNames()).containsExactly("8", "16");
    for (String level : byLevel.fieldNames()) {
      JsonObject figures = byLevel.getJsonObject(level);
      assertThat(figures.getLong("sign-ins")).as(level).isPositive();
      assertThat(figures.getLong("calls timed out")).as(level).isZero();
      assertThat(figures.getLong("sign-ins refused")).as(level).isZero();
      assertThat(figures.getDouble("node CPU ms per sign-in")).as(level).isNotNaN();
    }
    assertThat(results.getLong("lost")).isZero();
  }

  @Test
  void relayChecksOffEveryMessageAndCountsTheServersCpu() throws IOException {
    JsonObject results = run("relay", "--levels", "1,3", "--warmup", "1", "--level-warmup", "1", "--window", "2",
        "--source-addresses", "0", "--server-pid", String.valueOf(node.pid())).getJsonObject("results");
    JsonObject byPairs = results.getJsonObject("by pairs");
    assertThat(byPairs.fieldNames()).containsExactly("1", "3");
    for (String level : byPairs.fieldNames()) {
      JsonObject figures = byPairs.getJsonObject(level);
      assertThat(figures.getLong("messages")).as(level).isPositive();
      assertThat(figures.getDouble("messages per server CPU-second")).as(level).isPositive();
      assertThat(figures.getLong("lost")).as(level).isZero();
      assertThat(figures.getLong("duplicated")).as(level).isZero();
      assertThat(figures.getLong("out of order")).as(level).isZero();
    }
  }

  @Test
  void parkedMeasuresWhatTheNodeHolds() throws IOException {
    JsonObject results = run("parked", "--peers", "20", "--sample", "5", "--settle", "0",
        "--metrics-url", "http://127.0.0.1:" + management + "/metrics").getJsonObject("results");
    assertThat(results.getLong("peers parked")).isEqualTo(20);
    assertThat(results.getLong("lost")).isZero();
  }

  @Test
  void abuseFloodsWhileThePairKeepsTalking() throws IOException {
    JsonObject report = run("abuse", "--warmup", "1", "--duration", "3", "--idle-sockets", "100", "--idle-rate",
        "100", "--in-flight", "2");
    JsonObject results = report.getJsonObject("results");
    assertThat(results.getLong("lost")).isZero();
    assertThat(results.getLong("pair failures")).isZero();
    JsonObject counters = report.getJsonObject("counters");
    assertThat(counters.getLong("pair delivered")).isPositive();
    assertThat(counters.getLong("injection flood 400")).as("injected Content-Types refused").isPositive();
    assertThat(counters.fieldNames()).as("no injected Content-Type accepted").doesNotContain("injection flood 200");
    assertThat(counters.getLong("idle sockets opened")).isPositive();
  }
}
