package io.signaling.delivery;

import io.signaling.directory.ClusterFormat;
import io.signaling.directory.ClusterLayout;
import io.signaling.directory.DeliveryOutcome;
import io.signaling.directory.MailItem;
import io.signaling.directory.Waiter;
import io.signaling.format.FieldsIn;
import io.signaling.format.FieldsOut;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.MessageConsumer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells the node that holds a parked /wait to act on it: "hand over" (here is the item already in flight to
 * it: write it), "wake" (an item is stored: take it) or "drop" (a newer /wait or a sign-out replaced it). One
 * event-bus consumer per node, never one per peer. A message lost with a dying node loses nothing: the item
 * stays in the cluster (in the mailbox, or in flight until the survivors put it back) until the client waits
 * again.
 *
 * <p>A message is a record ({@link io.signaling.format}) behind one byte, {@link #RECORD}, that tells it from the
 * positional messages of earlier releases (which open with the verb); those are still read, and written while a
 * node of such a release is in the cluster ({@link ClusterFormat}).
 */
public final class WakeUps {

  /** The node-local side that owns the parked connections. */
  public interface Listener {
    void handOver(Waiter waiter, int peerId, MailItem item);

    void wake(Waiter waiter);

    void drop(Waiter waiter);
  }

  private static final Logger LOG = LoggerFactory.getLogger(WakeUps.class);
  private static final String ADDRESS_PREFIX = "signaling.node.";
  static final byte HAND_OVER = 'H';
  static final byte WAKE = 'W';
  static final byte DROP = 'D';
  /** The first byte of a message written as a record: never a verb. */
  static final byte RECORD = 2;

  private final Vertx vertx;
  private final String nodeId;
  private Listener listener;
  private MessageConsumer<Buffer> consumer;

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

  /**
   * Acts on what a store did: with a /wait parked for the recipient, the item already in flight to it goes to its
   * node, or a wake-up does (the waiter then takes the head itself).
   */
  public void follow(int recipient, DeliveryOutcome outcome) {
    if (outcome.kind() != DeliveryOutcome.Kind.STORED || outcome.waiterToWake() == null) {
      return;
    }
    if (outcome.handed() != null) {
      handOver(outcome.waiterToWake(), recipient, outcome.handed());
    } else {
      wake(outcome.waiterToWake());
    }
  }

  /** The item is in flight to the waiter: its node writes it (and settles). */
  public void handOver(Waiter waiter, int peerId, MailItem item) {
    if (waiter.node().equals(nodeId)) {
      listener.handOver(waiter, peerId, item);
    } else {
      vertx.eventBus().send(ADDRESS_PREFIX + waiter.node(),
          handOverMessage(ClusterFormat.writing(), waiter, peerId, item));
    }
  }

  /** A hand-over as it travels, in the layout given (the one the cluster reads). */
  static Buffer handOverMessage(ClusterLayout layout, Waiter waiter, int peerId, MailItem item) {
    return layout == ClusterLayout.POSITIONAL
        ? positionalHandOver(waiter, peerId, item) : record(HAND_OVER, waiter, peerId, item);
  }

  /** A wake or a drop as it travels, in the layout given (the one the cluster reads). */
  static Buffer signalMessage(ClusterLayout layout, byte verb, Waiter waiter) {
    return layout == ClusterLayout.POSITIONAL
        ? positionalSignal(verb, waiter) : record(verb, waiter, 0, null);
  }

  /** The marker, then one record: the verb, the waiter's token, the peer and the item (both only with a hand-over). */
  private static Buffer record(byte verb, Waiter waiter, int peerId, MailItem item) {
    FieldsOut fields = new FieldsOut(1, 64 + (item == null ? 0 : item.body().length)).writeByte(verb).writeLong(waiter.token()).writeInt(peerId);
    MailItem.writeRecord(fields, item);
    return Buffer.buffer(1 + fields.size()).appendByte(RECORD).appendBytes(fields.toByteArray());
  }

  /** A hand-over as earlier releases write it: the verb, the waiter's token, the peer, the item field by field. */
  private static Buffer positionalHandOver(Waiter waiter, int peerId, MailItem item) {
    Buffer message = Buffer.buffer(64 + item.body().length).appendByte(HAND_OVER).appendLong(waiter.token())
        .appendInt(peerId).appendLong(item.id()).appendByte((byte) (item.isNotification() ? 1 : 0))
        .appendInt(item.senderId()).appendLong(item.storedAt());
    appendText(message, item.contentType());
    return message.appendInt(item.body().length).appendBytes(item.body());
  }

  /** A wake or a drop as earlier releases write it: the verb and the waiter's token. */
  private static Buffer positionalSignal(byte verb, Waiter waiter) {
    return Buffer.buffer(9).appendByte(verb).appendLong(waiter.token());
  }

  /** A message as this node reads it: the verb, the waiter (on this node), and for a hand-over its peer and item. */
  record Received(byte verb, Waiter waiter, int peerId, MailItem item) {
  }

  static Received read(Buffer message, String nodeId) throws IOException {
    if (message.getByte(0) == RECORD) {
      FieldsIn fields = new FieldsIn(message.getBytes(1, message.length()));
      byte verb = (byte) fields.readByte();
      Waiter waiter = new Waiter(nodeId, fields.readLong());
      int peerId = fields.readInt();
      MailItem item = MailItem.readRecord(fields);
      if (verb == HAND_OVER && item == null) {
        throw new IOException("a hand-over without its item");
      }
      return new Received(verb, waiter, peerId, item);
    }
    return readPositional(message, nodeId);
  }

  private static Received readPositional(Buffer message, String nodeId) {
    byte verb = message.getByte(0);
    Waiter waiter = new Waiter(nodeId, message.getLong(1));
    if (verb != HAND_OVER) {
      return new Received(verb, waiter, 0, null);
    }
    int at = 9;
    int peerId = message.getInt(at);
    long itemId = message.getLong(at + 4);
    boolean notification = message.getByte(at + 12) == 1;
    int senderId = message.getInt(at + 13);
    long storedAt = message.getLong(at + 17);
    at += 25;
    int typeLength = message.getInt(at);
    String contentType = typeLength < 0 ? null : message.getString(at + 4, at + 4 + typeLength,
        StandardCharsets.UTF_8.name());
    at += 4 + Math.max(0, typeLength);
    byte[] body = message.getBytes(at + 4, at + 4 + message.getInt(at));
    return new Received(verb, waiter, peerId, MailItem.restore(itemId, notification, senderId, contentType, body,
        storedAt));
  }

  public void wake(Waiter waiter) {
    signal(WAKE, waiter);
  }

  public void drop(Waiter waiter) {
    signal(DROP, waiter);
  }

  private void signal(byte verb, Waiter waiter) {
    if (waiter.node().equals(nodeId)) {
      dispatch(verb, waiter);
    } else {
      vertx.eventBus().send(ADDRESS_PREFIX + waiter.node(), signalMessage(ClusterFormat.writing(), verb, waiter));
    }
  }

  private void receive(Buffer message) {
    try {
      Received received = read(message, nodeId);
      if (received.verb() == HAND_OVER) {
        listener.handOver(received.waiter(), received.peerId(), received.item());
      } else {
        dispatch(received.verb(), received.waiter());
      }
    } catch (IOException | RuntimeException e) {
      LOG.warn("ignoring a malformed wake-up of {} bytes", message.length(), e);
    }
  }

  private static void appendText(Buffer message, String text) {
    if (text == null) {
      message.appendInt(-1);
    } else {
      byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
      message.appendInt(bytes.length).appendBytes(bytes);
    }
  }

  private void dispatch(byte verb, Waiter waiter) {
    if (verb == WAKE) {
      listener.wake(waiter);
    } else if (verb == DROP) {
      listener.drop(waiter);
    } else {
      LOG.warn("ignoring unknown wake-up verb '{}'", (char) verb);
    }
  }
}
