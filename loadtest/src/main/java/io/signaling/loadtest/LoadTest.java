package io.signaling.loadtest;

import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code java -jar signaling-loadtest.jar <scenario> --url http://host:port [options]}: one scenario, one report. */
@Command(name = "signaling-loadtest", mixinStandardHelpOptions = true, version = "0.1.0",
    description = "Load for the signaling server, shaped like peer_connection_client.cc and conductor.cc.",
    subcommands = {LoadTest.CallSetupCommand.class, LoadTest.CrossNodeCommand.class, LoadTest.ParkedCommand.class,
        LoadTest.ChurnCommand.class, LoadTest.AbuseCommand.class, LoadTest.RoomsCommand.class,
        LoadTest.RelayCommand.class})
public final class LoadTest {

  /** Options every scenario takes. */
  static final class Common {
    @Option(names = "--url", required = true, description = "the server or load balancer, http://host:port")
    URI url;
    @Option(names = "--source-addresses", defaultValue = "8",
        description = "spread connections over 127.0.0.1..N (loopback targets only; 0: bind none, the kernel picks at connect) (default: ${DEFAULT-VALUE})")
    int sourceAddresses;
    @Option(names = "--event-loops", defaultValue = "2", description = "event loops of the generator (default: ${DEFAULT-VALUE})")
    int eventLoops;
    @Option(names = "--results", defaultValue = "loadtest/results", description = "where reports go (default: ${DEFAULT-VALUE})")
    Path results;
    @Option(names = "--metrics-url", description = "a node's /metrics, for server-side figures (repeatable)")
    List<URI> metricsUrls = new ArrayList<>();
    @Option(names = "--server-pid", description = "a server's process id: its CPU time is read (relay, rooms), and a full GC is run before heap is read (parked) (repeatable)")
    List<Long> serverPids = new ArrayList<>();
  }

  private LoadTest() {
  }

  public static void main(String[] args) {
    System.exit(new CommandLine(LoadTest.class).execute(args));
  }

  static String commandLine(String scenario, String[] args) {
    return "java -jar loadtest/target/signaling-loadtest.jar " + scenario + " " + String.join(" ", args);
  }

  /** Runs a scenario body, then writes and announces its report; exit 1 when messages were lost or duplicated. */
  static int runAndReport(Run run, Common common, String commandLine, ScenarioBody body) throws Exception {
    try (run) {
      body.execute();
    }
    Path folder = Report.write(run, common.results, commandLine);
    System.out.print(Report.text(run, commandLine));
    System.out.println("report: " + folder.resolve("report.html"));
    long lost = run.results.get("lost") instanceof Long value ? value : 0;
    return lost > 0 || run.counters.get("duplicated") > 0 ? 1 : 0;
  }

  interface ScenarioBody {
    void execute() throws Exception;
  }

  @Command(name = "call-setup", mixinStandardHelpOptions = true,
      description = "(b) pairs set up calls: offer, answer, ICE candidates, bye")
  static class CallSetupCommand implements Callable<Integer> {
    @Mixin
    CommonMixin common;
    @Option(names = "--pairs", defaultValue = "50", description = "caller-callee pairs (default: ${DEFAULT-VALUE})")
    int pairs;
    @Option(names = "--rate", defaultValue = "0", description = "call setups per second; 0 = each pair back to back (default: ${DEFAULT-VALUE})")
    double rate;
    @Option(names = "--warmup", defaultValue = "10", description = "seconds of calls before measuring (default: ${DEFAULT-VALUE})")
    int warmup;
    @Option(names = "--duration", defaultValue = "30", description = "seconds of calls measured (default: ${DEFAULT-VALUE})")
    int duration;
    @Option(names = "--candidates", defaultValue = "10", description = "ICE candidates per side (default: ${DEFAULT-VALUE})")
    int candidates;
    @Option(names = "--sdp-bytes", defaultValue = "4000", description = "size of each SDP (default: ${DEFAULT-VALUE})")
    int sdpBytes;
    @Option(names = "--concurrency", defaultValue = "32", description = "sign-ins under way at once (default: ${DEFAULT-VALUE})")
    int concurrency;

    String scenario() {
      return "call-setup";
    }

    @Override
    public Integer call() throws Exception {
      Run run = common.run(scenario());
      CallSetup setup = new CallSetup(run, new CallSetup.Options(pairs, rate, warmup, duration, candidates, sdpBytes,
          concurrency));
      return runAndReport(run, common.options, commandLine(scenario(), common.args()), setup::execute);
    }
  }

