package io.signaling.guard;

import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Lets a warning through at most once per interval, from any thread. The log is a resource too: a flood that is
 * refused thousands of times a second must not write thousands of lines a second.
 */
public final class WarningPace {

  private static final long MINUTE_MILLIS = 60_000;

  private final long intervalMillis;
  private final LongSupplier clockMillis;
  /** When the last warning went out; far enough in the past that the first one always goes. */
  private final AtomicLong last = new AtomicLong(Long.MIN_VALUE / 2);

  private WarningPace(long intervalMillis, LongSupplier clockMillis) {
    this.intervalMillis = intervalMillis;
    this.clockMillis = clockMillis;
  }

  /** At most once a minute of the given clock (epoch milliseconds). */
  public static WarningPace perMinute(LongSupplier clockMillis) {
    return new WarningPace(MINUTE_MILLIS, clockMillis);
  }

  /** True if a warning may go out now (and then not again until the interval has passed). */
  public boolean due() {
    long now = clockMillis.getAsLong();
    long before = last.get();
    return now - before >= intervalMillis && last.compareAndSet(before, now);
  }
}
