package io.signaling.delivery;

import io.signaling.protocol.Response;
import io.vertx.core.Context;
import io.vertx.core.Future;

/**
 * The connection of a parked /wait, as delivery sees it. Every call is made on the connection's own event loop
 * ({@link #context()}).
 */
public interface WaitingClient {

  /** The event loop the connection lives on. */
  Context context();

  /** The /wait parks here and may be silent for long: keep the connection alive on its way to the client. */
  void holdOpen();

  /** Whether the client has gone (or the connection was closed). */
  boolean isClosed();

  /** What to do if the client goes away before it was answered. */
  void onClientClose(Runnable action);

  /** What to do when the node drains while the /wait is parked. */
  void onShutdown(Runnable action);

  /** Answers and closes; a later answer is ignored. */
  void answer(Response response);

  /** Writes an item; completes once the bytes are written, fails if the connection was gone. */
  Future<Void> handOver(Response response);

  /** Closes without an answer: the client waits again, on this node or another. */
  void closeWithoutAnswer();
}
