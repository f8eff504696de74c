package io.signaling.probe;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.time.Duration;
import java.util.UUID;
import picocli.CommandLine;

/**
 * {@code java -jar signaling-server.jar probe [--url URL] [--timeout 30s]}: one real signaling round trip
 * through a server or a load balancer. Two peers sign in, one posts a message, the other's /wait receives it,
 * both sign out. Behind a load balancer each request may land on another node, so this checks the cluster too.
 * It is the chart's {@code helm test}; exit 0 when the message arrived intact, 1 when not, 2 on bad usage.
 */
public final class RoundTripProbe {

  private static final String USAGE = "usage: signaling-server probe [--url http://host:port] [--timeout 30s]";

  private final ProbeClient client;
  private final long deadlineNanos;
  private final PrintStream log;

  RoundTripProbe(URI server, Duration timeout, PrintStream log) {
    this.client = new ProbeClient(server, (int) Math.min(Integer.MAX_VALUE, timeout.toMillis()));
    this.deadlineNanos = System.nanoTime() + timeout.toNanos();
    this.log = log;
  }

  /** The probe's command line, read by picocli. */
  @CommandLine.Command(name = "probe")
  static final class Arguments {
    @CommandLine.Option(names = "--url", defaultValue = "http://127.0.0.1:8888",
        description = "the server or load balancer to go through")
    URI server;

    @CommandLine.Option(names = "--timeout", defaultValue = "30s", converter = SimpleDuration.class,
        description = "how long the whole round trip may take (e.g. 30s, 2m)")
    Duration timeout;
  }

  /** {@code 30s}, {@code 2m}, {@code 1h}: a number and a unit, as ISO-8601 writes the time part of a duration. */
  static final class SimpleDuration implements CommandLine.ITypeConverter<Duration> {
    @Override
    public Duration convert(String text) {
      return Duration.parse("PT" + text.toUpperCase(java.util.Locale.ROOT));
    }
  }

  /** Runs the probe for the command line; returns the process's exit status. */
  public static int run(String[] args, PrintStream out, PrintStream err) {
    Arguments arguments = new Arguments();
    try {
      new CommandLine(arguments).parseArgs(args);
      if (!"http".equals(arguments.server.getScheme()) || arguments.server.getHost() == null) {
        throw new IllegalArgumentException("--url must be http://host[:port]");
      }
    } catch (CommandLine.ParameterException | IllegalArgumentException e) {
      err.println("signaling-server probe: " + (e instanceof CommandLine.UnmatchedArgumentException unmatched
          ? "unknown option " + String.join(" ", unmatched.getUnmatched()) : e.getMessage()));
      err.println(USAGE);
      return 2;
    }
    try {
      new RoundTripProbe(arguments.server, arguments.timeout, out).roundTrip();
      out.println("probe: OK, a message went round trip through " + arguments.server);
      return 0;
    } catch (IOException | ProbeFailure e) {
      err.println("probe: FAILED: " + e.getMessage());
      return 1;
    }
  }

  /** A step that got an answer, but the wrong one. */
  static final class ProbeFailure extends Exception {
    private static final long serialVersionUID = 1L;

    ProbeFailure(String message) {
      super(message);
    }
  }

  void roundTrip() throws IOException, ProbeFailure {
    String nonce = UUID.randomUUID().toString();
    int receiver = signIn("probe-receiver");
    int sender = -1;
    try {
      sender = signIn("probe-sender");
      ProbeClient.Answer posted = client.message(sender, receiver, "probe " + nonce);
      expect(posted.status() == 200, "/message answered " + posted.status() + ": " + posted.body());
      log.printf("probe: peer %d posted a message to peer %d%n", sender, receiver);
      awaitMessage(receiver, sender, "probe " + nonce);
      log.printf("probe: peer %d's /wait received it%n", receiver);
    } finally {
      signOut(receiver);
      if (sender >= 0) {
        signOut(sender);
      }
    }
  }

  private int signIn(String name) throws IOException, ProbeFailure {
    ProbeClient.Answer answer = client.signIn(name);
    expect(answer.status() == 200 && answer.pragma() > 0, "/sign_in answered " + answer.status() + ": "
        + answer.body());
    log.printf("probe: signed in as peer %d%n", answer.pragma());
    return answer.pragma();
  }

  /** Waits until the message arrives; other items (joins and leaves of real users) are taken and skipped. */
  private void awaitMessage(int receiver, int sender, String expected) throws IOException, ProbeFailure {
    while (System.nanoTime() < deadlineNanos) {
      ProbeClient.Answer item = client.await(receiver);
      expect(item.status() == 200, "/wait answered " + item.status() + ": " + item.body());
      if (item.pragma() == sender) {
        expect(item.body().equals(expected), "the message arrived altered: " + item.body());
        return;
      }
    }
    throw new ProbeFailure("the message did not arrive in time");
  }

  private void signOut(int peer) {
    try {
      client.signOut(peer);
    } catch (IOException e) {
      log.printf("probe: could not sign out peer %d: %s%n", peer, e.getMessage());
    }
  }

  private static void expect(boolean condition, String otherwise) throws ProbeFailure {
    if (!condition) {
      throw new ProbeFailure(otherwise);
    }
  }
}
