package io.signaling.directory;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import io.signaling.format.FieldsIn;
import io.signaling.format.FieldsOut;
import java.io.IOException;
import java.util.concurrent.ThreadLocalRandom;

/**
 * One undelivered item in a peer's mailbox: a relayed message (from a sender, with its Content-Type) or a
 * join/leave notification (whose Pragma is the receiver's own id, so no sender is kept).
 */
public final class MailItem extends ClusterObject {

  private long id;
  private boolean notification;
  private int senderId;
  private String contentType;
  private byte[] body;
  private long storedAt;

  public MailItem() {
    // for Hazelcast
  }

  private MailItem(boolean notification, int senderId, String contentType, byte[] body, long storedAt) {
    this.id = ThreadLocalRandom.current().nextLong();
    this.notification = notification;
    this.senderId = senderId;
    this.contentType = contentType;
    this.body = body;
    this.storedAt = storedAt;
  }

  /**
   * Heap one undelivered item takes besides its body and type, in each of its two copies (primary and backup):
   * the item object, the body array's header, the type's String and its array, the mailbox slot. An estimate on
   * the safe side for a 64-bit JVM, so that a flood of tiny items is weighed by what it really holds.
   */
  public static final int OVERHEAD_BYTES = 128;

  /** @param storedAt when it is accepted, by the node's wall clock ({@link io.signaling.time.NodeClock#millis}) */
  public static MailItem message(int senderId, String contentType, byte[] body, long storedAt) {
    return new MailItem(false, senderId, contentType, body, storedAt);
  }

  /** An item exactly as it was written, field by field (as an earlier release's wake-up carries it). */
  public static MailItem restore(long id, boolean notification, int senderId, String contentType, byte[] body,
                                 long storedAt) {
    MailItem item = new MailItem();
    item.id = id;
    item.notification = notification;
    item.senderId = senderId;
    item.contentType = contentType;
    item.body = body;
    item.storedAt = storedAt;
    return item;
  }

  public static MailItem notification(byte[] line, long storedAt) {
    return new MailItem(true, 0, null, line, storedAt);
  }

  /**
   * Random, so a store that Hazelcast runs twice (it retries an operation whose member died after running it)
   * can tell it already holds this item.
   */
  public long id() {
    return id;
  }

  public boolean isNotification() {
    return notification;
  }

  public int senderId() {
    return senderId;
  }

  /** The sender's Content-Type verbatim, or null when it sent none. */
  public String contentType() {
    return contentType;
  }

  public byte[] body() {
    return body;
  }

  /** What holding this item costs, for the storage budget: {@link #costOf} of its body and type. */
  public long cost() {
    return costOf(body.length, contentType);
  }

  /** What an item with this body and type costs while undelivered (the same arithmetic before it exists). */
  public static long costOf(int bodyBytes, String contentType) {
    return OVERHEAD_BYTES + bodyBytes + (contentType == null ? 0 : contentType.length());
  }

  /**
   * When the item was accepted (epoch milliseconds, the accepting node's wall clock): so the node that hands it out,
   * maybe another, can tell how long delivery took; a hand-over straight from the store starts its in-flight time.
   */
  public long storedAt() {
    return storedAt;
  }

  /**
   * Writes the item as a nested record: the one form of a mail item wherever it travels, in the directory's objects
   * and in the wake-ups between nodes alike.
   */
  public static void writeRecord(FieldsOut out, MailItem item) {
    writeNested(out, item);
  }

  /** Reads a nested record written by {@link #writeRecord}; null stays null. */
  public static MailItem readRecord(FieldsIn in) throws IOException {
    return readNested(in, MailItem::new);
  }

  @Override
  int type() {
    return DirectorySerialization.MAIL_ITEM;
  }

  @Override
  void writeFields(FieldsOut out) {
    out.writeLong(id).writeBoolean(notification).writeInt(senderId).writeString(contentType).writeBytes(body)
        .writeLong(storedAt);
  }

  @Override
  void readFields(FieldsIn in) throws IOException {
    id = in.readLong();
    notification = in.readBoolean();
    senderId = in.readInt();
    contentType = in.readString();
    body = in.readBytes();
    storedAt = in.readLong();
    if (body == null) {
      throw new IOException("a mail item without a body");
    }
  }

  @Override
  void writePositional(ObjectDataOutput out) throws IOException {
    out.writeLong(id);
    out.writeBoolean(notification);
    out.writeInt(senderId);
    out.writeString(contentType);
    out.writeByteArray(body);
    out.writeLong(storedAt);
  }

  @Override
  void readPositional(ObjectDataInput in) throws IOException {
    id = in.readLong();
    notification = in.readBoolean();
    senderId = in.readInt();
    contentType = in.readString();
    body = in.readByteArray();
    storedAt = in.readLong();
  }
}
