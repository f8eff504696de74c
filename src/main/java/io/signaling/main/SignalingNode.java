package io.signaling.main;

import com.hazelcast.config.Config;
import io.signaling.cluster.HazelcastSetup;
import io.signaling.cluster.WakeUps;
import io.signaling.config.ServerConfig;
import io.signaling.directory.HazelcastPeerDirectory;
import io.signaling.directory.MailboxLimits;
import io.signaling.directory.PeerDirectory;
import io.signaling.http.ConnectionCount;
import io.signaling.http.RequestRouter;
import io.signaling.http.SignalingVerticle;
import io.signaling.http.WaitRoom;
import io.signaling.lobby.Lobby;
import io.signaling.protocol.ResponseEncoder;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.eventbus.EventBusOptions;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running node: a clustered Vert.x on its own Hazelcast member, the signaling verticles, the wake-up
 * consumer and the idle sweep, started and stopped in the order that loses nothing.
 */
public final class SignalingNode {

  private static final Logger LOG = LoggerFactory.getLogger(SignalingNode.class);
  private static final LongSupplier CLOCK = System::currentTimeMillis;

  private final ServerConfig config;
  private final Vertx vertx;
  private final HazelcastClusterManager clusterManager;
  private final WakeUps wakeUps;
  private final WaitRoom waitRoom;
  private final Lobby lobby;
  private final ConnectionCount connections;
  private final AtomicBoolean sweeping = new AtomicBoolean();
  private int port;
  private long sweepTimer = -1;

  private SignalingNode(ServerConfig config, Vertx vertx, HazelcastClusterManager clusterManager) {
    this.config = config;
    this.vertx = vertx;
    this.clusterManager = clusterManager;
    PeerDirectory directory = new HazelcastPeerDirectory(vertx, clusterManager.getHazelcastInstance(),
        new MailboxLimits(config.limits().maxQueuedItems(), config.limits().maxQueuedBytes()));
    this.wakeUps = new WakeUps(vertx, clusterManager.getNodeId());
    this.waitRoom = new WaitRoom(directory, wakeUps, CLOCK);
    this.lobby = new Lobby(directory, wakeUps, config.limits().maxNameBytes(), config.limits().maxPeers(), CLOCK);
    this.connections = new ConnectionCount(config.limits().maxConnections());
  }

  /** Joins (or forms) the cluster, then serves; completes once the node answers requests. */
  public static Future<SignalingNode> start(ServerConfig config) {
    Config member = HazelcastSetup.memberConfig(config.cluster());
    HazelcastPeerDirectory.configure(member);
    HazelcastClusterManager clusterManager = new HazelcastClusterManager(member);
    String clusterHost = config.cluster().host();
    VertxOptions options = new VertxOptions().setEventBusOptions(new EventBusOptions()
        .setHost(clusterHost).setPort(config.cluster().eventBusPort()).setClusterPublicHost(clusterHost));
    return Vertx.builder().with(options).withClusterManager(clusterManager).buildClustered()
        .compose(vertx -> {
          SignalingNode node = new SignalingNode(config, vertx, clusterManager);
          return node.serve().map(node).recover(failure -> vertx.close().transform(closed -> Future.failedFuture(failure)));
        });
  }

  private Future<Void> serve() {
    RequestRouter router = new RequestRouter(lobby, waitRoom);
    ResponseEncoder encoder = new ResponseEncoder(BuildInfo.serverName());
    ServerConfig.Listen listen = config.listen();
    int instances = listen.httpInstances() > 0 ? listen.httpInstances() : Runtime.getRuntime().availableProcessors();
    // The first instance binds (perhaps a free port, when 0 is asked); the others share that exact port.
    SignalingVerticle first = new SignalingVerticle(listen.host(), listen.port(), config, encoder, router, connections);
    return wakeUps.start(waitRoom)
        .compose(consumerReady -> vertx.deployVerticle(first))
        .compose(deployed -> {
          port = first.actualPort();
          if (instances == 1) {
            return Future.succeededFuture();
          }
          return vertx.deployVerticle(
              () -> new SignalingVerticle(listen.host(), port, config, encoder, router, connections),
              new DeploymentOptions().setInstances(instances - 1));
        })
        .onSuccess(deployed -> {
          startSweep();
          LOG.info("signaling node {} listening on {}:{} with {} event loop(s); cluster '{}' at {}",
              clusterManager.getNodeId(), listen.host(), port, instances, config.cluster().name(),
              clusterManager.getHazelcastInstance().getCluster().getLocalMember().getAddress());
        })
        .mapEmpty();
  }

  private void startSweep() {
    long timeout = config.timing().peerTimeout().toMillis();
    sweepTimer = vertx.setPeriodic(config.timing().sweepInterval().toMillis(), tick -> {
      if (sweeping.compareAndSet(false, true)) {
        lobby.sweepIdle(timeout)
            .onFailure(failure -> LOG.warn("idle sweep failed", failure))
            .onComplete(done -> sweeping.set(false));
      }
    });
  }

  /** The port the signaling protocol is served on. */
  public int port() {
    return port;
  }

  public String nodeId() {
    return clusterManager.getNodeId();
  }

  public Vertx vertx() {
    return vertx;
  }

  /** Parked /wait connections on this node. */
  public int parkedWaits() {
    return waitRoom.size();
  }

  public int openConnections() {
    return connections.current();
  }

  /**
   * Stops in the order that loses nothing: no more sweeping, parked /waits closed without an answer (their
   * clients re-wait elsewhere) once the cluster knows they no longer wait here, then the server, then the
   * cluster membership, whose partitions Hazelcast migrates to the remaining nodes.
   */
  public Future<Void> stop() {
    if (sweepTimer >= 0) {
      vertx.cancelTimer(sweepTimer);
    }
    return waitRoom.closeAll()
        .eventually(() -> wakeUps.stop())
        .eventually(() -> vertx.close())
        .onComplete(closed -> LOG.info("signaling node {} stopped", clusterManager.getNodeId()));
  }
}
