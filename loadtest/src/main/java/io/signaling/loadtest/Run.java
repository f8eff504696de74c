package io.signaling.loadtest;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.io.PrintStream;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * One run of a scenario: the client, the measurements, a once-a-second clock that prints progress and closes
 * each latency interval, and what goes into the report.
 */
final class Run implements AutoCloseable {

  /** One second of the run: counts so far and each latency's interval. */
  record Tick(double atSeconds, Map<String, Long> counters, Map<String, Latencies.Interval> latencies) {
  }

  final String scenario;
  final URI server;
  final Instant startedAt = Instant.now();
  final Map<String, Object> parameters = new LinkedHashMap<>();
  final Map<String, Object> results = new LinkedHashMap<>();
  final RunCounters counters = new RunCounters();
  final Vertx vertx;
  final SignalingClient client;
  private final List<Latencies> latencies = new ArrayList<>();
  private final List<Tick> ticks = new ArrayList<>();
  private final long startNanos = System.nanoTime();
  private final PrintStream progress;
  private long clock = -1;

  Run(String scenario, URI server, int sourceAddresses, int eventLoops, PrintStream progress) {
    this.scenario = scenario;
    this.server = server;
    this.progress = progress;
    this.vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(eventLoops).setPreferNativeTransport(true));
    this.client = new SignalingClient(vertx, server, sourceAddresses);
    parameters.put("url", server.toString());
    parameters.put("source addresses", sourceAddresses);
    parameters.put("event loops", eventLoops);
  }

  Latencies latencies(String name) {
    Latencies created = new Latencies(name);
    latencies.add(created);
    return created;
  }

  /** A context of its own for a peer (round robin over the event loops). */
  Context newContext() {
    return vertx.getOrCreateContext();
  }

  double elapsedSeconds() {
    return (System.nanoTime() - startNanos) / 1e9;
  }

  /** Starts the once-a-second progress line; {@code status} adds the scenario's own words to it. */
  synchronized void startClock(Supplier<String> status) {
    clock = vertx.setPeriodic(1000, 1000, timer -> {
      Map<String, Latencies.Interval> intervals = new LinkedHashMap<>();
      double at = elapsedSeconds();
      for (Latencies each : latencies) {
        intervals.put(each.name(), each.tick(at));
      }
      Tick tick = new Tick(at, counters.snapshot(), intervals);
      synchronized (ticks) {
        ticks.add(tick);
      }
      StringBuilder line = new StringBuilder(String.format("[%s %5.0fs] %s, %d open", scenario, at, status.get(),
          client.openConnections()));
      intervals.forEach((name, interval) -> {
        if (interval.count() > 0) {
          line.append(String.format(", %s %d/s p50 %.1f ms p99 %.1f ms", name, interval.count(),
              interval.p50Millis(), interval.p99Millis()));
        }
      });
      progress.println(line);
    });
  }

  List<Tick> ticks() {
    synchronized (ticks) {
      return List.copyOf(ticks);
    }
  }

  /** Ends the warm-up: from now on the distributions count (the JIT has compiled the hot paths by then). */
  void endWarmUp() {
    latencies.forEach(Latencies::restartTotal);
  }

  List<Latencies> allLatencies() {
    return latencies;
  }

  /** A figure to poll: a counter of the run, or one scraped from the nodes. */
  interface Reading {
    double read() throws Exception;
  }

  /** Polls a figure until it reaches the target; past the limit the run fails, since it cannot go on. */
  double awaitUntil(String what, Reading value, double target, Duration limit) throws Exception {
    long start = System.nanoTime();
    double reached = value.read();
    while (reached < target) {
      if (System.nanoTime() - start > limit.toNanos()) {
        throw new IllegalStateException(String.format("after %s only %.0f of %.0f %s", limit, reached, target, what));
      }
      Thread.sleep(100);
      reached = value.read();
    }
    return reached;
  }

  void say(String format, Object... args) {
    progress.printf("[%s %5.0fs] %s%n", scenario, elapsedSeconds(), String.format(format, args));
  }

  @Override
  public void close() {
    if (clock >= 0) {
      vertx.cancelTimer(clock);
    }
    client.close().eventually(() -> vertx.close()).await();
  }
}
