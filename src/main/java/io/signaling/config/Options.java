package io.signaling.config;

import static io.signaling.config.ValueReaders.addressRanges;
import static io.signaling.config.ValueReaders.anyText;
import static io.signaling.config.ValueReaders.binding;
import static io.signaling.config.ValueReaders.byteSize;
import static io.signaling.config.ValueReaders.countOrAuto;
import static io.signaling.config.ValueReaders.duration;
import static io.signaling.config.ValueReaders.file;
import static io.signaling.config.ValueReaders.host;
import static io.signaling.config.ValueReaders.jwksFile;
import static io.signaling.config.ValueReaders.memberList;
import static io.signaling.config.ValueReaders.memorySize;
import static io.signaling.config.ValueReaders.onOff;
import static io.signaling.config.ValueReaders.optionalHost;
import static io.signaling.config.ValueReaders.optionalName;
import static io.signaling.config.ValueReaders.origins;
import static io.signaling.config.ValueReaders.rate;
import static io.signaling.config.ValueReaders.secret;
import static io.signaling.config.ValueReaders.simpleName;
import static io.signaling.config.ValueReaders.wholeNumber;

import io.signaling.guard.AllowedOrigins;
import io.signaling.guard.PeerBinding;
import io.signaling.guard.Rate;
import io.signaling.guard.TrustedProxies;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;

/**
 * Every configuration key the server reads, with its default: the single source for the command line (picocli, in
 * {@link ConfigLoader}), the environment, --help and the README table. Adding an option is one entry here, its row
 * in the README's table, and its use: {@code config.get(Options.NEW_OPTION)}.
 */
public final class Options {

  private Options() {
  }

  public static final Option<Integer> PORT = new Option<>("port", "8888",
      "TCP port of the signaling protocol (0 picks a free one)", wholeNumber(0, 65535));
  public static final Option<String> HOST = new Option<>("host", "0.0.0.0",
      "address the signaling port binds to", host());
  public static final Option<Integer> HTTP_INSTANCES = new Option<>("http-instances", "0",
      "event loops serving the signaling port (0 = one per core)", wholeNumber(0, 256));

  public static final Option<Boolean> DEMO_PAGE = new Option<>("demo-page", "true",
      "serve the demo page (sign in, see peers, make a WebRTC call) at / on the signaling port; false gives 500 there",
      onOff());
  public static final Option<Integer> MANAGEMENT_PORT = new Option<>("management-port", "8889",
      "HTTP port of /health/live, /health/ready and /metrics (0 picks a free one)", wholeNumber(0, 65535));
  public static final Option<String> MANAGEMENT_HOST = new Option<>("management-host", "0.0.0.0",
      "address the management port binds to", host());

  public static final Option<Integer> MANAGEMENT_MAX_CONNECTIONS = new Option<>("management-max-connections", "256",
      "connections the management port holds (16 at most per address); more are closed at once",
      wholeNumber(16, 100_000));
  public static final Option<Duration> MANAGEMENT_IDLE_TIMEOUT = new Option<>("management-idle-timeout", "30s",
      "a management connection idle this long is closed", duration(Duration.ofSeconds(1), Duration.ofMinutes(10)));

  public static final Option<Integer> MAX_CONNECTIONS = new Option<>("max-connections", "16000",
      "open client connections per node; more are answered 503 (keep below the open-files limit)",
      wholeNumber(1, 10_000_000));
  public static final Option<Integer> MAX_HEADER_BYTES = new Option<>("max-header-bytes", "8k",
      "request line plus headers; longer gets 414 (request line) or 431 (headers)", byteSize(256, 1 << 20));
  public static final Option<Integer> MAX_BODY_BYTES = new Option<>("max-body-bytes", "64k",
      "body of one POST; larger gets 413", byteSize(1, 64 << 20));
  public static final Option<Integer> MAX_NAME_BYTES = new Option<>("max-name-bytes", "512",
      "peer names are cut to this many bytes, as the reference server does", byteSize(1, 4096));
  public static final Option<Integer> MAX_QUEUED_ITEMS = new Option<>("max-queued-items", "1000",
      "undelivered items per peer; a message beyond it gets 503", wholeNumber(1, 1_000_000));
  public static final Option<Integer> MAX_QUEUED_BYTES = new Option<>("max-queued-bytes", "1m",
      "undelivered body bytes per peer; a message beyond it gets 503", byteSize(1, 1 << 30));
  public static final Option<Integer> MAX_PEERS = new Option<>("max-peers", "100000",
      "signed-in peers in the whole cluster; a sign-in beyond it gets 503", wholeNumber(1, Integer.MAX_VALUE));
  public static final Option<Integer> MAX_ROOM_PEERS = new Option<>("max-room-peers", "10000",
      "signed-in peers in one named room (/rooms/<room>/...); a sign-in beyond it gets 503. The default room (the"
          + " bare paths) is bounded by --max-peers alone", wholeNumber(1, Integer.MAX_VALUE));
  public static final Option<Integer> MAX_ROOMS = new Option<>("max-rooms", "100000",
      "named rooms open in the whole cluster (a room is open while a peer is in it); a sign-in that would open"
          + " one more gets 503", wholeNumber(1, Integer.MAX_VALUE));
  public static final Option<Integer> MAX_ANNOUNCING = new Option<>("max-announcing", "4",
      "join/leave announcements a node fans out to a room's peers at once; more wait their turn (bounds memory)",
      wholeNumber(1, 1000));