  @Command(name = "cross-node", mixinStandardHelpOptions = true,
      description = "(d) call-setup through a load balancer in front of several nodes")
  static final class CrossNodeCommand extends CallSetupCommand {
    @Override
    String scenario() {
      return "cross-node";
    }
  }

  @Command(name = "parked", mixinStandardHelpOptions = true,
      description = "(a) N peers with a parked /wait: heap and RSS per peer, delivery to a sample")
  static final class ParkedCommand implements Callable<Integer> {
    @Mixin
    CommonMixin common;
    @Option(names = "--peers", defaultValue = "1000", description = "peers to park (default: ${DEFAULT-VALUE})")
    int peers;
    @Option(names = "--sample", defaultValue = "200", description = "messages to random parked peers (default: ${DEFAULT-VALUE})")
    int sample;
    @Option(names = "--concurrency", defaultValue = "32", description = "sign-ins under way at once (default: ${DEFAULT-VALUE})")
    int concurrency;
    @Option(names = "--settle", defaultValue = "3", description = "seconds held parked before measuring (default: ${DEFAULT-VALUE})")
    int settle;

    @Override
    public Integer call() throws Exception {
      Run run = common.run("parked");
      ParkedCapacity parked = new ParkedCapacity(run, new ParkedCapacity.Options(peers, sample, concurrency, settle),
          new ServerMetrics(common.options.metricsUrls, common.options.serverPids));
      return runAndReport(run, common.options, commandLine("parked", common.args()), parked::execute);
    }
  }

  @Command(name = "churn", mixinStandardHelpOptions = true,
      description = "(c) sign-ins and sign-outs per second with peers online, joins and leaves fanned out")
  static final class ChurnCommand implements Callable<Integer> {
    @Mixin
    CommonMixin common;
    @Option(names = "--online", defaultValue = "200", description = "peers online, waiting (default: ${DEFAULT-VALUE})")
    int online;
    @Option(names = "--rate", defaultValue = "10", description = "sign-ins per second (default: ${DEFAULT-VALUE})")
    double rate;
    @Option(names = "--stay", defaultValue = "500", description = "ms a churning peer stays (default: ${DEFAULT-VALUE})")
    int stay;
    @Option(names = "--duration", defaultValue = "30", description = "seconds of churn (default: ${DEFAULT-VALUE})")
    int duration;
    @Option(names = "--concurrency", defaultValue = "32", description = "sign-ins under way at once while setting up (default: ${DEFAULT-VALUE})")
    int concurrency;

    @Override
    public Integer call() throws Exception {
      Run run = common.run("churn");
      Churn churn = new Churn(run, new Churn.Options(online, rate, stay, duration, concurrency));
      return runAndReport(run, common.options, commandLine("churn", common.args()), churn::execute);
    }
  }

  @Command(name = "abuse", mixinStandardHelpOptions = true,
      description = "hostile floods (sign-ins, id probes, idle sockets, 64 kB messages, header injection) against"
          + " a node while a well-behaved pair's delivery is measured")
  static final class AbuseCommand implements Callable<Integer> {
    @Mixin
    CommonMixin common;
    @Option(names = "--warmup", defaultValue = "10", description = "seconds of the pair alone first (default: ${DEFAULT-VALUE})")
    int warmup;
    @Option(names = "--duration", defaultValue = "30", description = "seconds of floods (default: ${DEFAULT-VALUE})")
    int duration;
    @Option(names = "--idle-rate", defaultValue = "1400", description = "idle sockets opened per second at most (default: ${DEFAULT-VALUE})")
    int idleRate;
    @Option(names = "--in-flight", defaultValue = "8", description = "requests under way per flood (default: ${DEFAULT-VALUE})")
    int inFlight;
    @Option(names = "--idle-sockets", defaultValue = "16500", description = "idle sockets held open (default: ${DEFAULT-VALUE})")
    int idleSockets;
    @Option(names = "--pair-rate", defaultValue = "5", description = "the pair's messages per second, each way (default: ${DEFAULT-VALUE})")
    int pairRate;
    @Option(names = "--pair-address", defaultValue = "100", description = "the pair talks from 127.0.0.N (default: ${DEFAULT-VALUE})")
    int pairAddress;

    @Override
    public Integer call() throws Exception {
      Run run = common.run("abuse");
      Abuse abuse = new Abuse(run, new Abuse.Options(warmup, duration, inFlight, idleSockets, idleRate, pairAddress,
          pairRate));
      return runAndReport(run, common.options, commandLine("abuse", common.args()), abuse::execute);
    }
  }

