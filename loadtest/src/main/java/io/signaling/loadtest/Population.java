package io.signaling.loadtest;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;
import java.util.function.Consumer;

/** Signs many peers in, a bounded number at a time, and signs them out again. */
final class Population {

  private Population() {
  }

  /**
   * Signs {@code count} peers in with at most {@code concurrency} sign-ins under way. {@code onItem} makes each
   * peer's handler of the items its /wait receives, given the peer's index.
   */
  static Future<List<Peer>> signIn(Run run, String prefix, int count, int concurrency, Latencies signInTimes,
                                   BiFunction<Integer, Peer[], Consumer<Answer>> onItem) {
    Peer[] peers = new Peer[count];
    AtomicInteger nextIndex = new AtomicInteger();
    AtomicInteger done = new AtomicInteger();
    Promise<List<Peer>> all = Promise.promise();
    Runnable[] startNext = new Runnable[1];
    startNext[0] = () -> {
      int index = nextIndex.getAndIncrement();
      if (index >= count) {
        return;
      }
      Context context = run.newContext();
      long started = System.nanoTime();
      context.runOnContext(ignored -> run.client.signIn(prefix + index).onComplete(result -> {
        if (result.succeeded() && result.result().status() == 200) {
          signInTimes.recordNanos(System.nanoTime() - started);
          peers[index] = new Peer(run.client, context, result.result().pragma(), run.counters,
              onItem.apply(index, peers));
        } else {
          run.counters.increment("sign-in failures");
          if (result.failed()) {
            all.tryFail(result.cause());
            return;
          }
          all.tryFail("sign-in answered " + result.result().status() + ": " + result.result().text());
          return;
        }
        if (done.incrementAndGet() == count) {
          all.tryComplete(List.of(peers));
        } else {
          startNext[0].run();
        }
      }));
    };
    for (int i = 0; i < Math.min(concurrency, count); i++) {
      startNext[0].run();
    }
    if (count == 0) {
      all.complete(Collections.emptyList());
    }
    return all.future();
  }

  /**
   * Signs every peer out, a bounded number at a time. Their /waits stop first: otherwise every leave would be
   * answered to every peer still waiting, N^2/2 round trips that measure nothing.
   */
  static Future<Void> signOut(List<Peer> peers, int concurrency) {
    peers.forEach(Peer::stopWaiting);
    List<Peer> remaining = Collections.synchronizedList(new ArrayList<>(peers));
    List<Future<Void>> lanes = new ArrayList<>();
    for (int i = 0; i < Math.min(concurrency, peers.size()); i++) {
      lanes.add(signOutNext(remaining));
    }
    return Future.join(lanes).mapEmpty();
  }

  private static Future<Void> signOutNext(List<Peer> remaining) {
    Peer next;
    synchronized (remaining) {
      if (remaining.isEmpty()) {
        return Future.succeededFuture();
      }
      next = remaining.remove(remaining.size() - 1);
    }
    return next.signOut().transform(ignored -> signOutNext(remaining));
  }
}
