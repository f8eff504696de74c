package io.signaling.ops;

import io.signaling.config.ServerConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.signaling.guard.ClientAddress;
import io.signaling.guard.OpenFiles;
import io.signaling.http.ConnectionCount;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import java.util.concurrent.TimeUnit;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The operations port: liveness, readiness and Prometheus metrics. Kept off the signaling port so probes and
 * scrapes never count against its limits or its protocol. It has bounds of its own: a cap on connections, a
 * smaller one per address, an idle timeout, and its slice of the node's open files.
 */
public final class ManagementServer {

  public static final String LIVENESS_PATH = "/health/live";
  public static final String READINESS_PATH = "/health/ready";
  public static final String METRICS_PATH = "/metrics";
  /** Every path served here, for the checks of the Kubernetes manifests. */
  public static final List<String> PATHS = List.of(LIVENESS_PATH, READINESS_PATH, METRICS_PATH);

  private static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

  /**
   * Connections one address may hold here: a flood from a few addresses leaves the rest of the cap to the
   * kubelet's probes and to Prometheus.
   */
  public static final int CONNECTIONS_PER_ADDRESS = 16;

  private final Vertx vertx;
  private final ServerConfig.Listen listen;
  private final ServerConfig.ManagementLimits limits;
  private final Readiness readiness;
  private final NodeTelemetry telemetry;
  private final OpenFiles openFiles;
  private final Runnable onRefusal;
  private final ConnectionCount open;
  private final Map<String, Integer> openByAddress = new ConcurrentHashMap<>();
  private HttpServer server;

  /** @param onRefusal told of every connection closed for being over a limit (the metric) */
  public ManagementServer(Vertx vertx, ServerConfig.Listen listen, ServerConfig.ManagementLimits limits,
                          Readiness readiness,
                          NodeTelemetry telemetry, OpenFiles openFiles, Runnable onRefusal) {
    this.vertx = vertx;
    this.listen = listen;
    this.limits = limits;
    this.open = new ConnectionCount(limits.maxConnections());
    this.readiness = readiness;
    this.telemetry = telemetry;
    this.openFiles = openFiles;
    this.onRefusal = onRefusal;
  }

  public Future<Void> start() {
    Router router = Router.router(vertx);
    // Cheap on purpose: answered by the event loop itself, so it fails exactly when that loop is stuck.
    router.get(LIVENESS_PATH).handler(context -> readiness(context, readiness.isAlive(),
        new JsonObject().put("status", readiness.isAlive() ? "live" : "cluster member stopped")));
    router.get(READINESS_PATH).handler(context -> readiness(context, readiness.isReady(), readiness.report()));
    router.get(METRICS_PATH).handler(this::metrics);
    // Idle connections go after the timeout (a probe opens a new one each time; a scraper keeps one busy).
    // Without HTTP/2 over clear text, Vert.x sets a connection up (and calls admit) as it opens, not once its
    // first bytes show which protocol it speaks: a silent socket is counted from the start.
    server = vertx.createHttpServer(new HttpServerOptions().setHttp2ClearTextEnabled(false)
        .setIdleTimeout((int) limits.idleTimeout().toMillis()).setIdleTimeoutUnit(TimeUnit.MILLISECONDS));
    return server.connectionHandler(this::admit).requestHandler(router).listen(listen.port(), listen.host())
        .mapEmpty();
  }

  /** Holds a new connection to the port's caps and the node's open files, or closes it at once. */
  private void admit(HttpConnection connection) {
    if (!openFiles.tryOpen(OpenFiles.Server.MANAGEMENT)) {
      connection.close();
      return;
    }
    String address = ClientAddress.key(connection.remoteAddress().hostAddress());
    boolean withinTotal = open.open();
    int fromAddress = openByAddress.merge(address, 1, Integer::sum);
    if (!withinTotal || fromAddress > CONNECTIONS_PER_ADDRESS) {
      // Uncounted at once, so that the refused, closing in the background, never crowd out the next ones.
      forget(address);
      onRefusal.run();
      connection.close();
      return;
    }
    connection.closeHandler(closed -> forget(address));
  }

  private void forget(String address) {
    open.closed();
    openByAddress.computeIfPresent(address, (key, count) -> count > 1 ? count - 1 : null);
    openFiles.closed();
  }

  public int port() {
    return server.actualPort();
  }

  public Future<Void> stop() {
    return server == null ? Future.succeededFuture() : server.close();
  }

  private static void readiness(RoutingContext context, boolean up, JsonObject body) {
    context.response().setStatusCode(up ? 200 : 503).putHeader("Content-Type", "application/json")
        .end(body.encode() + "\n");
  }

  /** A scrape reads every gauge, some of which ask Hazelcast, so it runs on a worker thread. */
  private void metrics(RoutingContext context) {
    vertx.executeBlocking(telemetry::scrape, false).onComplete(scraped -> {
      if (scraped.succeeded()) {
        context.response().putHeader("Content-Type", PROMETHEUS_TEXT).end(scraped.result());
      } else {
        context.fail(scraped.cause());
      }
    });
  }
}
