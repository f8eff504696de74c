package io.signaling.directory;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Hazelcast runs the non-async callbacks of its futures on its "default async executor", which with one
 * common-pool thread (any 2-core machine) starts a new Thread for every callback: measured, that was most of
 * a node's CPU under load. Completing a plain future on the thread that completes Hazelcast's, instead, costs
 * nothing; whoever waits on it then hops to its own event loop.
 */
final class DirectStages {

  private DirectStages() {
  }

  static <T> CompletableFuture<T> plain(CompletionStage<T> hazelcast) {
    CompletableFuture<T> plain = new CompletableFuture<>();
    hazelcast.whenCompleteAsync((value, failure) -> {
      if (failure != null) {
        plain.completeExceptionally(failure);
      } else {
        plain.complete(value);
      }
    }, Runnable::run);
    return plain;
  }
}
