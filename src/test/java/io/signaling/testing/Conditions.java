package io.signaling.testing;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

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
    await(what, guardMillis, condition, () -> "");
  }

  /** The same, saying at the deadline what the state was then. */
  public static void await(String what, BooleanSupplier condition, Supplier<String> stateAtDeadline) {
    await(what, WireClient.GUARD_MILLIS, condition, stateAtDeadline);
  }

  /** With a guard of its own, saying at the deadline what the state was then. */
  public static void await(String what, long guardMillis, BooleanSupplier condition,
                           Supplier<String> stateAtDeadline) {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(guardMillis);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting until " + what + " " + stateAtDeadline.get());
      }
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(2));
    }
  }
}