  public static final Option<Long> MAX_STORED_BYTES = new Option<>("max-stored-bytes", "auto",
      "undelivered messages and notifications the whole cluster holds, counted once with 128 bytes per item;"
          + " past it /message and /sign_in get 503 (auto = a quarter of this node's heap)", memorySize(1 << 20));
  public static final Option<Long> MAX_SENDER_BYTES = new Option<>("max-sender-bytes", "1m",
      "undelivered messages one peer may have waiting across all its recipients; past it its /message gets 503",
      memorySize(1024));
  public static final Option<Long> MAX_ADDRESS_STORED_BYTES = new Option<>("max-address-stored-bytes", "auto",
      "undelivered items the peers of one client address (IPv6: /64) may hold in their mailboxes; past it nothing"
          + " more is stored for them until they read (auto = 5 % of --max-stored-bytes)", memorySize(64 << 10));
  public static final Option<Long> MAX_READING_BYTES = new Option<>("max-reading-bytes", "auto",
      "request bodies a node holds while reading them, all connections together; past it a POST gets 503"
          + " (auto = a tenth of the heap)", memorySize(64 << 10));
  public static final Option<Boolean> PROXY_PROTOCOL = new Option<>("proxy-protocol", "false",
      "expect a PROXY protocol v1/v2 header on every signaling connection and take the client address from it"
          + " (when the load balancer sends one: HAProxy send-proxy-v2, AWS NLB); connections without it are closed",
      onOff());
  public static final Option<TrustedProxies> TRUSTED_PROXIES = new Option<>("trusted-proxies", "",
      "address ranges of proxies that name the client in X-Forwarded-For (e.g. the ingress controller's pods,"
          + " 10.0.0.0/8); the right-most entry not in them is the client; empty = believe no header",
      addressRanges());
  public static final Option<PeerBinding> PEER_BINDING = new Option<>("peer-binding", "address",
      "what ties a peer id to its client: address (requests for the peer from another client address, IPv6: /64,"
          + " are answered as for an unknown id) or none (anyone who knows the id acts for the peer)", binding());
  public static final Option<String> AUTH_JWT_SECRET = new Option<>("auth-jwt-secret", "",
      "sign-ins must carry a token (a JWT signed with HS256 and this secret, its UTF-8 bytes the key) in"
          + " Authorization: Bearer or token=, and so must every later request for that peer", secret());
  public static final Option<List<JsonObject>> AUTH_JWKS_FILE = new Option<>("auth-jwks-file", "",
      "sign-ins must carry a token (a JWT signed with RS256 or ES256) whose key's public half is in this JWKS"
          + " file, and so must every later request for that peer", jwksFile());
  public static final Option<AllowedOrigins> ALLOWED_ORIGINS = new Option<>("allowed-origins", "*",
      "web pages (origins such as https://app.example.com, or null for a page opened from a file) whose scripts"
          + " may use the server from a visitor's browser; a request from another page gets 403 (* = any page)",
      origins());
  public static final Option<Integer> MAX_CONNECTIONS_PER_ADDRESS = new Option<>("max-connections-per-address",
      "1000", "open connections per client address (IPv6: per /64) on a node; more are answered 429 (0 = no limit)",
      wholeNumber(0, 10_000_000));
  public static final Option<Rate> SIGN_INS_PER_ADDRESS = new Option<>("sign-ins-per-address", "30/1m",
      "sign-ins per client address on a node: a burst of N, refilled over the interval; more get 429 (0 = no limit)",
      rate(1_000_000));
  public static final Option<Rate> UNKNOWN_PEERS_PER_ADDRESS = new Option<>("unknown-peers-per-address", "60/1m",
      "answers 'unknown peer' per client address on a node (how ids are probed); past it, requests naming a peer"
          + " get 429 (0 = no limit)", rate(1_000_000));
  public static final Option<Rate> MESSAGES_PER_PEER = new Option<>("messages-per-peer", "200/10s",
      "messages one peer may post from one address on a node; more get 429 (0 = no limit)", rate(1_000_000));

