package io.signaling.config;

import io.signaling.guard.ClientLimits;
import io.signaling.guard.TrustedProxies;
import java.time.Duration;

/** The whole configuration of a node, immutable and validated. Build it with {@link ConfigLoader}. */
public record ServerConfig(Listen listen, Listen management, ManagementLimits managementLimits, Limits limits,
                           ClientLimits.Settings clientLimits, Memory memory, Timing timing, Cluster cluster,
                           boolean demoPage, boolean proxyProtocol, TrustedProxies trustedProxies) {

  /** The management port's own bounds: connections held, and how long an idle one may stay. */
  public record ManagementLimits(int maxConnections, Duration idleTimeout) {
  }

  /**
   * The bytes a node may hold for clients: undelivered items in the whole cluster (counted once), those of one
   * sender, those held for the peers of one client address, and bodies being read. Resolved: "auto" has become a share of this JVM's heap.
   */
  public record Memory(long maxStoredBytes, long maxSenderBytes, long maxAddressStoredBytes, long maxReadingBytes) {

    /** The share of the heap "auto" gives the cluster's undelivered items: a node may come to hold them all. */
    public static final int STORED_HEAP_PERCENT = 25;
    /**
     * The share of the stored bytes "auto" gives the peers of one client address: eight addresses take less than
     * half, even with what they add between two counts, so a ninth still finds room.
     */
    public static final int ADDRESS_STORED_PERCENT = 5;
    /** The share of the heap "auto" gives bodies being read. */
    public static final int READING_HEAP_PERCENT = 10;
  }

  /** Where a port is served; {@code httpInstances} only matters for the signaling port. */
  public record Listen(String host, int port, int httpInstances) {
  }

  /** Every bound on what a client can make the node hold. */
  public record Limits(int maxConnections, int maxHeaderBytes, int maxBodyBytes, int maxNameBytes,
                       int maxQueuedItems, int maxQueuedBytes, int maxPeers, int maxAnnouncing) {
  }

  public record Timing(Duration requestTimeout, Duration peerTimeout, Duration sweepInterval, Duration drainDelay,
                       Duration shutdownGrace) {
  }

  /**
   * How this node finds and talks to the others: an explicit member list, a DNS name, or neither (alone).
   * {@code host} is bound and advertised for Hazelcast and the event bus. {@code leaveTimeout} bounds the
   * graceful leave at shutdown, while the member's partitions migrate to the others.
   */
  public record Cluster(String name, String host, int port, java.util.List<String> members, String dns,
                        int eventBusPort, Duration leaveTimeout) {

    /** A node alone in its cluster (tests and one-node runs). */
    public static Cluster alone(String name, String host, int port) {
      return new Cluster(name, host, port, java.util.List.of(), "", 0, Duration.ofSeconds(30));
    }
  }

  /** The configuration with every default: what {@code java -jar signaling-server.jar} runs. */
  public static ServerConfig defaults() {
    return ConfigLoader.load(new String[0], java.util.Map.of());
  }
}
