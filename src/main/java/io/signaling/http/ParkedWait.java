package io.signaling.http;

import io.signaling.directory.Waiter;

/** A /wait held open on this node for a peer. Touched only on its connection's event loop. */
final class ParkedWait {

  enum State {
    /** The park step is on its way to the cluster. */
    PARKING,
    /** The cluster knows this connection as the peer's waiter. */
    PARKED,
    /** Answered, dropped or closed: nothing more to do. */
    DONE
  }

  final int peerId;
  final Waiter waiter;
  final ClientConnection connection;
  /** Written on the connection's event loop only; volatile so counts read elsewhere see it. */
  volatile State state = State.PARKING;
  /** A take is under way; another wake-up meanwhile has nothing to add (one item per /wait). */
  boolean taking;
  /** A wake-up came while the park step was still on its way; it is acted on once parked. */
  boolean wokenWhileParking;

  ParkedWait(int peerId, Waiter waiter, ClientConnection connection) {
    this.peerId = peerId;
    this.waiter = waiter;
    this.connection = connection;
  }
}