  public static final Option<Duration> REQUEST_TIMEOUT = new Option<>("request-timeout", "10s",
      "time a client has to send its whole request; then 408 (silent close if it sent nothing)",
      duration(Duration.ofMillis(100), Duration.ofHours(1)));
  public static final Option<Duration> PEER_TIMEOUT = new Option<>("peer-timeout", "30s",
      "a peer without a parked /wait for this long is removed and its leave announced",
      duration(Duration.ofMillis(100), Duration.ofDays(1)));
  public static final Option<Duration> SWEEP_INTERVAL = new Option<>("sweep-interval", "5s",
      "how often each node looks for peers past --peer-timeout",
      duration(Duration.ofMillis(50), Duration.ofHours(1)));

  public static final Option<Duration> TCP_KEEPALIVE = new Option<>("tcp-keepalive", "60s",
      "a parked /wait's connection silent this long gets TCP keepalive probes (then every quarter of it, four at"
          + " most): load balancers that count them keep it open, and a client that vanished is found (0 = off)",
      duration(Duration.ZERO, Duration.ofHours(2)));
  public static final Option<Duration> WAIT_TIMEOUT = new Option<>("wait-timeout", "0s",
      "a /wait parked this long with nothing for its peer is answered with an empty notification, which the"
          + " native client and server_test.html ignore before they wait again; set it below the shortest idle"
          + " timeout on the way that cannot be raised (0 = never, as the reference)",
      duration(Duration.ZERO, Duration.ofDays(1)));

  public static final Option<Duration> DRAIN_DELAY = new Option<>("drain-delay", "5s",
      "on SIGTERM, how long the node reports not-ready before it stops accepting (load balancer deregistration)",
      duration(Duration.ZERO, Duration.ofMinutes(10)));
  public static final Option<Duration> SHUTDOWN_GRACE = new Option<>("shutdown-grace", "5s",
      "after it stops accepting, how long requests under way may take before their connections are closed",
      duration(Duration.ZERO, Duration.ofMinutes(10)));

  public static final Option<String> CLUSTER_NAME = new Option<>("cluster-name", "signaling",
      "Hazelcast cluster name; only nodes with the same name join", simpleName());
  public static final Option<String> CLUSTER_HOST = new Option<>("cluster-host", "127.0.0.1",
      "address this node binds and advertises for Hazelcast and the event bus", host());
  public static final Option<Integer> CLUSTER_PORT = new Option<>("cluster-port", "5701",
      "Hazelcast member port (the next free one above it if taken)", wholeNumber(1, 65535));
  public static final Option<java.util.List<String>> CLUSTER_MEMBERS = new Option<>("cluster-members", "",
      "other nodes to join, host:port,... (TCP-IP join, for local runs); empty = alone or DNS", memberList());
  public static final Option<String> CLUSTER_DNS = new Option<>("cluster-dns", "",
      "DNS name listing every node (Kubernetes headless Service); members are found there", optionalHost());
  public static final Option<Integer> EVENT_BUS_PORT = new Option<>("event-bus-port", "0",
      "clustered event bus port (0 picks a free one)", wholeNumber(0, 65535));
  public static final Option<String> CLUSTER_TLS_KEYSTORE = new Option<>("cluster-tls-keystore", "",
      "PKCS12 keystore every node shares: the event bus between nodes runs over mutual TLS with its one key, and"
          + " a node accepts only the certificates it holds", file());
  public static final Option<String> CLUSTER_TLS_PASSWORD = new Option<>("cluster-tls-password", "",
      "password of --cluster-tls-keystore (never logged)", anyText());
  public static final Option<String> CLUSTER_TLS_CERT = new Option<>("cluster-tls-cert", "",
      "instead of a keystore: PEM certificate every node shares (a kubernetes.io/tls Secret's tls.crt); the nodes"
          + " accept only it", file());
  public static final Option<String> CLUSTER_TLS_KEY = new Option<>("cluster-tls-key", "",
      "the PEM private key of --cluster-tls-cert (tls.key)", file());
  public static final Option<Boolean> CLUSTER_INSECURE = new Option<>("cluster-insecure", "false",
      "let a node whose cluster ports other machines can reach (--cluster-dns, or a --cluster-host other than"
          + " loopback) run its event bus without TLS: anyone who reaches the port can then forge deliveries", onOff());
  public static final Option<Duration> LEAVE_TIMEOUT = new Option<>("leave-timeout", "30s",
      "at shutdown, how long Hazelcast may take to hand this node's data to the others before it stops anyway",
      duration(Duration.ofSeconds(1), Duration.ofMinutes(10)));

