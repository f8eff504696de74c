package io.signaling.directory;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import io.signaling.format.FieldsIn;
import io.signaling.format.FieldsOut;
import java.io.IOException;

/** What became of an item handed to {@link PeerDirectory#deliver}. */
public final class DeliveryOutcome extends ClusterObject {

  /** Each kind with the code it travels as: fixed for good, whatever order the constants are declared in. */
  public enum Kind implements WireCode {
    UNKNOWN_PEER(0), MAILBOX_FULL(1), STORED(2);

    private final int code;

    Kind(int code) {
      this.code = code;
    }

    @Override
    public int code() {
      return code;
    }
  }

  private Kind kind;
  private Waiter waiter;
  private int depth;
  private MailItem handed;

  public DeliveryOutcome() {
    // for Hazelcast
  }

  DeliveryOutcome(Kind kind, Waiter waiter, int depth, MailItem handed) {
    this.kind = kind;
    this.waiter = waiter;
    this.depth = depth;
    this.handed = handed;
  }

  /**
   * With a waiter: the item already in flight to it (the mailbox's head), to be written by its node; null
   * when the waiter must take the next item itself.
   */
  public MailItem handed() {
    return handed;
  }

  public Kind kind() {
    return kind;
  }

  /** With {@link Kind#STORED}: the parked /wait to hand the item to (or to wake), or null when nobody waits. */
  public Waiter waiterToWake() {
    return waiter;
  }

  /** Items in the mailbox after this step (0 for an unknown peer): the mailbox-depth metric. */
  public int depth() {
    return depth;
  }

  @Override
  int type() {
    return DirectorySerialization.DELIVERY_OUTCOME;
  }

  @Override
  void writeFields(FieldsOut out) {
    out.writeInt(kind.code());
    writeNested(out, waiter);
    out.writeInt(depth);
    writeNested(out, handed);
  }

  @Override
  void readFields(FieldsIn in) throws IOException {
    kind = WireCode.find(Kind.values(), in.readInt());
    waiter = readNested(in, Waiter::new);
    depth = in.readInt();
    handed = readNested(in, MailItem::new);
  }

  @Override
  void writePositional(ObjectDataOutput out) throws IOException {
    out.writeInt(kind.code);
    out.writeObject(waiter);
    out.writeInt(depth);
    out.writeObject(handed);
  }

  @Override
  void readPositional(ObjectDataInput in) throws IOException {
    kind = WireCode.find(Kind.values(), in.readInt());
    waiter = in.readObject();
    depth = in.readInt();
    handed = in.readObject();
  }
}
