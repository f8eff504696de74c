package io.signaling.guard;

import java.time.Duration;

/**
 * A rate limit as people write it, {@code 120/1m}: at most {@code count} in a burst, refilled evenly over
 * {@code per}. A count of 0 turns the limit off.
 */
public record Rate(int count, Duration per) {

  public static final Rate OFF = new Rate(0, Duration.ofSeconds(1));

  public boolean isOff() {
    return count == 0;
  }

  @Override
  public String toString() {
    return isOff() ? "0" : count + "/" + per.toMillis() + "ms";
  }
}
