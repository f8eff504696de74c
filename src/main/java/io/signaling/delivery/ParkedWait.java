package io.signaling.delivery;

import io.signaling.directory.Waiter;

/** A /wait held open on this node for a peer. Touched only on its connection's event loop. */
final class ParkedWait {

  final int peerId;
  final Waiter waiter;
  final WaitingClient connection;
  /** When it was registered, on the node's clock (for --wait-timeout). */
  final long since;
  /** Written on the connection's event loop only; volatile so counts read elsewhere see it. */
  private volatile WaitState state = WaitState.PARKING;

  ParkedWait(int peerId, Waiter waiter, WaitingClient connection, long since) {
    this.peerId = peerId;
    this.waiter = waiter;
    this.connection = connection;
    this.since = since;
  }

  WaitState state() {
    return state;
  }

  /** Changes the state; a transition the machine does not have is a bug, and fails loudly. */
  void moveTo(WaitState next) {
    if (!state.canMoveTo(next)) {
      throw new IllegalStateException("a /wait of peer " + peerId + " cannot go from " + state + " to " + next);
    }
    state = next;
  }
}
