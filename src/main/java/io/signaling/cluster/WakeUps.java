package io.signaling.cluster;

import io.signaling.directory.Waiter;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells the node that holds a parked /wait to act on it: "wake" (an item is stored, take it) or "drop" (a
 * newer /wait or a sign-out replaced it). One event-bus consumer per node, never one per peer. A wake-up that
 * is lost (its node died) loses nothing: the item stays in the mailbox until the client waits again.
 */
public final class WakeUps {

  /** The node-local side that owns the parked connections. */
  public interface Listener {
    void wake(Waiter waiter);

    void drop(Waiter waiter);
  }

  private static final Logger LOG = LoggerFactory.getLogger(WakeUps.class);
  private static final String ADDRESS_PREFIX = "signaling.node.";
  private static final String WAKE = "wake:";
  private static final String DROP = "drop:";

  private final Vertx vertx;
  private final String nodeId;
  private Listener listener;
  private MessageConsumer<String> consumer;

  public WakeUps(Vertx vertx, String nodeId) {
    this.vertx = vertx;
    this.nodeId = nodeId;
  }

  public String nodeId() {
    return nodeId;
  }

  /** Registers this node's consumer; completes once every node can reach it. */
  public Future<Void> start(Listener listener) {
    this.listener = listener;
    consumer = vertx.eventBus().consumer(ADDRESS_PREFIX + nodeId, message -> receive(message.body()));
    return consumer.completion();
  }

  public Future<Void> stop() {
    return consumer == null ? Future.succeededFuture() : consumer.unregister();
  }

  public void wake(Waiter waiter) {
    send(WAKE, waiter);
  }

  public void drop(Waiter waiter) {
    send(DROP, waiter);
  }

  private void send(String verb, Waiter waiter) {
    if (waiter.node().equals(nodeId)) {
      dispatch(verb, waiter);
    } else {
      vertx.eventBus().send(ADDRESS_PREFIX + waiter.node(), verb + waiter.token());
    }
  }

  private void receive(String body) {
    try {
      String verb = body.substring(0, WAKE.length());
      dispatch(verb, new Waiter(nodeId, Long.parseLong(body.substring(WAKE.length()))));
    } catch (RuntimeException e) {
      LOG.warn("ignoring malformed wake-up '{}'", body, e);
    }
  }

  private void dispatch(String verb, Waiter waiter) {
    if (verb.equals(WAKE)) {
      listener.wake(waiter);
    } else if (verb.equals(DROP)) {
      listener.drop(waiter);
    } else {
      LOG.warn("ignoring unknown wake-up verb '{}'", verb);
    }
  }
}
