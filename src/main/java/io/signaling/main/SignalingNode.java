package io.signaling.main;

import com.hazelcast.config.Config;
import com.hazelcast.core.HazelcastInstance;
import io.signaling.cluster.ClusterTls;
import io.signaling.cluster.HazelcastSetup;
import io.signaling.cluster.NodeDepartures;
import io.signaling.cluster.PartitionLoss;
import io.signaling.cluster.Quorum;
import io.signaling.cluster.RoomCensus;
import io.signaling.cluster.StorageCensus;
import io.signaling.config.Options;
import io.signaling.config.ServerConfig;
import io.signaling.delivery.ParkedWaits;
import io.signaling.delivery.SafetyNet;
import io.signaling.delivery.WakeUps;
import io.signaling.directory.HazelcastPeerDirectory;
import io.signaling.directory.MailboxLimits;
import io.signaling.directory.PeerDirectory;
import io.signaling.flows.Occupancy;
import io.signaling.flows.PeerFlows;
import io.signaling.guard.SignInTokens;
import io.signaling.guard.ClientLimits;
import io.signaling.guard.Limit;
import io.signaling.guard.OpenFiles;
import io.signaling.guard.ReadingBudget;
import io.signaling.guard.StorageBudget;
import io.signaling.http.ConnectionCount;
import io.signaling.http.LeanEpollTransport;
import io.signaling.http.RequestRouter;
import io.signaling.http.SignalingVerticle;
import io.signaling.ops.ManagementServer;
import io.signaling.ops.NodeTelemetry;
import io.signaling.ops.Readiness;
import io.signaling.ops.SignalingMetrics;
import io.signaling.protocol.ResponseEncoder;
import io.signaling.time.NodeClock;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxBuilder;
import io.vertx.core.VertxOptions;
import io.vertx.core.eventbus.EventBusOptions;
import io.vertx.core.transport.Transport;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running node: a clustered Vert.x on its own Hazelcast member, the signaling verticles, the wake-up
 * consumer and the idle sweep, started and stopped in the order that loses nothing.
 */
public final class SignalingNode {

  private static final Logger LOG = LoggerFactory.getLogger(SignalingNode.class);

  private final ServerConfig config;
  private final Vertx vertx;
  private final HazelcastClusterManager clusterManager;
  private final WakeUps wakeUps;
  private final ParkedWaits parkedWaits;
  private final PeerDirectory directory;
  private final PeerFlows flows;
  private final SafetyNet safetyNet;
  private final PartitionLoss partitionLoss;
  private final ConnectionCount connections;
  private final ClientLimits clientLimits;
  private final StorageBudget storageBudget;
  private final ReadingBudget readingBudget;
  private final StorageCensus census;
  private final RoomCensus roomCensus;
  private final OpenFiles openFiles;
  private long openFilesTimer = -1;
  private final String nodeId;
  private final NodeDepartures departures;
  private final Readiness readiness;
  private final Quorum quorum;
  private final NodeTelemetry telemetry;
  private final ManagementServer management;
  private final List<SignalingVerticle> verticles = new CopyOnWriteArrayList<>();
  private final AtomicBoolean sweeping = new AtomicBoolean();
  private int port;
  private long sweepTimer = -1;
  private Future<Void> stopped;

