package io.signaling.http;

import io.signaling.delivery.WaitingClient;
import io.signaling.guard.AllowedOrigins;
import io.signaling.guard.ClientAddress;
import io.signaling.guard.ClientLimits;
import io.signaling.guard.RequestClient;
import io.signaling.ops.SignalingMetrics;
import io.signaling.protocol.Endpoint;
import io.signaling.protocol.HttpRequest;
import io.signaling.protocol.RequestReader;
import io.signaling.protocol.Response;
import io.signaling.protocol.ResponseEncoder;
import io.signaling.protocol.Status;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetSocket;

/**
 * One client TCP connection: it reads exactly one request, gets exactly one answer (or, for a parked /wait
 * dropped on purpose, none) and is then closed by the server. All of its state is touched only on its own
 * event loop.
 */
final class ClientConnection implements WaitingClient {

  private static final long REFUSED_REQUEST_TIMEOUT_MILLIS = 1_000;
  private static final Response FOREIGN_PAGE = Response.refusal(Status.FORBIDDEN,
      "Requests from this web page's origin are not allowed here.");

  private final Vertx vertx;
  private final Context context;
  private final NetSocket socket;
  private final RequestReader reader;
  private final TcpKeepAlive keepAlive;
  private final ResponseEncoder encoder;
  private final RequestRouter router;
  /** The connection's address, then, once a trusted proxy's request is read, the client it names. */
  private String clientAddress;
  private final RequestClient requestClient;
  private final AllowedOrigins origins;
  /** What the answer's Access-Control-Allow-Origin says (null: nothing), once the request named its page. */
  private String allowOrigin;
  private final ClientLimits clientLimits;
  /** Set when the connection was refused as it opened (node or address over its limit): the only answer. */
  private final Response refusal;
  private final Runnable onClosed;
  private final SignalingMetrics metrics;
  private Endpoint endpoint = Endpoint.UNREAD;
  private long requestReadNanos;
  private long requestTimer = -1;
  private boolean answered;
  private boolean closed;
  private Runnable clientCloseAction;
  private Runnable shutdownAction;

  /**
   * @param clientAddress the client's key for the per-address limits ({@link ClientAddress})
   * @param requestClient reads each request's client: from a trusted proxy, its X-Forwarded-For; else the
   *                      connection's address
   * @param origins       the web pages that may use this server from a browser
   * @param refusal       the answer for a connection refused as it opened, or null
   */
  ClientConnection(Vertx vertx, NetSocket socket, HttpLimits limits, ResponseEncoder encoder, RequestRouter router,
                   String clientAddress, RequestClient requestClient, AllowedOrigins origins, ClientLimits clientLimits,
                   RequestReader.BodyRoom bodyRoom, Response refusal,
                   Runnable onClosed, SignalingMetrics metrics) {
    this.vertx = vertx;
    this.context = vertx.getOrCreateContext();
    this.socket = socket;
    this.reader = new RequestReader(limits.maxHeaderBytes(), limits.maxBodyBytes(), bodyRoom);
    this.keepAlive = limits.keepAlive();
    this.encoder = encoder;
    this.router = router;
    this.clientAddress = clientAddress;
    this.requestClient = requestClient;
    this.origins = origins;
    this.allowOrigin = origins.allowOriginHeader(null);
    this.clientLimits = clientLimits;
    this.refusal = refusal;
    this.onClosed = onClosed;
    this.metrics = metrics;
    socket.handler(this::onData);
    socket.closeHandler(ignored -> onClose());
    socket.exceptionHandler(ignored -> {
      // a reset by the client surfaces here and then as a close, which does the cleaning up
    });
    // The node drains and no longer accepts: a request under way finishes by itself (within --shutdown-grace);
    // a parked /wait is released by ParkedWaits, which tells the cluster it no longer waits here.
    socket.shutdownHandler(ignored -> {
      if (shutdownAction != null) {
        shutdownAction.run();
      }
    });
    // A refused connection holds a file descriptor for nothing: it gets little time to say what it wanted.
    long timeout = refusal == null ? limits.requestTimeoutMillis()
        : Math.min(limits.requestTimeoutMillis(), REFUSED_REQUEST_TIMEOUT_MILLIS);
    requestTimer = vertx.setTimer(timeout, ignored -> onRequestTimeout());
  }

