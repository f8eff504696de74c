package io.signaling.time;

/**
 * Where a node reads the time: one instance per node, handed to everything that reads it, so that a test can run a
 * node on a clock it moves itself (timeouts, the idle sweep, rate limits) instead of waiting on real seconds.
 */
public interface NodeClock {

  /**
   * Wall-clock time in epoch milliseconds: for what other nodes compare (when an item was stored, when a peer was
   * last seen, the idle cutoff), so the nodes' clocks must roughly agree, as NTP keeps them.
   */
  long millis();

  /** A monotonic reading in nanoseconds, for durations and rates measured on this node only. */
  long nanos();

  /** The JVM's clocks. */
  static NodeClock system() {
    return SystemClock.INSTANCE;
  }

  /** The JVM's clocks, as one constant. */
  enum SystemClock implements NodeClock {
    INSTANCE;

    @Override
    public long millis() {
      return System.currentTimeMillis();
    }

    @Override
    public long nanos() {
      return System.nanoTime();
    }
  }
}