  private SignalingNode(ServerConfig config, NodeClock clock, Vertx vertx, HazelcastClusterManager clusterManager) {
    this.config = config;
    this.telemetry = new NodeTelemetry(clock);
    this.vertx = vertx;
    this.clusterManager = clusterManager;
    HazelcastInstance hazelcast = clusterManager.getHazelcastInstance();
    PeerDirectory directory = new HazelcastPeerDirectory(vertx, hazelcast,
        new MailboxLimits(config.limits().maxQueuedItems(), config.limits().maxQueuedBytes()));
    SignalingMetrics metrics = telemetry.signaling();
    this.nodeId = NodeDepartures.localNodeId(hazelcast);
    this.wakeUps = new WakeUps(vertx, nodeId);
    this.parkedWaits = new ParkedWaits(vertx, directory, wakeUps, clock::millis, metrics,
        config.longPoll().waitTimeout());
    this.storageBudget = new StorageBudget(new StorageBudget.Settings(config.memory().maxStoredBytes(),
        config.memory().maxSenderBytes(), config.memory().maxAddressStoredBytes()),
        hazelcast.getCluster().getMembers().size(), metrics::limited);
    this.readingBudget = new ReadingBudget(config.memory().maxReadingBytes(), metrics::limited);
    this.partitionLoss = new PartitionLoss(vertx, hazelcast, metrics::partitionLost, metrics::peersLost,
        clock::millis);
    this.census = new StorageCensus(vertx, hazelcast, directory, storageBudget, clock::millis);
    Occupancy occupancy = new Occupancy(new Occupancy.Limits(config.limits().maxPeers(), config.limits().maxRooms()));
    this.roomCensus = new RoomCensus(vertx, hazelcast, directory, occupancy, clock::millis);
    this.flows = new PeerFlows(directory, wakeUps, parkedWaits.knownSenders(), new PeerFlows.Limits(config.limits().maxNameBytes(),
        config.limits().maxRoomPeers(), config.limits().maxAnnouncing()), occupancy, storageBudget, clock::millis,
        metrics);
    this.directory = directory;
    this.connections = new ConnectionCount(config.limits().maxConnections());
    this.clientLimits = new ClientLimits(config.clientLimits(), clock::nanos, metrics::limited);
    this.safetyNet = new SafetyNet(directory, wakeUps, clock::millis);
    this.departures = new NodeDepartures(hazelcast, vertx.getOrCreateContext(), safetyNet::forgetNode,
        clock::millis);
    java.util.function.BooleanSupplier memberRunning = () -> hazelcast.getLifecycleService().isRunning();
    this.quorum = new Quorum(hazelcast, config.cluster().quorum(), vertx.getOrCreateContext(),
        () -> LOG.warn("closed {} parked /wait(s): their clients wait on the majority", parkedWaits.abandonAll()));
    this.readiness = new Readiness(memberRunning, quorum::isPresent);
    this.openFiles = OpenFiles.ofThisProcess(config.managementLimits().maxConnections(),
        () -> metrics.limited(Limit.OPEN_FILES), clock::millis);
    this.management = new ManagementServer(vertx, config.management(), config.managementLimits(), readiness,
        telemetry, openFiles, () -> metrics.limited(Limit.MANAGEMENT_CONNECTIONS));
    metrics.gauge("signaling.peers.online", "Signed-in peers whose records this node's cluster member owns;"
        + " sum over the nodes for the cluster", directory::ownedPeerCount);
    metrics.gauge("signaling.cluster.peers", "Signed-in peers in the whole cluster at the last count (every 5 s; -1"
        + " before the first): what a loss of partitions is measured against", partitionLoss::countedPeers);
    metrics.gauge("signaling.rooms.open", "Named rooms with at least one peer in the whole cluster, at the last"
        + " count (every 2 s; every node reports the cluster's figure)", occupancy::roomsOpen);
    metrics.gauge("signaling.default.room.peers", "Peers in the default room (the bare paths) in the whole cluster,"
        + " at the last count (every 2 s; every node reports the cluster's figure)", occupancy::defaultRoomPeers);
    metrics.gauge("signaling.waits.parked", "/wait requests parked on this node", parkedWaits::size);
    metrics.gauge("signaling.connections.open", "Client connections open on the signaling port",
        connections::current);
    metrics.gauge("signaling.connections.limit", "Client connections this node holds at most (--max-connections);"
        + " more get 503", () -> config.limits().maxConnections());
    metrics.gauge("signaling.cluster.members", "Members of the cluster as this node sees it",
        () -> memberRunning.getAsBoolean() ? hazelcast.getCluster().getMembers().size() : 0);
    metrics.gauge("signaling.stored.bytes", "Undelivered messages and notifications in the whole cluster, counted"
        + " once with their overhead, at the last count (about once a second)", storageBudget::countedBytes);
    metrics.gauge("signaling.stored.budget.bytes", "The cluster's bound on those bytes (--max-stored-bytes)",
        storageBudget::maxStoredBytes);
    metrics.gauge("signaling.stored.room.bytes", "What this node may still store before the next count: its share of"
        + " what the budget has left, less what it stored since", storageBudget::room);
    metrics.gauge("signaling.reading.bytes", "Bytes of request bodies this node holds while reading them",
        readingBudget::reserved);
    metrics.gauge("signaling.sockets.open", "Sockets this node's signaling and management ports hold",
        openFiles::sockets);
    metrics.gauge("signaling.client.addresses", "Client addresses (IPv6: /64 networks) this node keeps limits for",
        clientLimits::trackedAddresses);
    metrics.gauge("signaling.cluster.quorum", "1 when this node sees at least --cluster-quorum members, else 0"
        + " (then it serves nobody)", () -> quorum.isPresent() ? 1 : 0);
    metrics.gauge("signaling.node.ready", "1 when this node reports ready, else 0",
        () -> readiness.isReady() ? 1 : 0);
    ClusterTls tls = config.clusterTls();
    metrics.gauge("signaling.cluster.tls.expiry.seconds", "Seconds until the event bus certificate expires (then the"
        + " nodes refuse each other); -1 without TLS",
        () -> tls == null ? -1 : java.time.Duration.between(java.time.Instant.now(), tls.expires()).toSeconds());
  }