  public static final Option<Integer> CLUSTER_SIZE = new Option<>("cluster-size", "1",
      "nodes the cluster is meant to have (the Helm chart gives its replica count); sets the --cluster-quorum default",
      wholeNumber(1, 1000));
  public static final Option<Integer> CLUSTER_QUORUM = new Option<>("cluster-quorum", "auto",
      "members a node must see to serve; with fewer it reports not ready and answers peer requests with 503, so"
          + " the minority of a split stops and the majority serves (auto = a majority of --cluster-size)",
      countOrAuto(1, 1000));

  public static final Option<Integer> BACKUPS = new Option<>("backups", "1",
      "synchronous backups of every peer record: nothing stored is lost when this many nodes"
          + " go at once; each costs one more copy of every record and one more round trip per write",
      wholeNumber(0, 6));

  public static final Option<String> FAILURE_DOMAIN = new Option<>("failure-domain", "",
      "the machine or zone this node runs in (the chart gives the Kubernetes node's name): a record's backup is then"
          + " kept in another domain than its owner wherever the cluster spans two; every node of a cluster gives one,"
          + " or none does (Hazelcast refuses a member whose setting differs)", optionalName());

  /** In the order --help and the README list them. */
  public static final List<Option<?>> ALL = List.of(
      PORT, HOST, HTTP_INSTANCES, DEMO_PAGE, MANAGEMENT_PORT, MANAGEMENT_HOST, MANAGEMENT_MAX_CONNECTIONS,
      MANAGEMENT_IDLE_TIMEOUT,
      MAX_CONNECTIONS, MAX_HEADER_BYTES, MAX_BODY_BYTES, MAX_NAME_BYTES,
      MAX_QUEUED_ITEMS, MAX_QUEUED_BYTES, MAX_PEERS, MAX_ROOM_PEERS, MAX_ROOMS, MAX_ANNOUNCING,
      MAX_STORED_BYTES, MAX_SENDER_BYTES, MAX_ADDRESS_STORED_BYTES, MAX_READING_BYTES,
      PROXY_PROTOCOL, TRUSTED_PROXIES, PEER_BINDING, AUTH_JWT_SECRET, AUTH_JWKS_FILE, ALLOWED_ORIGINS, MAX_CONNECTIONS_PER_ADDRESS, SIGN_INS_PER_ADDRESS, UNKNOWN_PEERS_PER_ADDRESS, MESSAGES_PER_PEER,
      REQUEST_TIMEOUT, PEER_TIMEOUT, SWEEP_INTERVAL, TCP_KEEPALIVE, WAIT_TIMEOUT, DRAIN_DELAY, SHUTDOWN_GRACE,
      CLUSTER_NAME, CLUSTER_HOST, CLUSTER_PORT, CLUSTER_MEMBERS, CLUSTER_DNS, EVENT_BUS_PORT,
      CLUSTER_TLS_KEYSTORE, CLUSTER_TLS_PASSWORD, CLUSTER_TLS_CERT, CLUSTER_TLS_KEY, CLUSTER_INSECURE, LEAVE_TIMEOUT,
      CLUSTER_SIZE, CLUSTER_QUORUM, BACKUPS, FAILURE_DOMAIN);

  /** The text of {@code --help}. */
  public static String helpText() {
    StringBuilder text = new StringBuilder()
        .append("Usage: java -jar signaling-server.jar [--option value | --option=value]...\n")
        .append("Every option is also read from the environment variable shown.\n\n");
    for (Option<?> option : ALL) {
      text.append(String.format("  %-22s %-28s default %s%n      %s%n",
          option.flag(), option.environmentVariable(), option.shownDefault(), option.description()));
    }
    text.append("\n       java -jar signaling-server.jar probe [--url http://host:port] [--timeout 30s]\n")
        .append("Signs two peers in at the URL, relays a message between them and signs them out: exit 0 if it\n")
        .append("arrived intact (the Helm chart's test).\n");
    return text.toString();
  }
}
