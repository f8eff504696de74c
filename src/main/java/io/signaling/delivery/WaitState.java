package io.signaling.delivery;

import java.util.EnumSet;
import java.util.Set;

/**
 * The life of a /wait parked on this node, as an explicit state machine: every change goes through
 * {@link ParkedWait#moveTo}, which refuses a transition not listed here. The table, with what causes each
 * transition, is in this package's documentation.
 */
enum WaitState {
  /** The park step is on its way to the cluster. */
  PARKING,
  /** A wake-up or hand-over came while the park step was on its way: once parked, the wait takes at once. */
  PARKING_WOKEN,
  /** The cluster knows this connection as its peer's waiter; nothing to take. */
  PARKED,
  /** A take is under way: further wake-ups add nothing (one item per /wait), a hand-over is that same item. */
  TAKING,
  /** Answered, dropped, closed or released: nothing more to do. Final. */
  DONE;

  private Set<WaitState> next;

  static {
    PARKING.next = EnumSet.of(PARKING_WOKEN, PARKED, DONE);
    PARKING_WOKEN.next = EnumSet.of(PARKED, DONE);
    PARKED.next = EnumSet.of(TAKING, DONE);
    TAKING.next = EnumSet.of(PARKED, DONE);
    DONE.next = EnumSet.of(DONE); // finishing twice (a drop racing an answer) changes nothing
  }

  boolean canMoveTo(WaitState state) {
    return next.contains(state);
  }

  /** Whether the cluster holds this connection as its peer's waiter (or is about to): a parked /wait to count. */
  boolean isParked() {
    return this == PARKED || this == TAKING;
  }

  /** Whether the park step has not come back yet. */
  boolean isParking() {
    return this == PARKING || this == PARKING_WOKEN;
  }
}
