package io.signaling.directory;

import com.hazelcast.map.IMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Peer ids in blocks: one round trip to the cluster counter per {@value #BLOCK_SIZE} sign-ins on a node.
 * Ids of a block a node did not use before it stopped are skipped, never reused. Thread-safe: every event
 * loop of the node draws from the same block.
 */
final class IdAllocator {

  static final int BLOCK_SIZE = 64;
  private static final String COUNTER_KEY = "peer-ids";

  private final IMap<String, Integer> counters;
  private long next;
  private long end;
  private CompletableFuture<Void> refill;

  IdAllocator(IMap<String, Integer> counters) {
    this.counters = counters;
  }

  CompletionStage<Integer> next() {
    CompletableFuture<Void> pending;
    synchronized (this) {
      if (next < end) {
        return CompletableFuture.completedFuture((int) next++);
      }
      pending = refill;
      if (pending == null) {
        // Installed before the fetch starts: its answer may come back at once, on this very thread.
        pending = new CompletableFuture<>();
        refill = pending;
        fetchBlock(pending);
      }
    }
    return pending.thenCompose(ignored -> next());
  }

  private void fetchBlock(CompletableFuture<Void> fetching) {
    DirectStages.plain(counters.submitToKey(COUNTER_KEY, new IdBlock(BLOCK_SIZE))).whenComplete((first, failure) -> {
      synchronized (this) {
        refill = null;
        if (failure == null && first >= 0) {
          next = first;
          end = (long) first + BLOCK_SIZE; // IdBlock keeps end - 1 within the int range
        }
      }
      if (failure != null) {
        fetching.completeExceptionally(new IllegalStateException("peer id counter unavailable", failure));
      } else if (first < 0) {
        fetching.completeExceptionally(
            new IllegalStateException("peer ids exhausted: the cluster handed out 2^31-1 of them"));
      } else {
        fetching.complete(null);
      }
    });
  }
}
