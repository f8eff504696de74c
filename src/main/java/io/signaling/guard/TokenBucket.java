package io.signaling.guard;

/**
 * A token bucket: full at start, one token per request, refilled continuously at the rate's pace. Thread-safe
 * (the event loops of a node share the buckets of an address); times are readings of the node's monotonic clock
 * ({@link io.signaling.time.NodeClock#nanos()}).
 */
final class TokenBucket {

  private final double capacity;
  private final double tokensPerNano;
  private double tokens;
  private long refilledAt;

  TokenBucket(Rate rate, long now) {
    this.capacity = rate.count();
    this.tokensPerNano = rate.count() / (double) rate.per().toNanos();
    this.tokens = capacity;
    this.refilledAt = now;
  }

  /** Takes a token if one is there. */
  synchronized boolean tryTake(long now) {
    refill(now);
    if (tokens >= 1) {
      tokens -= 1;
      return true;
    }
    return false;
  }

  /** Takes a token whether or not one is there (the bucket may go into debt): for outcomes counted afterwards. */
  synchronized void take(long now) {
    refill(now);
    tokens = Math.max(tokens - 1, -capacity);
  }

  /** Whether a token is there, without taking it. */
  synchronized boolean hasToken(long now) {
    refill(now);
    return tokens >= 1;
  }

  /** Whole seconds until the next token, at least 1: the {@code Retry-After} of a refusal. */
  synchronized long secondsUntilToken(long now) {
    refill(now);
    double missing = 1 - tokens;
    if (missing <= 0) {
      return 1;
    }
    return Math.max(1, (long) Math.ceil(missing / tokensPerNano / 1e9));
  }

  /** Full again, so forgetting it changes nothing. */
  synchronized boolean isFull(long now) {
    refill(now);
    return tokens >= capacity;
  }

  private void refill(long now) {
    if (now > refilledAt) {
      tokens = Math.min(capacity, tokens + (now - refilledAt) * tokensPerNano);
      refilledAt = now;
    }
  }
}
