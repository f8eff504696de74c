package io.signaling.testing;

import io.signaling.time.NodeClock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A clock that moves only when the test moves it, both readings together: what a node started on it believes about
 * timeouts, idle peers and rates is decided by the test, not by how fast the machine runs.
 */
public final class ManualClock implements NodeClock {

  private final AtomicLong millis = new AtomicLong(1_764_000_000_000L);
  private final AtomicLong nanos = new AtomicLong(1_000_000_000L);

  @Override
  public long millis() {
    return millis.get();
  }

  @Override
  public long nanos() {
    return nanos.get();
  }

  public void advance(Duration by) {
    nanos.addAndGet(by.toNanos());
    millis.addAndGet(by.toMillis());
  }
}
