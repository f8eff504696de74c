package io.signaling.main;

import com.sun.management.UnixOperatingSystemMXBean;
import io.signaling.cluster.HazelcastSetup;
import io.signaling.config.ConfigException;
import io.signaling.config.ConfigLoader;
import io.signaling.config.Options;
import io.signaling.config.ServerConfig;
import io.signaling.probe.RoundTripProbe;
import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@code java -jar signaling-server.jar [options]}: one node, ready to join others. */
public final class SignalingServer {

  private static final Logger LOG = LoggerFactory.getLogger(SignalingServer.class);
  /** File descriptors a node needs besides client connections: jars, Hazelcast and event-bus links, logs. */
  private static final long RESERVED_FILES = 500;

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

  /** Past the open-files limit accept() fails and (FACTS.md) can kill the acceptor: the limit must fit under it. */
  private static void warnAboutFileLimit(ServerConfig config) {
    OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
    if (os instanceof UnixOperatingSystemMXBean unix) {
      long files = unix.getMaxFileDescriptorCount();
      if (config.limits().maxConnections() > files - RESERVED_FILES) {
        LOG.warn("--max-connections {} is above the open-files limit {} less {} reserved; lower it or raise the limit",
            config.limits().maxConnections(), files, RESERVED_FILES);
      }
    }
  }
}
