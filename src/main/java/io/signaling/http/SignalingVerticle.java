package io.signaling.http;

import io.signaling.config.ServerConfig;
import io.signaling.ops.SignalingMetrics;
import io.signaling.protocol.ResponseEncoder;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;

/**
 * Serves the signaling protocol on one event loop; a node deploys one per core on the same port.
 *
 * <p>It speaks HTTP/1.x on a plain TCP server rather than Vert.x's HTTP server because the protocol needs
 * control of every byte: Vert.x rewrites the Connection header (to lower case when the client sent
 * {@code Connection: close}, to keep-alive for HTTP/1.0 keep-alive requests, FACTS.md) and keeps keep-alive
 * sockets open, while the reference's clients need {@code Connection: close} exactly and one request per
 * connection. {@link io.signaling.protocol.RequestReader} reads requests within fixed bounds.
 */
public final class SignalingVerticle extends VerticleBase {

  private final String host;
  private final int port;
  private final HttpLimits limits;
  private final ResponseEncoder encoder;
  private final RequestRouter router;
  private final ConnectionCount connections;
  private final SignalingMetrics metrics;
  private NetServer server;

  public SignalingVerticle(String host, int port, ServerConfig config, ResponseEncoder encoder,
                           RequestRouter router, ConnectionCount connections, SignalingMetrics metrics) {
    this.host = host;
    this.port = port;
    this.limits = HttpLimits.of(config);
    this.encoder = encoder;
    this.router = router;
    this.connections = connections;
    this.metrics = metrics;
  }

  @Override
  public Future<?> start() {
    NetServerOptions options = new NetServerOptions().setHost(host).setPort(port)
        .setTcpNoDelay(true).setAcceptBacklog(4096);
    server = vertx.createNetServer(options).connectHandler(socket -> {
      boolean withinLimit = connections.open();
      new ClientConnection(vertx, socket, limits, encoder, router, !withinLimit, connections::closed, metrics);
    });
    return server.listen();
  }

  /**
   * Stops accepting connections; completes once the open ones have closed, or after the grace period, when
   * the remaining ones are closed.
   */
  public Future<Void> stopAccepting(long graceMillis) {
    return server.shutdown(graceMillis, java.util.concurrent.TimeUnit.MILLISECONDS);
  }

  /** The port actually bound (differs from the configured one when that was 0). */
  public int actualPort() {
    return server.actualPort();
  }
}
