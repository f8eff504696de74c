package io.signaling.probe;

import io.signaling.config.Options;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.time.Duration;
import java.util.UUID;
import picocli.CommandLine;

/**
 * {@code java -jar signaling-server.jar probe [--url URL] [--timeout 30s] [--members NAME ...]}: real signaling
 * round trips. Through the server or load balancer at {@code --url}, two peers sign in, one posts a message, the
 * other's /wait receives it, both sign out. With {@code --members} (the headless Service's DNS name), every pod
 * it lists is then checked on its own ({@link PodsProbe}): ready, seeing as many members as there are pods, and a
 * message sent from each pod arrives through the next. It is the chart's {@code helm test}; exit 0 when every
 * check passed, 1 when one did not, 2 on bad usage.
 */
public final class RoundTripProbe {

  private static final String USAGE = "usage: signaling-server probe [--url http://host:port] [--timeout 30s]"
      + " [--proxy-protocol] [--members dns-name-or-addresses --signaling-port N --management-port N"
      + " [--expect-members N]] [--token-file FILE]; with SIGNALING_AUTH_JWT_SECRET set, the probe signs its own"
      + " token";

  private final long deadlineNanos;
  private final PrintStream log;
  private final int timeoutMillis;
  private final boolean proxyProtocol;
  private final String token;

  RoundTripProbe(Duration timeout, PrintStream log, boolean proxyProtocol, String token) {
    this.deadlineNanos = System.nanoTime() + timeout.toNanos();
    this.timeoutMillis = (int) Math.min(Integer.MAX_VALUE, timeout.toMillis());
    this.log = log;
    this.proxyProtocol = proxyProtocol;
    this.token = token;
  }

  /** How long one request may take: the probe's whole timeout. */
  int timeoutMillis() {
    return timeoutMillis;
  }

  /** A client of the signaling port at this address, with the probe's timeout, PROXY line and token. */
  ProbeClient client(String host, int port) {
    return new ProbeClient(host, port, timeoutMillis, proxyProtocol, token);
  }

  /** The probe's command line, read by picocli. */
  @CommandLine.Command(name = "probe")
  static final class Arguments {
    @CommandLine.Option(names = "--url", defaultValue = "http://127.0.0.1:8888",
        description = "the server or load balancer to go through")
    URI server;

    @CommandLine.Option(names = "--timeout", defaultValue = "30s", converter = SimpleDuration.class,
        description = "how long all the checks may take (e.g. 30s, 2m)")
    Duration timeout;

    @CommandLine.Option(names = "--proxy-protocol",
        description = "begin each signaling connection with a PROXY protocol line (nodes run with --proxy-protocol)")
    boolean proxyProtocol;

    @CommandLine.Option(names = "--members", description = "a DNS name listing every pod, or addresses separated"
        + " by commas: each is checked on its own")
    String members;

    @CommandLine.Option(names = "--signaling-port", defaultValue = "8888", description = "the pods' signaling port")
    int signalingPort;

    @CommandLine.Option(names = "--management-port", defaultValue = "8889", description = "the pods' management port")
    int managementPort;

    @CommandLine.Option(names = "--expect-members", defaultValue = "0",
        description = "how many pods there must be (0: as many as --members lists)")
    int expectMembers;

    @CommandLine.Option(names = "--token-file",
        description = "a file holding the sign-in token every request carries (nodes that require tokens)")
    java.nio.file.Path tokenFile;
  }

  /**
   * The nodes' HS256 secret, read from the environment only (a command line is visible to all on the machine), under
   * the name the nodes read it by.
   */
  static final String JWT_SECRET_VARIABLE = Options.AUTH_JWT_SECRET.environmentVariable();

  /** {@code 30s}, {@code 2m}, {@code 1h}: a number and a unit, as ISO-8601 writes the time part of a duration. */
  static final class SimpleDuration implements CommandLine.ITypeConverter<Duration> {
    @Override
    public Duration convert(String text) {
      return Duration.parse("PT" + text.toUpperCase(java.util.Locale.ROOT));
    }
  }

  /** Runs the probe for the command line in this process's environment; returns the process's exit status. */
  public static int run(String[] args, PrintStream out, PrintStream err) {
    return run(args, System.getenv(), out, err);
  }

