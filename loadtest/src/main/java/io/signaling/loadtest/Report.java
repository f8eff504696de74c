package io.signaling.loadtest;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * Writes a run's report in three forms: report.txt (the figures), report.json (the same, for tools) and
 * report.html (self-contained charts of the latency distributions and of throughput over time, inline SVG,
 * no scripts).
 */
final class Report {

  private static final double[] PERCENTILES = {50, 75, 90, 95, 99, 99.9, 99.99, 100};
  private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")
      .withZone(ZoneOffset.UTC);

  private Report() {
  }

  /** Writes the report into a new folder under {@code resultsRoot}; returns that folder. */
  static Path write(Run run, Path resultsRoot, String commandLine) throws IOException {
    Path folder = resultsRoot.resolve(run.scenario + "-" + STAMP.format(run.startedAt));
    Files.createDirectories(folder);
    JsonObject json = json(run, commandLine);
    Files.writeString(folder.resolve("report.json"), json.encodePrettily() + "\n");
    Files.writeString(folder.resolve("report.txt"), text(run, commandLine));
    Files.writeString(folder.resolve("report.html"), Charts.html(run, commandLine));
    return folder;
  }

  static JsonObject json(Run run, String commandLine) {
    JsonObject latencies = new JsonObject();
    for (Latencies each : run.allLatencies()) {
      Histogram total = each.total();
      JsonObject percentiles = new JsonObject();
      for (double p : PERCENTILES) {
        percentiles.put(label(p), Latencies.millis(total, p));
      }
      latencies.put(each.name(), new JsonObject().put("count", total.getTotalCount())
          .put("mean ms", total.getTotalCount() == 0 ? 0 : total.getMean() / 1000.0)
          .put("percentiles ms", percentiles));
    }
    JsonArray timeline = new JsonArray();
    for (Run.Tick tick : run.ticks()) {
      JsonObject second = new JsonObject().put("t", round(tick.atSeconds())).put("counters", new JsonObject(
          Map.copyOf(tick.counters())));
      tick.latencies().forEach((name, interval) -> second.put(name, new JsonObject().put("count", interval.count())
          .put("p50 ms", interval.p50Millis()).put("p99 ms", interval.p99Millis()).put("max ms", interval.maxMillis())));
      timeline.add(second);
    }
    return new JsonObject().put("scenario", run.scenario).put("command", commandLine)
        .put("started", run.startedAt.toString()).put("parameters", new JsonObject(run.parameters))
        .put("results", new JsonObject(run.results)).put("counters", new JsonObject(Map.copyOf(run.counters.snapshot())))
        .put("latencies", latencies).put("timeline", timeline);
  }

  static String text(Run run, String commandLine) {
    StringBuilder text = new StringBuilder();
    text.append("scenario: ").append(run.scenario).append('\n')
        .append("command:  ").append(commandLine).append('\n')
        .append("started:  ").append(run.startedAt).append("\n\nparameters\n");
    run.parameters.forEach((name, value) -> text.append(String.format("  %-28s %s%n", name, value)));
    text.append("\nresults\n");
    run.results.forEach((name, value) -> text.append(String.format("  %-28s %s%n", name, format(value))));
    text.append("\ncounters\n");
    run.counters.snapshot().forEach((name, value) -> text.append(String.format("  %-28s %d%n", name, value)));
    text.append("\nlatency (ms)          count      p50      p90      p99    p99.9      max\n");
    for (Latencies each : run.allLatencies()) {
      Histogram total = each.total();
      text.append(String.format(Locale.ROOT, "  %-16s %10d %8.2f %8.2f %8.2f %8.2f %8.2f%n", each.name(),
          total.getTotalCount(), Latencies.millis(total, 50), Latencies.millis(total, 90),
          Latencies.millis(total, 99), Latencies.millis(total, 99.9), Latencies.millis(total, 100)));
    }
    return text.toString();
  }

  static String label(double percentile) {
    return percentile == 100 ? "max" : "p" + (percentile == Math.rint(percentile) ? String.valueOf((int) percentile)
        : String.valueOf(percentile));
  }

  private static Object format(Object value) {
    return value instanceof Double number ? String.format(Locale.ROOT, "%.2f", number) : value;
  }

  private static double round(double value) {
    return Math.round(value * 10) / 10.0;
  }
}
