package io.signaling.config;

import io.signaling.guard.ClientLimits;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds the {@link ServerConfig} from command-line flags and environment variables.
 * A flag wins over its environment twin; both forms {@code --port 8888} and {@code --port=8888} are read.
 */
public final class ConfigLoader {

  private ConfigLoader() {
  }

  public static boolean wantsHelp(String[] args) {
    for (String arg : args) {
      if (arg.equals("--help") || arg.equals("-h")) {
        return true;
      }
    }
    return false;
  }

  /**
   * @throws ConfigException listing every unknown flag and every bad value; the checks between options (a body
   *                         larger than a mailbox, say) run once every single value is good, since a bad one would
   *                         have been replaced by its default and the check would then speak of a value not given
   */
  public static ServerConfig load(String[] args, Map<String, String> environment) {
    List<String> problems = new ArrayList<>();
    Map<Option<?>, String> texts = new HashMap<>();
    Map<Option<?>, String> sources = new HashMap<>();
    for (Option<?> option : Options.ALL) {
      String text = environment.get(option.environmentVariable());
      if (text != null) {
        texts.put(option, text);
        sources.put(option, option.environmentVariable());
      }
    }
    readFlags(args, texts, sources, problems);

    Values values = new Values(texts, sources, problems);
    ServerConfig config = new ServerConfig(
        new ServerConfig.Listen(values.get(Options.HOST), values.get(Options.PORT),
            values.get(Options.HTTP_INSTANCES)),
        new ServerConfig.Listen(values.get(Options.MANAGEMENT_HOST), values.get(Options.MANAGEMENT_PORT), 1),
        new ServerConfig.ManagementLimits(values.get(Options.MANAGEMENT_MAX_CONNECTIONS),
            values.get(Options.MANAGEMENT_IDLE_TIMEOUT)),
        new ServerConfig.Limits(values.get(Options.MAX_CONNECTIONS), values.get(Options.MAX_HEADER_BYTES),
            values.get(Options.MAX_BODY_BYTES), values.get(Options.MAX_NAME_BYTES),
            values.get(Options.MAX_QUEUED_ITEMS), values.get(Options.MAX_QUEUED_BYTES),
            values.get(Options.MAX_PEERS), values.get(Options.MAX_ANNOUNCING)),
        new ClientLimits.Settings(values.get(Options.MAX_CONNECTIONS_PER_ADDRESS),
            values.get(Options.SIGN_INS_PER_ADDRESS), values.get(Options.UNKNOWN_PEERS_PER_ADDRESS),
            values.get(Options.MESSAGES_PER_PEER), ClientLimits.MAX_TRACKED),
        memory(values),
        new ServerConfig.Timing(values.get(Options.REQUEST_TIMEOUT), values.get(Options.PEER_TIMEOUT),
            values.get(Options.SWEEP_INTERVAL), values.get(Options.DRAIN_DELAY), values.get(Options.SHUTDOWN_GRACE)),
        new ServerConfig.Cluster(values.get(Options.CLUSTER_NAME), values.get(Options.CLUSTER_HOST),
            values.get(Options.CLUSTER_PORT), values.get(Options.CLUSTER_MEMBERS), values.get(Options.CLUSTER_DNS),
            values.get(Options.EVENT_BUS_PORT), values.get(Options.LEAVE_TIMEOUT)),
        values.get(Options.DEMO_PAGE), values.get(Options.PROXY_PROTOCOL), values.get(Options.TRUSTED_PROXIES));
    if (problems.isEmpty()) {
      checkCombinations(config, texts.containsKey(Options.CLUSTER_HOST), problems);
    }
    if (!problems.isEmpty()) {
      throw new ConfigException(problems);
    }
    return config;
  }

