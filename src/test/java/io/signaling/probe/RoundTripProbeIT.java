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
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int status = RoundTripProbe.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
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