  /** Joins (or forms) the cluster, then serves; completes once the node answers requests. */
  public static Future<SignalingNode> start(ServerConfig config) {
    return start(config, NodeClock.system());
  }

  /** The same on the given clock: tests move it to run timeouts and the idle sweep without waiting. */
  public static Future<SignalingNode> start(ServerConfig config, NodeClock clock) {
    // Blocking look-ups happen here, on the caller's thread, never on an event loop.
    int wantedPort;
    try {
      // With port 0 each event loop would bind a port of its own, so one free port is chosen first.
      wantedPort = config.listen().port() != 0 ? config.listen().port() : freePort(config.listen().host());
    } catch (IOException e) {
      return Future.failedFuture(e);
    }
    String serverName = BuildInfo.serverName();
    Config member = HazelcastSetup.memberConfig(config.cluster());
    HazelcastPeerDirectory.configure(member, config.get(Options.BACKUPS));
    HazelcastClusterManager clusterManager = new HazelcastClusterManager(member);
    String clusterHost = config.cluster().host();
    EventBusOptions eventBus = new EventBusOptions()
        .setHost(clusterHost).setPort(config.cluster().eventBusPort()).setClusterPublicHost(clusterHost);
    ClusterTls tls = config.clusterTls();
    if (tls != null) {
      tls.applyTo(eventBus);
      LOG.info("event bus: mutual TLS with certificate {} (expires {}), trusting {} certificate(s)",
          tls.fingerprint(), tls.expires(), tls.trustedCertificates());
    } else {
      LOG.info("event bus: no TLS; any process that reaches {}:{} can deliver to this node", clusterHost,
          config.cluster().eventBusPort() == 0 ? "(its port)" : config.cluster().eventBusPort());
    }
    // epoll where it runs (Linux): each request is a connection of its own, and the native transport needs fewer
    // system calls to accept and set one up than NIO, fewer still without options that change nothing. Elsewhere
    // Vert.x falls back to NIO by itself.
    VertxOptions options = new VertxOptions().setEventBusOptions(eventBus).setPreferNativeTransport(true);
    VertxBuilder builder = Vertx.builder().with(options).withClusterManager(clusterManager);
    Transport epoll = LeanEpollTransport.whereAvailable();
    if (epoll != null) {
      builder.withTransport(epoll);
    }
    Promise<SignalingNode> started = Promise.promise();
    builder.buildClustered()
        // Creating a map's proxy the first time is a cluster round trip: done on a worker, the node's own
        // construction on the event loop then finds the proxies made.
        .compose(vertx -> vertx.executeBlocking(() -> {
          HazelcastPeerDirectory.openMaps(clusterManager.getHazelcastInstance());
          return vertx;
        }))
        .onFailure(started::fail)
        .onSuccess(vertx -> {
          SignalingNode node = new SignalingNode(config, clock, vertx, clusterManager);
          node.serve(wantedPort, serverName).onSuccess(served -> started.complete(node)).onFailure(failure -> {
            LOG.error("the node failed to start; leaving the cluster", failure);
            // The caller's future must not depend on this Vert.x, which is being closed.
            vertx.close().onComplete(closed -> {
              node.telemetry.close();
              started.fail(failure);
            });
          });
        });
    return started.future();
  }

