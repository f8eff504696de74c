package io.signaling.cluster;

import com.hazelcast.config.AdvancedNetworkConfig;
import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.PartitionGroupConfig;
import com.hazelcast.config.ServerSocketEndpointConfig;
import com.hazelcast.spi.partitiongroup.PartitionGroupMetaData;
import io.signaling.config.ServerConfig;
import io.vertx.spi.cluster.hazelcast.ConfigUtil;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.UUID;
import java.util.concurrent.ForkJoinPool;

/** The Hazelcast member configuration of a node: its bind address, how it finds the others, how fast it notices loss. */
public final class HazelcastSetup {

  /** The JDK's switch for the common pool's size; read once, when the pool is first used. */
  public static final String COMMON_POOL_PARALLELISM = "java.util.concurrent.ForkJoinPool.common.parallelism";

  /** How long a member waits for another to accept a connection before trying again (see {@link #memberConfig}). */
  static final int CONNECT_TIMEOUT_SECONDS = 3;

  /** How often a cluster looks for another half of itself to merge with (see {@link #memberConfig}). */
  static final int MERGE_DELAY_SECONDS = 3;

  private HazelcastSetup() {
  }

  /**
   * Hazelcast chains its own futures (every submitToKeys, every query) on the JDK's common pool, but when that
   * pool has one thread, as on any 1- or 2-CPU machine or pod, it starts a new Thread per callback instead.
   * Measured on 2 cores: 4,300 threads a second at 25 sign-ins a second, most of the node's CPU. Call this before
   * anything touches the common pool; an operator's own setting of the property wins. Returns the pool's size.
   */
  public static int giveCommonPoolThreads() {
    if (System.getProperty(COMMON_POOL_PARALLELISM) == null) {
      System.setProperty(COMMON_POOL_PARALLELISM,
          String.valueOf(Math.max(2, Runtime.getRuntime().availableProcessors() - 1)));
    }
    return ForkJoinPool.getCommonPoolParallelism();
  }

