package io.signaling.testing;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * Waits for a state that no event announces (a count on the node, say), checking it often until a guard
 * deadline. Tests await events directly wherever one exists; this is for the rest.
 */
public final class Conditions {

  private Conditions() {
  }

  public static void await(String what, BooleanSupplier condition) {
    await(what, WireClient.GUARD_MILLIS, condition);
  }

  /** The same with a guard of its own, for slow things such as a JVM that starts and joins a busy cluster. */
  public static void await(String what, long guardMillis, BooleanSupplier condition) {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(guardMillis);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting until " + what);
      }
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(2));
    }
  }
}