  private Future<Void> serve(int wantedPort, String serverName) {
    SignInTokens tokens = SignInTokens.of(vertx, config.authJwtSecret(), config.authJwks());
    RequestRouter router = new RequestRouter(flows, parkedWaits, clientLimits, quorum::isPresent,
        config.peerBinding(), tokens, config.demoPage() ? DemoPage.response() : null, directory);
    ResponseEncoder encoder = new ResponseEncoder(serverName, tokens != null);
    ServerConfig.Listen listen = config.listen();
    int instances = listen.httpInstances() > 0 ? listen.httpInstances() : Runtime.getRuntime().availableProcessors();
    departures.start();
    quorum.start();
    // The first sample at once, then each second; each lists the process's files, so on a worker, never here.
    openFilesTimer = vertx.setPeriodic(0, 1_000, tick -> vertx.executeBlocking(() -> {
      openFiles.sample();
      return null;
    }, false));
    return directory.ready().compose(roomsKnown -> management.start())
        .compose(managementUp -> vertx.executeBlocking(() -> {
          partitionLoss.start();
          return null;
        }, false))
        .onSuccess(watching -> partitionLoss.startCounting())
        .compose(watching -> census.start())
        .compose(censusHeard -> roomCensus.start())
        .compose(censusHeard -> wakeUps.start(parkedWaits))
        .onSuccess(consumerReady -> readiness.wakeUpConsumerRegistered())
        // One deployment of N instances: Vert.x shares one listening socket among the instances of a deployment.
        .compose(consumerReady -> vertx.deployVerticle(() -> {
          SignalingVerticle verticle = new SignalingVerticle(listen.host(), wantedPort, config, encoder, router,
              connections, clientLimits, readingBudget, openFiles, telemetry.signaling());
          verticles.add(verticle);
          return verticle;
        }, new DeploymentOptions().setInstances(instances)))
        .compose(deployed -> {
          Set<Integer> ports = verticles.stream().map(SignalingVerticle::actualPort).collect(Collectors.toSet());
          if (ports.size() != 1) {
            return Future.failedFuture(new IllegalStateException("event loops bound different ports: " + ports));
          }
          port = ports.iterator().next();
          return Future.succeededFuture();
        })
        .onSuccess(deployed -> {
          readiness.serving();
          watchClusterSafety();
          startSweep();
          LOG.info("signaling node {} listening on {}:{} with {} event loop(s) ({}); cluster '{}' at {}",
              nodeId, listen.host(), port, instances, vertx.isNativeTransportEnabled() ? "epoll" : "NIO",
              config.cluster().name(),
              clusterManager.getHazelcastInstance().getCluster().getLocalMember().getAddress());
        })
        .mapEmpty();
  }

  /** A port free right now (for --port 0: tests and local runs, where a rare race with another bind is fine). */
  private static int freePort(String host) throws IOException {
    try (ServerSocket probe = new ServerSocket()) {
      probe.bind(new InetSocketAddress(host, 0));
      return probe.getLocalPort();
    }
  }