  /** The client's key for the per-address limits: its address, or its IPv6 /64. */
  String clientAddress() {
    return clientAddress;
  }

  @Override
  public Context context() {
    return context;
  }

  @Override
  public boolean isClosed() {
    return closed;
  }

  /** Names what the request asked for, for the metrics of its answer. */
  void asked(Endpoint endpoint) {
    this.endpoint = endpoint;
  }

  @Override
  public void holdOpen() {
    keepAlive.applyTo(socket);
  }

  /** What to do if the client goes away before it was answered (used by a parked /wait). */
  @Override
  public void onClientClose(Runnable action) {
    this.clientCloseAction = action;
  }

  /** What to do when the node drains while this connection is parked. */
  @Override
  public void onShutdown(Runnable action) {
    this.shutdownAction = action;
  }

  /** Writes the response and closes the connection; later answers are ignored. */
  @Override
  public void answer(Response response) {
    if (answered || closed) {
      return;
    }
    answered = true;
    socket.end(Buffer.buffer(encoder.encode(response, allowOrigin)));
    metrics.answered(endpoint, response.status(), requestReadNanos);
    if (endpoint.namesPeers() && (response.status() == Status.ERROR || response.status() == Status.SORRY)) {
      clientLimits.unknownPeerAnswered(clientAddress); // the answers id probing lives on
    }
  }

  /**
   * Like {@link #answer}, for an item taken from a mailbox: the future fails if the connection is already gone
   * or the write fails, so the caller can put the item back.
   */
  @Override
  public Future<Void> handOver(Response response) {
    if (answered || closed) {
      return Future.failedFuture("connection closed before the item could be written");
    }
    answered = true;
    metrics.answered(endpoint, response.status(), requestReadNanos);
    return socket.write(Buffer.buffer(encoder.encode(response, allowOrigin))).andThen(written -> socket.close());
  }

  /** Closes without an answer: a superseded /wait, or a parked /wait at shutdown (clients then re-wait). */
  @Override
  public void closeWithoutAnswer() {
    answered = true;
    socket.close();
  }

  private void onData(Buffer data) {
    if (reader.isFinished()) {
      return; // one request per connection: anything after it (keep-alive, pipelining) is not read as a request
    }
    switch (reader.feed(data.getBytes())) {
      case NEED_MORE -> {
      }
      case SEND_CONTINUE -> socket.write(Buffer.buffer(ResponseEncoder.continueLine()));
      case REFUSED -> {
        stopRequestTimer();
        answer(reader.refusal());
      }
      case COMPLETE -> {
        stopRequestTimer();
        requestReadNanos = metrics.requestRead();
        HttpRequest request = reader.takeRequest();
        if (request.forwardedFor() != null) {
          // Without the header every reading names the connection's own address, the key this already holds.
          clientAddress = requestClient.clientOf(socket.remoteAddress().hostAddress(), request.forwardedFor());
        }
        if (refusal != null) {
          answer(refusal);
        } else if (!origins.admits(request.origin(), request.host())) {
          // A page the operator did not allow: its script gets a status but, without the header, cannot read more.
          answer(FOREIGN_PAGE);
        } else {
          allowOrigin = origins.allowOriginHeader(request.origin());
          router.route(request, this);
        }
      }
    }
  }

  private void onRequestTimeout() {
    requestTimer = -1;
    if (reader.hasStarted()) {
      answer(refusal != null ? refusal : Response.refusal(Status.REQUEST_TIMEOUT, "The request did not arrive in time."));
    } else {
      closeWithoutAnswer(); // nothing was asked (an idle preconnect, say), so nothing is answered
    }
  }

  private void stopRequestTimer() {
    if (requestTimer >= 0) {
      vertx.cancelTimer(requestTimer);
      requestTimer = -1;
    }
  }

  private void onClose() {
    closed = true;
    stopRequestTimer();
    reader.releaseBody();
    onClosed.run();
    if (clientCloseAction != null) {
      clientCloseAction.run();
    }
  }
}
