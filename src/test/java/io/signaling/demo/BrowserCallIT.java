package io.signaling.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.PubSecKeyOptions;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The demo page in real browsers: two headless Chromium instances (Debian's chromium, driven by playwright-core,
 * both installed by .ci/install-deps), one on each node of a two-node cluster of the built jar, sign in, see
 * each other, open a WebRTC data channel, chat both ways, hang up and sign out. Browsers and nodes run in a
 * network namespace of their own (unshare -n) with nothing but loopback, so no packet can leave the machine;
 * the browser side (src/test/browser/call.mjs) also checks that both chose a loopback candidate pair. A second
 * run makes the same call in a room with sign-in tokens, each page given the room and its token in its address.
 * Screenshots land in target/browser-call.
 */
class BrowserCallIT {

  private static final Path SCRIPT_DIR = Path.of("src/test/browser");
  private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  private static final Path OUT = Path.of("target/browser-call");
  private static final Path JAR = Path.of("target/signaling-server.jar");

  @Test
  void twoBrowsersOnTwoNodesMakeOneCall() throws Exception {
    List<String> lines = call(OUT, Map.of(), List.of());
    for (String name : List.of("alice-in-call", "bob-in-call", "alice-signed-out", "bob-signed-out")) {
      Path shot = OUT.resolve(name + ".png");
      assertThat(shot).as("screenshot " + name).isRegularFile();
      byte[] head = Files.readAllBytes(shot);
      assertThat(head).as("a PNG file").startsWith((byte) 0x89, (byte) 'P', (byte) 'N', (byte) 'G');
    }
    assertThat(lines).noneMatch(line -> line.startsWith("step: every peer request carried"));
  }

  /**
   * The same call where the nodes ask for sign-in tokens, in a room: each page is opened with the room in its query
   * and its token in the URL's fragment (as a web app would send its user there), and signs in, calls and signs out
   * with them. The tokens pin that room.
   */
  @Test
  void twoBrowsersWithSignInTokensInTheirPageAddressMakeOneCallInARoom() throws Exception {
    String secret = "browser-test-secret-" + UUID.randomUUID();
    Vertx vertx = Vertx.vertx();
    String tokens;
    try {
      JWTAuth issuer = JWTAuth.create(vertx, new JWTAuthOptions()
          .addPubSecKey(new PubSecKeyOptions().setAlgorithm("HS256").setBuffer(secret)));
      tokens = Stream.of("alice", "bob").map(name -> issuer.generateToken(new JsonObject().put("sub", name)
          .put("name", name).put("room", "team-7"), new JWTOptions().setAlgorithm("HS256").setExpiresInMinutes(10)))
          .collect(Collectors.joining(","));
    } finally {
      vertx.close();
    }
    List<String> lines = call(OUT.resolve("with-tokens"), Map.of("SIGNALING_AUTH_JWT_SECRET", secret),
        List.of("--tokens", tokens, "--room", "team-7"));
    assertThat(lines).contains("step: every peer request carried its page's token in Authorization, and no URL"
        + " carried one", "step: both pages show room team-7", "step: every peer request went under /rooms/team-7/");
  }

  /** Runs call.mjs with its two nodes in a network namespace of its own; returns what it printed. */
  private static List<String> call(Path out, Map<String, String> nodeEnvironment, List<String> callOptions)
      throws Exception {
    assertThat(CHROMIUM).as("Chromium, installed by .ci/install-deps").isExecutable();
    assertThat(SCRIPT_DIR.resolve("node_modules/playwright-core")).as("playwright-core, installed by .ci/install-deps")
        .isDirectory();
    deleteScreenshots(out);
    assertThat(JAR).as("the jar the package phase built").isRegularFile();
    List<String> command = new ArrayList<>(List.of("unshare", "-n", SCRIPT_DIR.resolve("call-in-netns").toString(),
        JAR.toString(), out.toString()));
    command.addAll(callOptions);
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().putAll(nodeEnvironment);
    Process run = builder.start();
    List<String> lines = new ArrayList<>();
    // call.mjs bounds itself at 3 minutes, local-cluster its start and stop: reading to the end returns.
    try (var output = run.inputReader(StandardCharsets.UTF_8)) {
      output.lines().forEach(line -> {
        System.out.println("[browser] " + line);
        lines.add(line);
      });
    }
    assertThat(run.waitFor(90, TimeUnit.SECONDS)).as("the nodes stop after the browsers").isTrue();
    String summary = lines.stream().filter(line -> line.startsWith("summary: ")).findFirst().orElse("(none)");
    assertThat(run.exitValue()).as("exit status; the run said %s", summary).isZero();
    assertThat(summary).contains("\"ok\":true");
    assertThat(lines).contains(
        "step: both signed in",
        "step: each sees the other in the peer list",
        "step: data channel open on both sides",
        "step: a message went each way over the data channel",
        "step: alice hung up and bob saw the BYE",
        "step: bob signed out and alice saw him leave",
        "step: alice signed out");
    assertThat(lines).anyMatch(line -> line.startsWith("step: both selected a loopback candidate pair"));
    return lines;
  }

  private static void deleteScreenshots(Path out) throws IOException {
    if (Files.isDirectory(out)) {
      try (var files = Files.list(out)) {
        for (Path file : files.filter(path -> path.toString().endsWith(".png")).toList()) {
          Files.delete(file);
        }
      }
    }
  }
}
