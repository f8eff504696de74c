package io.signaling.guard;

import io.signaling.protocol.RequestReader;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * The bytes of request bodies a node holds while it reads them, across all its connections. A body is reserved
 * in full when its Content-Length arrives; without this bound, every connection announcing the largest body
 * allowed (16,000 times 64 KB is 1 GB) would be enough to exhaust a node's heap before a byte of it arrived.
 */
public final class ReadingBudget implements RequestReader.BodyRoom {

  private final long maxBytes;
  private final Consumer<Limit> onRefusal;
  private final AtomicLong reserved = new AtomicLong();

  public ReadingBudget(long maxBytes, Consumer<Limit> onRefusal) {
    this.maxBytes = maxBytes;
    this.onRefusal = onRefusal;
  }

  @Override
  public boolean reserve(int bytes) {
    long after = reserved.addAndGet(bytes);
    if (after > maxBytes) {
      reserved.addAndGet(-bytes);
      onRefusal.accept(Limit.READING_BYTES);
      return false;
    }
    return true;
  }

  @Override
  public void release(int bytes) {
    reserved.addAndGet(-bytes);
  }

  /** Bytes reserved right now (a gauge). */
  public long reserved() {
    return reserved.get();
  }
}