  @Command(name = "rooms", mixinStandardHelpOptions = true,
      description = "(e) sign-in cost as the cluster fills: rooms of a few peers sign in, call and leave at a steady"
          + " rate while the peers online elsewhere grow, level by level")
  static final class RoomsCommand implements Callable<Integer> {
    @Mixin
    CommonMixin common;
    @Option(names = "--levels", split = ",", defaultValue = "1000,2000,4000,8000",
        description = "peers online elsewhere at each level (default: ${DEFAULT-VALUE})")
    List<Integer> levels;
    @Option(names = "--room-size", defaultValue = "4", description = "peers per background room (default: ${DEFAULT-VALUE})")
    int roomSize;
    @Option(names = "--group", defaultValue = "3", description = "peers per measured room (default: ${DEFAULT-VALUE})")
    int group;
    @Option(names = "--rate", defaultValue = "5", description = "measured rooms per second (default: ${DEFAULT-VALUE})")
    double rate;
    @Option(names = "--window", defaultValue = "20", description = "seconds measured at each level (default: ${DEFAULT-VALUE})")
    int window;
    @Option(names = "--warmup", defaultValue = "60", description = "seconds of rooms before the first level is measured (default: ${DEFAULT-VALUE})")
    int warmup;
    @Option(names = "--quiet", defaultValue = "10", description = "seconds of the nodes' quiet CPU measured first at each level (default: ${DEFAULT-VALUE})")
    int quiet;
    @Option(names = "--default-room", description = "everybody in the default room, as without rooms")
    boolean defaultRoom;
    @Option(names = "--concurrency", defaultValue = "32", description = "background sign-ins under way at once (default: ${DEFAULT-VALUE})")
    int concurrency;
    @Option(names = "--node-url", description = "another node to send requests to, in turn with --url (repeatable)")
    List<URI> nodeUrls = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
      Run run = common.run("rooms");
      List<URI> nodes = new ArrayList<>(List.of(common.options.url));
      nodes.addAll(nodeUrls);
      Rooms rooms = new Rooms(run, new Rooms.Options(levels, roomSize, group, rate, warmup, window, quiet, defaultRoom, concurrency,
          nodes, common.options.serverPids, common.options.sourceAddresses));
      return runAndReport(run, common.options, commandLine("rooms", common.args()), rooms::execute);
    }
  }

  @Command(name = "relay", mixinStandardHelpOptions = true,
      description = "(f) pairs play ping-pong with messages: messages relayed per server CPU-second, latency, and"
          + " every acknowledged message checked off; against a node or the reference server alike")
  static final class RelayCommand implements Callable<Integer> {
    @Mixin
    CommonMixin common;
    @Option(names = "--levels", split = ",", defaultValue = "1,10,100,400",
        description = "pairs at each level (default: ${DEFAULT-VALUE})")
    List<Integer> levels;
    @Option(names = "--warmup", defaultValue = "20", description = "seconds of ping-pong before the first level is measured (default: ${DEFAULT-VALUE})")
    int warmup;
    @Option(names = "--level-warmup", defaultValue = "5", description = "seconds before each later level is measured (default: ${DEFAULT-VALUE})")
    int levelWarmup;
    @Option(names = "--window", defaultValue = "10", description = "seconds measured at each level (default: ${DEFAULT-VALUE})")
    int window;
    @Option(names = "--body-bytes", defaultValue = "200", description = "bytes of each message (default: ${DEFAULT-VALUE})")
    int bodyBytes;
    @Option(names = "--concurrency", defaultValue = "4", description = "sign-ins under way at once (default: ${DEFAULT-VALUE})")
    int concurrency;

    @Override
    public Integer call() throws Exception {
      Run run = common.run("relay");
      Relay relay = new Relay(run, new Relay.Options(levels, warmup, levelWarmup, window, bodyBytes, concurrency,
          common.options.serverPids));
      return runAndReport(run, common.options, commandLine("relay", common.args()), relay::execute);
    }
  }

  /** The common options as a picocli mixin, with the command line they came from. */
  static final class CommonMixin {
    @Mixin
    Common options = new Common();
    @CommandLine.Spec(CommandLine.Spec.Target.MIXEE)
    CommandLine.Model.CommandSpec spec;

    Run run(String scenario) {
      return new Run(scenario, options.url, options.sourceAddresses, options.eventLoops, System.err);
    }

    String[] args() {
      return spec.commandLine().getParseResult().originalArgs().stream().skip(1).toArray(String[]::new);
    }
  }
}
