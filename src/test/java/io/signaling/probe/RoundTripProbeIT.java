package io.signaling.probe;

import static org.assertj.core.api.Assertions.assertThat;

import io.signaling.main.SignalingNode;
import io.signaling.testing.Ports;
import io.signaling.testing.TestNodes;
import io.signaling.testing.WireClient;
import io.signaling.testing.WireResponse;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The probe subcommand (the chart's helm test): it passes against a node and fails loudly otherwise. */
class RoundTripProbeIT {

  private static SignalingNode node;

  @BeforeAll
  static void start() {
    node = TestNodes.start();
  }

  @AfterAll
  static void stop() {
    TestNodes.stop(node);
  }

  private record Run(int status, String out, String err) {
  }

  private static Run probe(String... args) {
    return probe(Map.of(), args);
  }

  private static Run probe(Map<String, String> environment, String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int status = RoundTripProbe.run(args, environment, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Run(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  @Test
  void aRoundTripThroughALiveNodeSucceedsAndLeavesNoPeerBehind() {
    Run run = probe("--url", "http://127.0.0.1:" + node.port(), "--timeout", "20s");
    assertThat(run.status()).as(run.err()).isZero();
    assertThat(run.out()).contains("received it").contains("probe: OK");
    // Both probe peers signed out: a new peer's list holds only itself.
    WireClient client = new WireClient(node.port());
    WireResponse signedIn = client.signIn("after-the-probe");
    assertThat(signedIn.body().lines()).hasSize(1);
    client.signOut(signedIn.pragma());
  }

  /**
   * Nodes that require sign-in tokens: with their HS256 secret in its environment the probe signs its own token
   * (as the chart's test pod does), or it carries one given in a file; without either it fails on the 401.
   */
  @Test
  void whereNodesRequireTokensTheProbeSignsOneOrCarriesOneGiven() throws Exception {
    String secret = "the-nodes-secret-of-at-least-32-bytes";
    SignalingNode guarded = TestNodes.start("--auth-jwt-secret", secret);
    try {
      String url = "http://127.0.0.1:" + guarded.port();
      Run without = probe("--url", url, "--timeout", "10s");
      assertThat(without.status()).isEqualTo(1);
      assertThat(without.err()).contains("probe: FAILED: /sign_in answered 401");

      Run signing = probe(Map.of(RoundTripProbe.JWT_SECRET_VARIABLE, secret), "--url", url, "--timeout", "10s");
      assertThat(signing.status()).as(signing.err()).isZero();
      assertThat(signing.out()).contains("probe: OK");

      Path tokenFile = Files.createDirectories(Path.of("target", "probe")).resolve("token");
      Files.writeString(tokenFile, ProbeToken.of(null, secret, java.time.Duration.ofMinutes(1)) + "\n");
      Run carrying = probe("--url", url, "--timeout", "10s", "--token-file", tokenFile.toString());
      assertThat(carrying.status()).as(carrying.err()).isZero();

      Run wrongSecret = probe(Map.of(RoundTripProbe.JWT_SECRET_VARIABLE, "another-secret-of-at-least-32-bytes!"),
          "--url", url, "--timeout", "10s");
      assertThat(wrongSecret.status()).isEqualTo(1);
    } finally {
      TestNodes.stop(guarded);
    }
  }

  @Test
  void nothingListeningFails() {
    Run run = probe("--url", "http://127.0.0.1:" + Ports.free(), "--timeout", "5s");
    assertThat(run.status()).isEqualTo(1);
    assertThat(run.err()).contains("probe: FAILED");
  }

  @Test
  void aServerThatIsNotSignalingFails() {
    Run run = probe("--url", "http://127.0.0.1:" + node.managementPort(), "--timeout", "5s");
    assertThat(run.status()).isEqualTo(1);
    // Vert.x writes a lower-case content-length, which the C++ client (and so the probe) does not read.
    assertThat(run.err()).contains("probe: FAILED: a 404 answer without a complete body");
  }

  @Test
  void badUsageSaysHow() {
    assertThat(probe("--url", "ftp://x").status()).isEqualTo(2);
    Run unknown = probe("--verbose");
    assertThat(unknown.status()).isEqualTo(2);
    assertThat(unknown.err()).contains("unknown option --verbose").contains("usage:");
  }
}
