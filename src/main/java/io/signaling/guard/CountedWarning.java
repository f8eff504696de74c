package io.signaling.guard;

import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * A warning about something that may happen thousands of times a second: each occurrence is counted, and the
 * warning goes out at most once a minute, with how many came since the last one.
 */
public final class CountedWarning {

  private final AtomicLong sinceLast = new AtomicLong();
  private final WarningPace pace;

  private CountedWarning(WarningPace pace) {
    this.pace = pace;
  }

  /** At most once a minute of the given clock (epoch milliseconds). */
  public static CountedWarning perMinute(LongSupplier clockMillis) {
    return new CountedWarning(WarningPace.perMinute(clockMillis));
  }

  /** Counts {@code occurrences}; returns how many came since the last warning if one is due now, else 0. */
  public long count(long occurrences) {
    sinceLast.addAndGet(occurrences);
    return pace.due() ? sinceLast.getAndSet(0) : 0;
  }
}
