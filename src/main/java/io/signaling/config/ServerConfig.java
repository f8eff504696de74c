package io.signaling.config;

import java.time.Duration;

/** The whole configuration of a node, immutable and validated. Build it with {@link ConfigLoader}. */
public record ServerConfig(Listen listen, Limits limits, Timing timing, Cluster cluster) {

  /** Where the signaling protocol is served. */
  public record Listen(String host, int port, int httpInstances) {
  }

  /** Every bound on what a client can make the node hold. */
  public record Limits(int maxConnections, int maxHeaderBytes, int maxBodyBytes, int maxNameBytes,
                       int maxQueuedItems, int maxQueuedBytes, int maxPeers) {
  }

  public record Timing(Duration requestTimeout, Duration peerTimeout, Duration sweepInterval) {
  }

  /** How this node finds and talks to the others. */
  public record Cluster(String name, String host, int port, int eventBusPort) {
  }

  /** The configuration with every default: what {@code java -jar signaling-server.jar} runs. */
  public static ServerConfig defaults() {
    return ConfigLoader.load(new String[0], java.util.Map.of());
  }
}
