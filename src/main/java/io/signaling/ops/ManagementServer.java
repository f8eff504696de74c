package io.signaling.ops;

import io.signaling.config.ServerConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.List;

/**
 * The operations port: liveness, readiness and Prometheus metrics. Kept off the signaling port so probes and
 * scrapes never count against its limits or its protocol.
 */
public final class ManagementServer {

  public static final String LIVENESS_PATH = "/health/live";
  public static final String READINESS_PATH = "/health/ready";
  public static final String METRICS_PATH = "/metrics";
  /** Every path served here, for the checks of the Kubernetes manifests. */
  public static final List<String> PATHS = List.of(LIVENESS_PATH, READINESS_PATH, METRICS_PATH);

  private static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

  private final Vertx vertx;
  private final ServerConfig.Listen listen;
  private final Readiness readiness;
  private final NodeTelemetry telemetry;
  private HttpServer server;

  public ManagementServer(Vertx vertx, ServerConfig.Listen listen, Readiness readiness, NodeTelemetry telemetry) {
    this.vertx = vertx;
    this.listen = listen;
    this.readiness = readiness;
    this.telemetry = telemetry;
  }

  public Future<Void> start() {
    Router router = Router.router(vertx);
    // Cheap on purpose: answered by the event loop itself, so it fails exactly when that loop is stuck.
    router.get(LIVENESS_PATH).handler(context -> readiness(context, readiness.isAlive(),
        new JsonObject().put("status", readiness.isAlive() ? "live" : "cluster member stopped")));
    router.get(READINESS_PATH).handler(context -> readiness(context, readiness.isReady(), readiness.report()));
    router.get(METRICS_PATH).handler(this::metrics);
    server = vertx.createHttpServer();
    return server.requestHandler(router).listen(listen.port(), listen.host()).mapEmpty();
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
