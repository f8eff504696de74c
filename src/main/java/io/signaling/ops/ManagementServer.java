package io.signaling.ops;

import io.signaling.config.ServerConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * The operations port: {@code /health/live} (the event loop answers) and {@code /health/ready} (send traffic
 * here). Kept off the signaling port so probes never count against its limits or its protocol.
 */
public final class ManagementServer {

  private final Vertx vertx;
  private final ServerConfig.Listen listen;
  private final Readiness readiness;
  private HttpServer server;

  public ManagementServer(Vertx vertx, ServerConfig.Listen listen, Readiness readiness) {
    this.vertx = vertx;
    this.listen = listen;
    this.readiness = readiness;
  }

  public Future<Void> start() {
    Router router = Router.router(vertx);
    router.get("/health/live").handler(context -> status(context, 200, "live"));
    router.get("/health/ready").handler(context ->
        status(context, readiness.isReady() ? 200 : 503, readiness.state()));
    server = vertx.createHttpServer();
    return server.requestHandler(router).listen(listen.port(), listen.host()).mapEmpty();
  }

  public int port() {
    return server.actualPort();
  }

  private static void status(RoutingContext context, int code, String state) {
    context.response().setStatusCode(code).putHeader("Content-Type", "application/json")
        .end("{\"status\":\"" + state + "\"}\n");
  }
}