  private static void readFlags(String[] args, Map<Option<?>, String> texts, Map<Option<?>, String> sources,
                                List<String> problems) {
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      if (arg.equals("--help") || arg.equals("-h")) {
        continue;
      }
      if (!arg.startsWith("--")) {
        problems.add("unexpected argument '" + arg + "' (options start with --)");
        continue;
      }
      int equals = arg.indexOf('=');
      String name = equals < 0 ? arg.substring(2) : arg.substring(2, equals);
      Option<?> option = find(name);
      if (option == null) {
        problems.add("unknown option --" + name + " (see --help)");
        if (equals < 0 && i + 1 < args.length && !args[i + 1].startsWith("--")) {
          i++; // its value, so that one mistake is reported once
        }
        continue;
      }
      String text;
      if (equals >= 0) {
        text = arg.substring(equals + 1);
      } else if (i + 1 < args.length) {
        text = args[++i];
      } else {
        problems.add(option.flag() + " needs a value");
        continue;
      }
      texts.put(option, text);
      sources.put(option, option.flag());
    }
  }

  private static Option<?> find(String name) {
    for (Option<?> option : Options.ALL) {
      if (option.name().equals(name)) {
        return option;
      }
    }
    return null;
  }

  /** The memory bounds, with "auto" (-1) made a share of this JVM's maximum heap, or of the stored bytes. */
  private static ServerConfig.Memory memory(Values values) {
    long heap = Runtime.getRuntime().maxMemory();
    long stored = orShare(values.get(Options.MAX_STORED_BYTES), heap, ServerConfig.Memory.STORED_HEAP_PERCENT);
    return new ServerConfig.Memory(stored, values.get(Options.MAX_SENDER_BYTES),
        orShare(values.get(Options.MAX_ADDRESS_STORED_BYTES), stored, ServerConfig.Memory.ADDRESS_STORED_PERCENT),
        orShare(values.get(Options.MAX_READING_BYTES), heap, ServerConfig.Memory.READING_HEAP_PERCENT));
  }

  private static long orShare(long given, long whole, int percent) {
    return given >= 0 ? given : whole / 100 * percent;
  }

  private static void checkCombinations(ServerConfig config, boolean clusterHostGiven, List<String> problems) {
    ServerConfig.Limits limits = config.limits();
    long largestMessage = io.signaling.directory.MailItem.costOf(limits.maxBodyBytes(), null);
    if (config.memory().maxSenderBytes() < largestMessage) {
      problems.add(Options.MAX_SENDER_BYTES.flag() + " (" + config.memory().maxSenderBytes() + ") must hold at least "
          + "one message of " + Options.MAX_BODY_BYTES.flag() + " with its overhead (" + largestMessage + ")");
    }
    if (config.memory().maxReadingBytes() < limits.maxBodyBytes()) {
      problems.add(Options.MAX_READING_BYTES.flag() + " (" + config.memory().maxReadingBytes() + ") must hold at "
          + "least one body of " + Options.MAX_BODY_BYTES.flag() + " (" + limits.maxBodyBytes() + ")");
    }
    if (limits.maxBodyBytes() > limits.maxQueuedBytes()) {
      problems.add(Options.MAX_BODY_BYTES.flag() + " (" + limits.maxBodyBytes() + ") must not exceed "
          + Options.MAX_QUEUED_BYTES.flag() + " (" + limits.maxQueuedBytes() + "): such a message could never be queued");
    }
    if (!config.cluster().members().isEmpty() && !config.cluster().dns().isEmpty()) {
      problems.add(Options.CLUSTER_MEMBERS.flag() + " and " + Options.CLUSTER_DNS.flag()
          + " are two ways to find the other nodes; give one");
    }
    if (isLoopback(config.cluster().host())) {
      boolean remoteMembers = config.cluster().members().stream()
          .map(member -> member.contains(":") ? member.substring(0, member.lastIndexOf(':')) : member)
          .anyMatch(host -> !isLoopback(host));
      // DNS with the default host is a pod whose IP was not passed in; a loopback host given on purpose is fine
      // as long as the name lists loopback nodes only (several nodes on one machine, named in a hosts file).
      boolean remoteDns = !config.cluster().dns().isEmpty()
          && (!clusterHostGiven || resolvesOffThisMachine(config.cluster().dns()));
      if (remoteMembers || remoteDns) {
        problems.add(Options.CLUSTER_HOST.flag() + " " + config.cluster().host() + " is a loopback address, but the "
            + "other nodes are elsewhere: give this node's own address (in Kubernetes, the pod IP)");
      }
    }
    if (config.cluster().host().equalsIgnoreCase("localhost")) {
      problems.add(Options.CLUSTER_HOST.flag() + " must be an address other nodes can reach, not 'localhost'");
    }
  }

  /** Whether the name lists an address other than loopback; a name that does not resolve yet tells nothing. */
  private static boolean resolvesOffThisMachine(String name) {
    try {
      return Arrays.stream(InetAddress.getAllByName(name)).anyMatch(address -> !address.isLoopbackAddress());
    } catch (UnknownHostException e) {
      return false;
    }
  }

  private static boolean isLoopback(String host) {
    return host.startsWith("127.") || host.equals("::1") || host.equalsIgnoreCase("localhost");
  }

  /** Parses each option once, from its given text or its default, collecting problems instead of stopping. */
  private record Values(Map<Option<?>, String> texts, Map<Option<?>, String> sources, List<String> problems) {

    <T> T get(Option<T> option) {
      String text = texts.get(option);
      if (text != null) {
        try {
          return option.read(text);
        } catch (IllegalArgumentException | ArithmeticException e) {
          problems.add(sources.get(option) + ": " + e.getMessage());
        }
      }
      return option.read(option.defaultText());
    }
  }
}