  /**
   * Starts from vertx-hazelcast's defaults (the maps the clustered event bus needs), then binds to exactly the
   * cluster host: never a wildcard, never a guessed interface, so the node never advertises an address the
   * others cannot reach.
   */
  public static Config memberConfig(ServerConfig.Cluster cluster) {
    Config config = ConfigUtil.loadConfig();
    config.setClusterName(cluster.name());
    config.setProperty("hazelcast.phone.home.enabled", "false");
    config.setProperty("hazelcast.logging.type", "slf4j");
    config.setProperty("hazelcast.socket.bind.any", "false");
    // The failure detector. Defaults wait 5 s before joining and 60 s before declaring a silent member dead
    // (docs/platform-notes.md). A member silent for 5 s (a crash, a freeze, a partition) is dropped and its
    // partitions served from their backups: that is how long writes to its partitions stall, so it is kept short;
    // much shorter and a full GC or a busy 2-core node would be dropped while healthy.
    config.setProperty("hazelcast.wait.seconds.before.join", "1");
    config.setProperty("hazelcast.heartbeat.interval.seconds", "1");
    config.setProperty("hazelcast.max.no.heartbeat.seconds", "5");
    // Split-brain merge: Hazelcast looks for another cluster of the same name first 300 s after start, then every
    // 120 s, defaults made for large clusters where a merge is costly. Here two halves (a node that froze and came
    // back, a healed partition) would stay apart for minutes, and the minority, below quorum, serves nobody in the
    // meantime. Merging takes a second or two for this data, so look every few seconds.
    config.setProperty("hazelcast.merge.first.run.delay.seconds", String.valueOf(MERGE_DELAY_SECONDS));
    config.setProperty("hazelcast.merge.next.run.delay.seconds", String.valueOf(MERGE_DELAY_SECONDS));
    // A name for this node that survives a merge: Hazelcast gives a merging member a new UUID, while the node's
    // parked /waits and its wake-up address are still this node's.
    config.getMemberAttributeConfig().setAttribute(NodeDepartures.NODE_ATTRIBUTE, UUID.randomUUID().toString());
    Quorum.configure(config, cluster.quorum());
    if (!cluster.failureDomain().isEmpty()) {
      // Members that share a domain form one group, and a partition's backup is kept in another group than its
      // owner while there are two (with one, Hazelcast falls back to one member per group). PLACEMENT_AWARE, not
      // NODE_AWARE or ZONE_AWARE: Kubernetes discovery in DNS mode overwrites those two attributes with "unknown".
      config.getPartitionGroupConfig().setEnabled(true)
          .setGroupType(PartitionGroupConfig.MemberGroupType.PLACEMENT_AWARE);
      config.getMemberAttributeConfig()
          .setAttribute(PartitionGroupMetaData.PARTITION_GROUP_PLACEMENT, cluster.failureDomain());
    }
    // Bounds the graceful leave (default 600 s) so that shutdown fits the pod's termination grace period.
    config.setProperty("hazelcast.graceful.shutdown.max.wait", String.valueOf(cluster.leaveTimeout().toSeconds()));

    // One endpoint, for members only (Hazelcast's advanced network), instead of the default port that also
    // speaks the client and REST protocols. The default's connection set-up has a flaw that matters here: a
    // connection this node opens to a member that accepts it but never answers (a frozen process: its kernel
    // still completes the TCP handshake) makes one of Hazelcast's output threads spin until the connection is
    // dropped. Measured: each healthy node had a thread spinning for the whole 20 s freeze, and every other
    // connection on that thread stalled; when that was the one to the third node, the healthy two dropped each
    // other after 5 s and lost their quorum. The member endpoint blocks such a connection instead. The wire is
    // the same ("HZC" then packets), so nodes of either kind form one cluster.
    AdvancedNetworkConfig network = config.getAdvancedNetworkConfig().setEnabled(true);
    // An endpoint waits forever for a connection to be accepted (the default port gave up after 10 s). A node
    // cut off by a firewall that drops packets gets no refusal, and its attempts only end when a resent SYN gets
    // through: measured, halves of a healed partition took 14-16 s to find each other, 3.6-6.3 s with a fresh
    // attempt every 3 s. Members answer a connect in milliseconds, so giving up after 3 s loses nothing.
    network.setMemberEndpointConfig(new ServerSocketEndpointConfig()
        .setPort(cluster.port()).setPortAutoIncrement(true).setPortCount(100)
        .setSocketConnectTimeoutSeconds(CONNECT_TIMEOUT_SECONDS));
    // The exact address, not an interface to match: any address of this host works, 127.0.0.0/8 included
    // (several nodes on one machine), and Hazelcast neither scans interfaces nor guesses.
    config.setProperty("hazelcast.local.localAddress", addressOf(cluster.host()));
    JoinConfig join = network.getJoin();
    join.getMulticastConfig().setEnabled(false);
    join.getAutoDetectionConfig().setEnabled(false);
    if (cluster.dns().isEmpty()) {
      // An explicit list, or none: a node alone still forms a cluster others can join by naming it.
      join.getTcpIpConfig().setEnabled(true).setMembers(cluster.members());
    } else {
      // Hazelcast's Kubernetes discovery in DNS lookup mode: the headless Service's A records are the nodes.
      join.getKubernetesConfig().setEnabled(true)
          .setProperty("service-dns", cluster.dns())
          .setProperty("service-port", String.valueOf(cluster.port()));
    }
    return config;
  }

  /** Where a member made by {@link #memberConfig} looks for the others (its member endpoint's join settings). */
  public static JoinConfig joinOf(Config config) {
    return config.getAdvancedNetworkConfig().getJoin();
  }

  /** The literal address of the cluster host (interfaces are matched by address, not by name). */
  static String addressOf(String host) {
    try {
      return InetAddress.getByName(host).getHostAddress();
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("cluster host '" + host + "' does not resolve", e);
    }
  }
}
