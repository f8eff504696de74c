package io.signaling.flows;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class AnnouncementGateTest {

  private Vertx vertx;

  @BeforeEach
  void startVertx() {
    vertx = Vertx.vertx();
  }

  @AfterEach
  void stopVertx() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @Test
  void runsNoMoreThanTheLimitAndTheRestInOrder() {
    AnnouncementGate gate = new AnnouncementGate(2);
    List<Promise<Integer>> started = new ArrayList<>();
    List<Future<Integer>> results = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      results.add(gate.inTurn(() -> {
        Promise<Integer> running = Promise.promise();
        started.add(running);
        return running.future();
      }));
    }
    assertThat(started).hasSize(2);
    assertThat(gate.waiting()).isEqualTo(3);

    started.get(1).complete(1);
    assertThat(results.get(1).result()).isEqualTo(1);
    assertThat(started).hasSize(3);
    started.get(0).fail("announcement failed");
    assertThat(results.get(0).cause()).hasMessage("announcement failed");
    assertThat(started).hasSize(4); // a failed announcement frees its turn too

    started.get(2).complete(2);
    started.get(3).complete(3);
    started.get(4).complete(4);
    assertThat(results).extracting(Future::result).containsExactly(null, 1, 2, 3, 4);
    assertThat(gate.waiting()).isZero();
  }

  @Test
  void anAnnouncementThatThrowsFailsAndFreesItsTurn() {
    AnnouncementGate gate = new AnnouncementGate(1);
    Future<Integer> thrown = gate.inTurn(() -> {
      throw new IllegalStateException("broken");
    });
    assertThat(thrown.cause()).isInstanceOf(IllegalStateException.class);
    assertThat(gate.inTurn(() -> Future.succeededFuture(7)).result()).isEqualTo(7);
  }

  @Test
  void aWaitingAnnouncementStartsOnItsCallersContext() throws Exception {
    AnnouncementGate gate = new AnnouncementGate(1);
    Promise<Void> first = Promise.promise();
    gate.inTurn(() -> first.future());
    Context caller = vertx.getOrCreateContext();
    CompletableFuture<Context> startedOn = new CompletableFuture<>();
    CompletableFuture<Void> queued = new CompletableFuture<>();
    caller.runOnContext(ignored -> {
      gate.inTurn(() -> {
        startedOn.complete(Vertx.currentContext());
        return Future.succeededFuture();
      });
      queued.complete(null);
    });
    queued.get(10, TimeUnit.SECONDS);
    assertThat(gate.waiting()).isEqualTo(1);
    first.complete(); // frees the turn from this thread, which is no Vert.x thread
    assertThat(startedOn.get(10, TimeUnit.SECONDS)).isSameAs(caller);
  }

  @Test
  void refusesALimitBelowOne() {
    assertThatThrownBy(() -> new AnnouncementGate(0)).isInstanceOf(IllegalArgumentException.class);
  }
}
