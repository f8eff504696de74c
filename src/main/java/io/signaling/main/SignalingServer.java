package io.signaling.main;

import io.signaling.cluster.HazelcastSetup;
import io.signaling.config.ConfigException;
import io.signaling.config.ConfigLoader;
import io.signaling.config.Options;
import io.signaling.config.ServerConfig;
import io.signaling.guard.OpenFiles;
import io.signaling.probe.RoundTripProbe;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@code java -jar signaling-server.jar [options]}: one node, ready to join others. */
public final class SignalingServer {

  private static final Logger LOG = LoggerFactory.getLogger(SignalingServer.class);
  private SignalingServer() {
  }

  public static void main(String[] args) {
    if (HazelcastSetup.giveCommonPoolThreads() < 2) {
      LOG.warn("the common pool has one thread: Hazelcast will start a thread per callback; set -D{}=2",
          HazelcastSetup.COMMON_POOL_PARALLELISM);
    }
    if (args.length > 0 && args[0].equals("probe")) {
      System.exit(RoundTripProbe.run(Arrays.copyOfRange(args, 1, args.length), System.out, System.err));
      return;
    }
    if (ConfigLoader.wantsHelp(args)) {
      System.out.print(Options.helpText());
      return;
    }
    ServerConfig config;
    try {
      config = ConfigLoader.load(args, System.getenv());
    } catch (ConfigException e) {
      System.err.println("signaling-server: invalid configuration");
      e.problems().forEach(problem -> System.err.println("  " + problem));
      System.exit(2);
      return;
    }
    warnAboutFileLimit(config);
    SignalingNode node;
    try {
      node = SignalingNode.start(config).await();
    } catch (Exception e) {
      LOG.error("the node could not start", e);
      System.exit(1);
      return;
    }
    Duration stopBound = shutdownBound(config);
    // Vert.x installs no shutdown hook and vertx-hazelcast disables Hazelcast's: this one leaves the cluster cleanly.
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      try {
        node.stop().await(stopBound.toMillis(), TimeUnit.MILLISECONDS);
      } catch (Exception e) {
        LOG.warn("shutdown did not complete cleanly", e);
        return;
      }
      // A clean stop on SIGTERM is a success, not the JVM's default 143, for process supervisors and Kubernetes.
      Runtime.getRuntime().halt(0);
    }, "signaling-shutdown"));
  }

  /** Drain, grace and leave, plus a margin for closing Vert.x: past it the hook gives up and the JVM exits. */
  static Duration shutdownBound(ServerConfig config) {
    return config.timing().drainDelay().plus(config.timing().shutdownGrace()).plus(config.cluster().leaveTimeout())
        .plusSeconds(10);
  }

  /**
   * Past the open-files limit accept() fails and can kill the acceptor, so the node closes connections at once
   * before it ({@link OpenFiles}); connections configured beyond that point could never be had.
   */
  private static void warnAboutFileLimit(ServerConfig config) {
    long files = OpenFiles.processLimit();
    long usable = OpenFiles.signalingSocketsFor(files, config.managementLimits().maxConnections());
    if (config.limits().maxConnections() > usable) {
      LOG.warn("--max-connections {} is above the {} sockets the open-files limit {} leaves for clients; past those "
          + "the node stops accepting connections: lower it or raise the limit",
          config.limits().maxConnections(), usable, files);
    }
  }
}
