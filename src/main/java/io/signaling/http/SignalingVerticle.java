package io.signaling.http;

import io.signaling.config.ServerConfig;
import io.signaling.guard.ClientAddress;
import io.signaling.guard.ClientLimits;
import io.signaling.guard.OpenFiles;
import io.signaling.guard.AllowedOrigins;
import io.signaling.guard.RequestClient;
import io.signaling.guard.TrustedProxies;
import io.signaling.guard.UntrustedForwarding;
import io.signaling.ops.SignalingMetrics;
import io.signaling.protocol.RequestReader;
import io.signaling.protocol.Response;
import io.signaling.protocol.Status;
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
 * {@code Connection: close}, to keep-alive for HTTP/1.0 keep-alive requests; docs/platform-notes.md) and keeps keep-alive
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
  private final ClientLimits clientLimits;
  private final RequestReader.BodyRoom bodyRoom;
  private final OpenFiles openFiles;
  private final boolean proxyProtocol;
  private final TrustedProxies trustedProxies;
  /** The client of a connection from anyone but a trusted proxy. */
  private final RequestClient directClient;
  private final AllowedOrigins allowedOrigins;
  private final SignalingMetrics metrics;
  private NetServer server;

  public SignalingVerticle(String host, int port, ServerConfig config, ResponseEncoder encoder,
                           RequestRouter router, ConnectionCount connections, ClientLimits clientLimits,
                           RequestReader.BodyRoom bodyRoom, OpenFiles openFiles, SignalingMetrics metrics) {
    this.host = host;
    this.port = port;
    this.limits = HttpLimits.of(config);
    this.encoder = encoder;
    this.router = router;
    this.connections = connections;
    this.clientLimits = clientLimits;
    this.bodyRoom = bodyRoom;
    this.openFiles = openFiles;
    this.proxyProtocol = config.proxyProtocol();
    this.trustedProxies = config.trustedProxies();
    // Behind a PROXY-protocol balancer the connection's address is the client's, and a forwarded header only
    // repeats it; otherwise a forwarded header means a proxy this node was not told about (one log line a minute
    // per event loop at most).
    this.directClient = proxyProtocol ? RequestClient.CONNECTION
        : new UntrustedForwarding(config.peerBinding(), System::currentTimeMillis);
    this.allowedOrigins = config.allowedOrigins();
    this.metrics = metrics;
  }

  @Override
  public Future<?> start() {
    NetServerOptions options = new NetServerOptions().setHost(host).setPort(port)
        .setTcpNoDelay(true).setAcceptBacklog(OpenFiles.ACCEPT_BACKLOG)
        // The header must arrive within the request timeout, like the request after it (Vert.x closes otherwise).
        .setUseProxyProtocol(proxyProtocol).setProxyProtocolTimeout(limits.requestTimeoutMillis())
        .setProxyProtocolTimeoutUnit(java.util.concurrent.TimeUnit.MILLISECONDS);
    server = vertx.createNetServer(options).connectHandler(socket -> {
      if (!openFiles.tryOpen(OpenFiles.Server.SIGNALING)) {
        socket.close(); // near the open-files limit: nothing more, not even an answer (OpenFiles says why)
        return;
      }
      // With the PROXY protocol this is the client's address from the balancer's header, not the balancer's.
      String peerAddress = socket.remoteAddress().hostAddress();
      // A trusted proxy carries many clients on its connections: it is not held to one client's connections, and
      // each request names its client (ClientConnection reads it).
      boolean fromProxy = trustedProxies.contains(peerAddress);
      String address = ClientAddress.key(peerAddress);
      // An address over its share is refused without taking one of the node's slots: those are for the others.
      ClientLimits.Admission admission = fromProxy ? ClientLimits.Admission.ADMITTED
          : clientLimits.connectionOpened(address);
      boolean countedByNode = admission.admitted();
      Response refusal = null;
      if (!admission.admitted()) {
        refusal = Response.tooManyRequests("Too many connections from your address.", admission.retryAfterSeconds());
      } else if (!connections.open()) {
        refusal = Response.refusal(Status.SERVICE_UNAVAILABLE, "Too many connections to this node; try again.");
      }
      new ClientConnection(vertx, socket, limits, encoder, router, address, fromProxy ? trustedProxies : directClient,
          allowedOrigins, clientLimits, bodyRoom, refusal, () -> {
        if (countedByNode) {
          connections.closed();
        }
        if (!fromProxy) {
          clientLimits.connectionClosed(address);
        }
        openFiles.closed();
      }, metrics);
    });
    return server.listen().onSuccess(listening -> {
      AcceptSwitch acceptSwitch = AcceptSwitch.of(server);
      openFiles.onAccepting(acceptSwitch::accepting);
      if (!openFiles.accepting()) {
        acceptSwitch.accepting(false);
      }
    });
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
