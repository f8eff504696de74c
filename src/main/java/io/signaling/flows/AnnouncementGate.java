package io.signaling.flows;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.ArrayDeque;
import java.util.function.Supplier;

/**
 * Lets only so many join/leave announcements run at once on this node; the others wait their turn, in order.
 * One announcement holds an outcome for every online peer and starts a hand-over to every parked /wait, so a
 * burst of them (an idle sweep removing thousands, a crowd signing in) would otherwise hold thousands times N
 * of both at once: a 1 GB node ran out of heap that way with 5,000 peers online. A waiting turn costs one small
 * closure, and turns are bounded by the requests (and sweeps) that ask for them.
 */
final class AnnouncementGate {

  private final int limit;
  private final ArrayDeque<Runnable> waiting = new ArrayDeque<>();
  private int running;

  AnnouncementGate(int limit) {
    if (limit < 1) {
      throw new IllegalArgumentException("at least one announcement must be able to run");
    }
    this.limit = limit;
  }

  /** Runs the announcement when its turn comes, on the caller's context; completes as it completes. */
  <T> Future<T> inTurn(Supplier<Future<T>> announcement) {
    Context caller = Vertx.currentContext();
    Promise<T> done = Promise.promise();
    Runnable start = () -> {
      Future<T> running;
      try {
        running = announcement.get();
      } catch (RuntimeException e) {
        running = Future.failedFuture(e);
      }
      running.onComplete(result -> {
        release();
        done.handle(result);
      });
    };
    Runnable onCaller = caller == null ? start : () -> caller.runOnContext(ignored -> start.run());
    boolean now;
    synchronized (this) {
      now = running < limit;
      if (now) {
        running++;
      } else {
        waiting.addLast(onCaller);
      }
    }
    if (now) {
      start.run();
    }
    return done.future();
  }

  /** Announcements waiting for their turn: for tests and the log. */
  synchronized int waiting() {
    return waiting.size();
  }

  private void release() {
    Runnable next;
    synchronized (this) {
      next = waiting.pollFirst();
      if (next == null) {
        running--;
      }
    }
    if (next != null) {
      next.run(); // the turn passes straight on: running stays the same
    }
  }
}
