package io.signaling.cluster;

import com.hazelcast.core.HazelcastInstance;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A count of the whole cluster that one node takes for all at an interval and publishes to every node: the oldest
 * member, so that exactly one counts while the membership is stable, and the next oldest takes over when it leaves.
 * One count at a time: a tick that finds the last still running is skipped. The count travels as JSON; what it
 * holds, and its format version, are the subclass's.
 */
abstract class ClusterCensus {

  private final Vertx vertx;
  private final HazelcastInstance hazelcast;
  private final String address;
  private final long intervalMillis;
  private final AtomicBoolean counting = new AtomicBoolean();
  private MessageConsumer<JsonObject> consumer;
  private long timer = -1;

  ClusterCensus(Vertx vertx, HazelcastInstance hazelcast, String address, long intervalMillis) {
    this.vertx = vertx;
    this.hazelcast = hazelcast;
    this.address = address;
    this.intervalMillis = intervalMillis;
  }

  /** Takes the count, on the oldest node only; a failed count publishes nothing. */
  abstract Future<JsonObject> count();

  /** What every node does with a count it hears. */
  abstract void receive(JsonObject count);

  /** Listens for counts, and counts while this node is the oldest; completes once the listener is registered. */
  public Future<Void> start() {
    consumer = vertx.eventBus().consumer(address, message -> receive(message.body()));
    timer = vertx.setPeriodic(intervalMillis, tick -> countIfOldest());
    return consumer.completion();
  }

  public Future<Void> stop() {
    if (timer >= 0) {
      vertx.cancelTimer(timer);
    }
    return consumer == null ? Future.succeededFuture() : consumer.unregister();
  }

  private void countIfOldest() {
    if (!hazelcast.getLifecycleService().isRunning()
        || !hazelcast.getCluster().getMembers().iterator().next().localMember()
        || !counting.compareAndSet(false, true)) {
      return;
    }
    Future<JsonObject> counted;
    try {
      counted = count();
    } catch (RuntimeException e) {
      counted = Future.failedFuture(e);
    }
    counted.onSuccess(result -> vertx.eventBus().publish(address, result))
        .onComplete(done -> counting.set(false));
  }
}
