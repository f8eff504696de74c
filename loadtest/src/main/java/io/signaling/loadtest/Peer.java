package io.signaling.loadtest;

import io.vertx.core.Context;
import io.vertx.core.Future;
import java.util.ArrayDeque;
import java.util.Queue;
import java.util.function.Consumer;

/**
 * One simulated client, as {@code conductor.cc} drives {@code peer_connection_client.cc}: a /wait always
 * outstanding while signed in (re-sent after every answer), and messages sent one at a time, the next only
 * once the previous was answered. All of a peer's callbacks run on one event loop, so it needs no locks.
 */
final class Peer {

  private final SignalingClient client;
  private final Context context;
  private final int id;
  private final Consumer<Answer> onItem;
  private final Queue<Outgoing> outbox = new ArrayDeque<>();
  private final RunCounters counters;
  private boolean sending;
  private boolean waiting;
  private boolean stopped;

  /** A message to send (its body made when it goes out, so a tag's time is the POST's), and what follows. */
  record Outgoing(int to, java.util.function.Supplier<byte[]> body, Consumer<Answer> onAnswered) {
  }

  Peer(SignalingClient client, Context context, int id, RunCounters counters, Consumer<Answer> onItem) {
    this.client = client;
    this.context = context;
    this.id = id;
    this.counters = counters;
    this.onItem = onItem;
  }

  int id() {
    return id;
  }

  /** Keeps a /wait parked from now on. */
  void startWaiting() {
    context.runOnContext(ignored -> {
      if (!waiting && !stopped) {
        waiting = true;
        await();
      }
    });
  }

  private void await() {
    if (stopped) {
      waiting = false;
      return;
    }
    client.await(id).onComplete(result -> {
      if (result.failed()) {
        counters.increment("wait errors");
        client.vertx().setTimer(100, retry -> context.runOnContext(again -> await()));
        return;
      }
      Answer answer = result.result();
      if (answer.status() == 200) {
        // The C++ client reconnects its hanging get in the callback that read the answer; what the item makes it
        // send goes through the conductor's queue, a moment later. So: the next /wait first, then the item.
        await();
        onItem.accept(answer);
        return;
      } else if (!answer.closedSilently()) {
        counters.increment("wait answered " + answer.status());
        if (answer.status() == 500) {
          waiting = false; // signed out or removed: stop, as the C++ client does
          return;
        }
      }
      await();
    });
  }

  /** Queues a message; it goes out once every earlier one was answered. */
  void send(int to, java.util.function.Supplier<byte[]> body, Consumer<Answer> onAnswered) {
    context.runOnContext(ignored -> {
      outbox.add(new Outgoing(to, body, onAnswered));
      if (!sending) {
        sendNext();
      }
    });
  }

  private void sendNext() {
    Outgoing next = outbox.poll();
    if (next == null) {
      sending = false;
      return;
    }
    sending = true;
    client.message(id, next.to(), next.body().get()).onComplete(result -> {
      if (result.failed()) {
        counters.increment("message errors");
        next.onAnswered().accept(new Answer(-1, -1, new byte[0]));
      } else {
        next.onAnswered().accept(result.result());
      }
      sendNext();
    });
  }

  /** Stops re-sending /wait after the next answer (before a mass sign-out, whose leaves then stay queued). */
  void stopWaiting() {
    context.runOnContext(ignored -> stopped = true);
  }

  Future<Answer> signOut() {
    return Future.<Void>future(promise -> context.runOnContext(ignored -> {
      stopped = true;
      promise.complete();
    })).compose(stopping -> client.signOut(id));
  }
}
