package io.signaling.http;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * Open client connections of the whole node (every event loop). Past the limit a connection is still read and
 * answered 503, so the client learns why, but it does nothing else; the limit sits below the open-files cap so
 * those answers still find a file descriptor.
 */
public final class ConnectionCount {

  private final int max;
  private final AtomicInteger open = new AtomicInteger();

  public ConnectionCount(int max) {
    this.max = max;
  }

  /** Counts a new connection; false if it is over the limit (it is counted still, until {@link #closed}). */
  public boolean open() {
    return open.incrementAndGet() <= max;
  }

  public void closed() {
    open.decrementAndGet();
  }

  public int current() {
    return open.get();
  }
}