  /** Polls until the cluster is once safe (no migration, every backup in place); the node is ready from then on. */
  private void watchClusterSafety() {
    vertx.setPeriodic(0, 250, timer -> vertx.executeBlocking(() ->
            clusterManager.getHazelcastInstance().getPartitionService().isClusterSafe(), false)
        .onSuccess(safe -> {
          if (safe && !readiness.hasSeenClusterSafe()) {
            readiness.clusterSafeSeen();
            vertx.cancelTimer(timer);
            LOG.info("node {} is ready: the cluster is safe", nodeId);
          }
        }));
  }

  private void startSweep() {
    long timeout = config.timing().peerTimeout().toMillis();
    sweepTimer = vertx.setPeriodic(config.timing().sweepInterval().toMillis(), tick -> {
      clientLimits.forgetIdle();
      if (sweeping.compareAndSet(false, true)) {
        safetyNet.wakeMissed()
            .onFailure(failure -> LOG.warn("wake-up sweep failed", failure))
            .transform(woken -> flows.sweepIdle(timeout))
            .onFailure(failure -> LOG.warn("idle sweep failed", failure))
            .onComplete(done -> sweeping.set(false));
      }
    });
  }

  /** The port the signaling protocol is served on. */
  public int port() {
    return port;
  }

  /** This node's id in the cluster (its Hazelcast member UUID). */
  public String nodeId() {
    return nodeId;
  }

  public Vertx vertx() {
    return vertx;
  }

  /** Parked /wait connections on this node. */
  public int parkedWaits() {
    return parkedWaits.size();
  }

  public int openConnections() {
    return connections.current();
  }

  /** The port of /health/live and /health/ready. */
  public int managementPort() {
    return management.port();
  }

  /** The Prometheus text of this node's metrics, as {@code /metrics} serves it. */
  public String scrapeMetrics() {
    return telemetry.scrape();
  }

  public boolean isReady() {
    return readiness.isReady();
  }

  /**
   * Drains and stops, in the order that loses nothing: report not ready and wait --drain-delay (the load
   * balancer takes the node out), stop accepting, close the parked /waits without an answer once the cluster
   * knows they no longer wait here (their clients re-wait on another node, keeping their id and mailbox), let
   * requests under way finish within --shutdown-grace, then leave the cluster, whose partitions Hazelcast
   * migrates to the remaining nodes.
   */
  public synchronized Future<Void> stop() {
    if (stopped == null) {
      stopped = drainAndLeave();
    }
    return stopped;
  }

  private Future<Void> drainAndLeave() {
    readiness.draining();
    LOG.info("node {} draining: not ready, stopping in {} ms", nodeId, config.timing().drainDelay().toMillis());
    if (sweepTimer >= 0) {
      vertx.cancelTimer(sweepTimer);
    }
    if (openFilesTimer >= 0) {
      vertx.cancelTimer(openFilesTimer);
    }
    Promise<Void> drained = Promise.promise();
    vertx.setTimer(Math.max(1, config.timing().drainDelay().toMillis()), timer -> drained.complete());
    return drained.future()
        .compose(delayed -> {
          // Stops accepting first; then each connection hears of the shutdown and a parked /wait is released
          // (its client re-waits elsewhere), while requests under way get --shutdown-grace to finish.
          long grace = config.timing().shutdownGrace().toMillis();
          List<Future<Void>> closing = verticles.stream().map(verticle -> verticle.stopAccepting(grace)).toList();
          return Future.join(closing).<Void>mapEmpty();
        })
        .eventually(() -> parkedWaits.closeAll())
        .eventually(() -> {
          departures.stop();
          quorum.stop();
          partitionLoss.stop();
          return census.stop().eventually(roomCensus::stop).eventually(wakeUps::stop);
        })
        .eventually(() -> vertx.close())
        .onComplete(closed -> {
          telemetry.close();
          LOG.info("signaling node {} stopped", nodeId);
        });
  }
}