  /** The same in the environment given. */
  static int run(String[] args, java.util.Map<String, String> environment, PrintStream out, PrintStream err) {
    Arguments arguments = new Arguments();
    String token;
    try {
      new CommandLine(arguments).parseArgs(args);
      if (!"http".equals(arguments.server.getScheme()) || arguments.server.getHost() == null) {
        throw new IllegalArgumentException("--url must be http://host[:port]");
      }
      if (arguments.expectMembers < 0) {
        throw new IllegalArgumentException("--expect-members must not be negative");
      }
      token = ProbeToken.of(arguments.tokenFile, environment.get(JWT_SECRET_VARIABLE), arguments.timeout);
    } catch (CommandLine.ParameterException | IllegalArgumentException | IOException e) {
      err.println("signaling-server probe: " + (e instanceof CommandLine.UnmatchedArgumentException unmatched
          ? "unknown option " + String.join(" ", unmatched.getUnmatched()) : e.getMessage()));
      err.println(USAGE);
      return 2;
    }
    RoundTripProbe probe = new RoundTripProbe(arguments.timeout, out, arguments.proxyProtocol, token);
    URI server = arguments.server;
    ProbeClient through = probe.client(server.getHost(), server.getPort() > 0 ? server.getPort() : 80);
    try {
      probe.roundTrip(through, through);
      out.println("probe: OK, a message went round trip through " + server);
      if (arguments.members != null) {
        new PodsProbe(probe, arguments, out).check();
      }
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

  /** The sender signs in and posts through one client, the receiver signs in and waits through the other. */
  void roundTrip(ProbeClient senderSide, ProbeClient receiverSide) throws IOException, ProbeFailure {
    String nonce = UUID.randomUUID().toString();
    int receiver = signIn(receiverSide, "probe-receiver");
    int sender = -1;
    try {
      sender = signIn(senderSide, "probe-sender");
      ProbeClient.Answer posted = senderSide.message(sender, receiver, "probe " + nonce);
      expect(posted.status() == 200, "/message answered " + posted.status() + ": " + posted.body());
      log.printf("probe: peer %d posted a message to peer %d through %s%n", sender, receiver, senderSide.server());
      awaitMessage(receiverSide, receiver, sender, "probe " + nonce);
      log.printf("probe: peer %d's /wait received it through %s%n", receiver, receiverSide.server());
    } finally {
      signOut(receiverSide, receiver);
      if (sender >= 0) {
        signOut(senderSide, sender);
      }
    }
  }

  boolean timeLeft() {
    return System.nanoTime() < deadlineNanos;
  }

  private int signIn(ProbeClient client, String name) throws IOException, ProbeFailure {
    ProbeClient.Answer answer = client.signIn(name);
    expect(answer.status() != 401, "/sign_in answered 401: the nodes require a sign-in token; give the probe one"
        + " in --token-file or their HS256 secret in " + JWT_SECRET_VARIABLE + " (chart: tests.token.existingSecret"
        + " with config.auth.jwks)");
    expect(answer.status() == 200 && answer.pragma() > 0, "/sign_in answered " + answer.status() + ": "
        + answer.body());
    log.printf("probe: signed in as peer %d through %s%n", answer.pragma(), client.server());
    return answer.pragma();
  }

  /** Waits until the message arrives; other items (joins and leaves of real users) are taken and skipped. */
  private void awaitMessage(ProbeClient client, int receiver, int sender, String expected)
      throws IOException, ProbeFailure {
    while (timeLeft()) {
      ProbeClient.Answer item = client.await(receiver);
      expect(item.status() == 200, "/wait answered " + item.status() + ": " + item.body());
      if (item.pragma() == sender) {
        expect(item.body().equals(expected), "the message arrived altered: " + item.body());
        return;
      }
    }
    throw new ProbeFailure("the message did not arrive in time");
  }

  private void signOut(ProbeClient client, int peer) {
    try {
      client.signOut(peer);
    } catch (IOException e) {
      log.printf("probe: could not sign out peer %d: %s%n", peer, e.getMessage());
    }
  }

  static void expect(boolean condition, String otherwise) throws ProbeFailure {
    if (!condition) {
      throw new ProbeFailure(otherwise);
    }
  }
}
