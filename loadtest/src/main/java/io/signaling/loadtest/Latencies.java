package io.signaling.loadtest;

import java.util.ArrayList;
import java.util.List;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Latencies in microseconds, recorded from any thread: the whole run's distribution, plus one interval per
 * second for the throughput-over-time chart.
 */
final class Latencies {

  /** One second of the run. */
  record Interval(double atSeconds, long count, double p50Millis, double p99Millis, double maxMillis) {
  }

  private static final long HIGHEST_MICROS = 600_000_000L;

  private final String name;
  private final Recorder recorder = new Recorder(HIGHEST_MICROS, 3);
  private final Histogram total = new Histogram(HIGHEST_MICROS, 3);
  private final List<Interval> intervals = new ArrayList<>();

  Latencies(String name) {
    this.name = name;
  }

  String name() {
    return name;
  }

  void recordNanos(long nanos) {
    recorder.recordValue(Math.min(HIGHEST_MICROS, Math.max(0, nanos / 1_000)));
  }

  /** Closes the current interval; called once a second by the scenario's clock. */
  synchronized Interval tick(double atSeconds) {
    Histogram interval = recorder.getIntervalHistogram();
    total.add(interval);
    Interval summary = new Interval(atSeconds, interval.getTotalCount(), millis(interval, 50), millis(interval, 99),
        interval.getTotalCount() == 0 ? 0 : interval.getMaxValue() / 1000.0);
    intervals.add(summary);
    return summary;
  }

  /** Starts the whole-run distribution afresh (after a warm-up); the per-second intervals are kept. */
  synchronized void restartTotal() {
    recorder.reset();
    total.reset();
  }

  synchronized Histogram total() {
    return total.copy();
  }

  synchronized List<Interval> intervals() {
    return List.copyOf(intervals);
  }

  static double millis(Histogram histogram, double percentile) {
    return histogram.getTotalCount() == 0 ? 0 : histogram.getValueAtPercentile(percentile) / 1000.0;
  }
}
