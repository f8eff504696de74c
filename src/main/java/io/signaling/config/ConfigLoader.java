package io.signaling.config;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Builds the {@link ServerConfig} from command-line flags and environment variables, with picocli reading the
 * command line: one picocli option per entry of {@link Options#ALL}, its environment twin as picocli's default
 * provider, the entry's reader as its converter. A flag wins over its environment twin; both forms
 * {@code --port 8888} and {@code --port=8888} are read; a flag given twice takes its last value.
 */
public final class ConfigLoader {

  private ConfigLoader() {
  }

  /** Whether the command line asks for {@code --help} (or {@code -h}), whatever else it holds. */
  public static boolean wantsHelp(String[] args) {
    return Arrays.stream(args).anyMatch(arg -> arg.equals("--help") || arg.equals("-h"));
  }

  /**
   * @throws ConfigException listing every unknown flag and every bad value; the checks between options (a body
   *                         larger than a mailbox, say) run once every single value is good, since they would
   *                         otherwise speak of values not given
   */
  public static ServerConfig load(String[] args, Map<String, String> environment) {
    CommandSpec spec = CommandSpec.create().name("signaling-server");
    Map<OptionSpec, Option<?>> options = new HashMap<>();
    for (Option<?> option : Options.ALL) {
      OptionSpec parsed = OptionSpec.builder(option.flag()).type(Object.class).arity("1")
          .defaultValue(option.defaultText()).description(option.description())
          .converters(text -> convert(option, text)).build();
      spec.addOption(parsed);
      options.put(parsed, option);
    }
    spec.addOption(OptionSpec.builder("-h", "--help").usageHelp(true).build());
    spec.defaultValueProvider(argument -> argument instanceof OptionSpec parsed && options.containsKey(parsed)
        ? environment.get(options.get(parsed).environmentVariable()) : null);
    spec.parser().collectErrors(true).overwrittenOptionsAllowed(true);

    CommandLine.ParseResult result = new CommandLine(spec).parseArgs(args);
    List<String> problems = new ArrayList<>();
    for (Exception error : result.errors()) {
      describe(error, args, options, problems);
    }
    if (!problems.isEmpty()) {
      throw new ConfigException(problems);
    }
    Map<Option<?>, Object> values = new HashMap<>();
    options.forEach((parsed, option) -> values.put(option, parsed.getValue()));
    ServerConfig config;
    try {
      config = new ServerConfig(values);
    } catch (IllegalArgumentException e) {
      throw new ConfigException(List.of(e.getMessage()));
    }
    checkCombinations(config, result.hasMatchedOption(Options.CLUSTER_HOST.flag())
        || environment.containsKey(Options.CLUSTER_HOST.environmentVariable()), problems);
    if (!problems.isEmpty()) {
      throw new ConfigException(problems);
    }
    return config;
  }

  /** An option's text as its reader reads it; picocli reports the reader's reason with the option. */
  private static Object convert(Option<?> option, String text) {
    try {
      return option.read(text);
    } catch (IllegalArgumentException | ArithmeticException e) {
      throw new CommandLine.TypeConversionException(e.getMessage());
    }
  }

  /** One problem as users have always read it: where the value came from (flag or variable), then why. */
  private static void describe(Exception error, String[] args, Map<OptionSpec, Option<?>> options,
                               List<String> problems) {
    if (error instanceof CommandLine.UnmatchedArgumentException unmatched) {
      boolean skipValue = false;
      for (String argument : unmatched.getUnmatched()) {
        if (argument.startsWith("--")) {
          int equals = argument.indexOf('=');
          problems.add("unknown option " + (equals < 0 ? argument : argument.substring(0, equals)) + " (see --help)");
          skipValue = equals < 0; // its value, so that one mistake is reported once
        } else if (skipValue) {
          skipValue = false;
        } else {
          problems.add("unexpected argument '" + argument + "' (options start with --)");
        }
      }
    } else if (error instanceof CommandLine.MissingParameterException missing && !missing.getMissing().isEmpty()) {
      missing.getMissing().forEach(spec -> problems.add(((OptionSpec) spec).longestName() + " needs a value"));
    } else if (error instanceof CommandLine.ParameterException bad && bad.getArgSpec() instanceof OptionSpec parsed
        && options.containsKey(parsed)) {
      Option<?> option = options.get(parsed);
      String source = given(args, option) ? option.flag() : option.environmentVariable();
      problems.add(source + ": " + reason(bad));
    } else {
      problems.add(error.getMessage());
    }
  }

  /** Whether the command line names the option (else its value came from its environment twin). */
  private static boolean given(String[] args, Option<?> option) {
    return Arrays.stream(args).anyMatch(arg -> arg.equals(option.flag()) || arg.startsWith(option.flag() + "="));
  }

  /** The reader's own words: picocli puts "Invalid value for option '--x': " in front of them. */
  private static String reason(CommandLine.ParameterException error) {
    String message = error.getMessage();
    int colon = message.indexOf("': ");
    return message.startsWith("Invalid value") && colon >= 0 ? message.substring(colon + 3) : message;
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
    boolean reachableFromElsewhere = !config.cluster().dns().isEmpty() || !isLoopback(config.cluster().host());
    if (reachableFromElsewhere && config.clusterTls() == null && !config.get(Options.CLUSTER_INSECURE)) {
      problems.add("the cluster's ports are reachable from other machines and its event bus would trust anyone: give "
          + Options.CLUSTER_TLS_KEYSTORE.flag() + " (or " + Options.CLUSTER_TLS_CERT.flag() + " and "
          + Options.CLUSTER_TLS_KEY.flag() + "), or " + Options.CLUSTER_INSECURE.flag()
          + " true to accept that whoever reaches them can forge deliveries");
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
}
