package io.signaling.config;

import io.signaling.cluster.ClusterTls;
import io.signaling.guard.AllowedOrigins;
import io.signaling.guard.ClientLimits;
import io.signaling.guard.PeerBinding;
import io.signaling.guard.TrustedProxies;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The whole configuration of a node, immutable and validated: the value of every entry of {@link Options#ALL}.
 * Code reads an option with {@link #get}, or through the views below that group options by what they configure.
 * Build it with {@link ConfigLoader}.
 */
public final class ServerConfig {

  private final Map<Option<?>, Object> values;
  private final Listen listen;
  private final Listen management;
  private final ManagementLimits managementLimits;
  private final Limits limits;
  private final ClientLimits.Settings clientLimits;
  private final Memory memory;
  private final Timing timing;
  private final LongPoll longPoll;
  private final Cluster cluster;
  private final ClusterTls clusterTls;

  /** From the values read, each option's default standing in for one not given; the views are built here, once. */
  ServerConfig(Map<Option<?>, Object> given) {
    Map<Option<?>, Object> all = new HashMap<>();
    for (Option<?> option : Options.ALL) {
      Object value = given.get(option);
      all.put(option, value != null ? value : option.read(option.defaultText()));
    }
    this.values = Map.copyOf(all);
    this.listen = new Listen(get(Options.HOST), get(Options.PORT), get(Options.HTTP_INSTANCES));
    this.management = new Listen(get(Options.MANAGEMENT_HOST), get(Options.MANAGEMENT_PORT), 1);
    this.managementLimits = new ManagementLimits(get(Options.MANAGEMENT_MAX_CONNECTIONS),
        get(Options.MANAGEMENT_IDLE_TIMEOUT));
    this.limits = new Limits(get(Options.MAX_CONNECTIONS), get(Options.MAX_HEADER_BYTES), get(Options.MAX_BODY_BYTES),
        get(Options.MAX_NAME_BYTES), get(Options.MAX_QUEUED_ITEMS), get(Options.MAX_QUEUED_BYTES),
        get(Options.MAX_PEERS), get(Options.MAX_ROOM_PEERS), get(Options.MAX_ROOMS), get(Options.MAX_ANNOUNCING));
    this.clientLimits = new ClientLimits.Settings(get(Options.MAX_CONNECTIONS_PER_ADDRESS),
        get(Options.SIGN_INS_PER_ADDRESS), get(Options.UNKNOWN_PEERS_PER_ADDRESS), get(Options.MESSAGES_PER_PEER),
        ClientLimits.MAX_TRACKED);
    this.memory = resolveMemory();
    this.timing = new Timing(get(Options.REQUEST_TIMEOUT), get(Options.PEER_TIMEOUT), get(Options.SWEEP_INTERVAL),
        get(Options.DRAIN_DELAY), get(Options.SHUTDOWN_GRACE));
    this.longPoll = new LongPoll(get(Options.TCP_KEEPALIVE), get(Options.WAIT_TIMEOUT));
    this.cluster = new Cluster(get(Options.CLUSTER_NAME), get(Options.CLUSTER_HOST), get(Options.CLUSTER_PORT),
        get(Options.CLUSTER_MEMBERS), get(Options.CLUSTER_DNS), get(Options.EVENT_BUS_PORT),
        get(Options.LEAVE_TIMEOUT), quorum(get(Options.CLUSTER_QUORUM), get(Options.CLUSTER_SIZE)),
        get(Options.FAILURE_DOMAIN));
    this.clusterTls = readClusterTls();
  }

  /**
   * The event bus's key, read now, from a keystore or from a PEM pair (one of the two), or none.
   *
   * @throws IllegalArgumentException naming the options given wrongly, or what is wrong with the files
   */
  private ClusterTls readClusterTls() {
    String keystore = get(Options.CLUSTER_TLS_KEYSTORE);
    String certificate = get(Options.CLUSTER_TLS_CERT);
    String key = get(Options.CLUSTER_TLS_KEY);
    if (!keystore.isEmpty() && !(certificate + key).isEmpty()) {
      throw new IllegalArgumentException(Options.CLUSTER_TLS_KEYSTORE.flag() + " and " + Options.CLUSTER_TLS_CERT.flag()
          + "/" + Options.CLUSTER_TLS_KEY.flag() + " are two forms of the cluster's key; give one");
    }
    if (!keystore.isEmpty()) {
      return ClusterTls.fromKeystore(java.nio.file.Path.of(keystore), get(Options.CLUSTER_TLS_PASSWORD));
    }
    if (certificate.isEmpty() != key.isEmpty()) {
      throw new IllegalArgumentException(Options.CLUSTER_TLS_CERT.flag() + " and " + Options.CLUSTER_TLS_KEY.flag()
          + " go together");
    }
    if (!get(Options.CLUSTER_TLS_PASSWORD).isEmpty() && certificate.isEmpty()) {
      throw new IllegalArgumentException(Options.CLUSTER_TLS_PASSWORD.flag() + " is given without "
          + Options.CLUSTER_TLS_KEYSTORE.flag());
    }
    return certificate.isEmpty() ? null
        : ClusterTls.fromPem(java.nio.file.Path.of(certificate), java.nio.file.Path.of(key));
  }

  /** The quorum as given, or a majority of the cluster's intended size: 1 of 1, 2 of 2 or 3, 3 of 4 or 5. */
  private static int quorum(int given, int clusterSize) {
    return given > 0 ? given : clusterSize / 2 + 1;
  }

  /** The value of one option: as given, or its default. */
  @SuppressWarnings("unchecked")
  public <T> T get(Option<T> option) {
    return (T) values.get(option);
  }

  public Listen listen() {
    return listen;
  }

  public Listen management() {
    return management;
  }

  public ManagementLimits managementLimits() {
    return managementLimits;
  }

  public Limits limits() {
    return limits;
  }

  public ClientLimits.Settings clientLimits() {
    return clientLimits;
  }

  /** The memory bounds, with "auto" made a share of this JVM's maximum heap, or of the stored bytes. */
  public Memory memory() {
    return memory;
  }

  public LongPoll longPoll() {
    return longPoll;
  }

  public Timing timing() {
    return timing;
  }

  public Cluster cluster() {
    return cluster;
  }

  public boolean demoPage() {
    return get(Options.DEMO_PAGE);
  }

  public boolean proxyProtocol() {
    return get(Options.PROXY_PROTOCOL);
  }

  public TrustedProxies trustedProxies() {
    return get(Options.TRUSTED_PROXIES);
  }

  public PeerBinding peerBinding() {
    return get(Options.PEER_BINDING);
  }

  /** The event bus's mutual-TLS key, or null: the event bus then runs in the clear. */
  public ClusterTls clusterTls() {
    return clusterTls;
  }

  /** The HS256 secret sign-in tokens are signed with, or empty. */
  public String authJwtSecret() {
    return get(Options.AUTH_JWT_SECRET);
  }

  /** The public keys of sign-in tokens (from {@code --auth-jwks-file}), or none. */
  public List<JsonObject> authJwks() {
    return get(Options.AUTH_JWKS_FILE);
  }

  public AllowedOrigins allowedOrigins() {
    return get(Options.ALLOWED_ORIGINS);
  }

  /** "auto" (-1) made a share of this JVM's maximum heap, or of the stored bytes. */
  private Memory resolveMemory() {
    long heap = Runtime.getRuntime().maxMemory();
    long stored = orShare(get(Options.MAX_STORED_BYTES), heap, Memory.STORED_HEAP_PERCENT);
    return new Memory(stored, get(Options.MAX_SENDER_BYTES),
        orShare(get(Options.MAX_ADDRESS_STORED_BYTES), stored, Memory.ADDRESS_STORED_PERCENT),
        orShare(get(Options.MAX_READING_BYTES), heap, Memory.READING_HEAP_PERCENT));
  }

  private static long orShare(long given, long whole, int percent) {
    return given >= 0 ? given : whole / 100 * percent;
  }

  /** The management port's own bounds: connections held, and how long an idle one may stay. */
  public record ManagementLimits(int maxConnections, Duration idleTimeout) {
  }

  /**
   * The bytes a node may hold for clients: undelivered items in the whole cluster (counted once), those of one
   * sender, those held for the peers of one client address, and bodies being read. Resolved: "auto" has become a
   * share of this JVM's heap.
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
                       int maxQueuedItems, int maxQueuedBytes, int maxPeers, int maxRoomPeers, int maxRooms,
                       int maxAnnouncing) {
  }

  /**
   * How a parked /wait is kept alive on its way through load balancers: TCP keepalive after {@code tcpKeepAlive}
   * of silence (zero: off), and an empty answer after {@code waitTimeout} parked (zero: never).
   */
  public record LongPoll(Duration tcpKeepAlive, Duration waitTimeout) {
  }

  public record Timing(Duration requestTimeout, Duration peerTimeout, Duration sweepInterval, Duration drainDelay,
                       Duration shutdownGrace) {
  }

  /**
   * How this node finds and talks to the others: an explicit member list, a DNS name, or neither (alone).
   * {@code host} is bound and advertised for Hazelcast and the event bus. {@code leaveTimeout} bounds the
   * graceful leave at shutdown, while the member's partitions migrate to the others. {@code quorum} is how many
   * members a node must see to serve. {@code failureDomain} names the machine or zone the node runs in; empty
   * when the node does not say.
   */
  public record Cluster(String name, String host, int port, java.util.List<String> members, String dns,
                        int eventBusPort, Duration leaveTimeout, int quorum, String failureDomain) {

    /** A node alone in its cluster (tests and one-node runs). */
    public static Cluster alone(String name, String host, int port) {
      return new Cluster(name, host, port, java.util.List.of(), "", 0, Duration.ofSeconds(30), 1, "");
    }

    /** The same node, in the failure domain named. */
    public Cluster inFailureDomain(String domain) {
      return new Cluster(name, host, port, members, dns, eventBusPort, leaveTimeout, quorum, domain);
    }
  }

  /** The configuration with every default: what {@code java -jar signaling-server.jar} runs. */
  public static ServerConfig defaults() {
    return ConfigLoader.load(new String[0], java.util.Map.of());
  }
}
