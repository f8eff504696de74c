package io.signaling.directory;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import io.signaling.format.FieldsIn;
import io.signaling.format.FieldsOut;
import java.io.IOException;

/** What a /wait must do after {@link PeerDirectory#park}: answer with an item, stay parked, or refuse. */
public final class ParkOutcome extends ClusterObject {

  /**
   * Each kind with the code it travels as: fixed for good, whatever order the constants are declared in.
   * {@code NOT_OWNER}: the peer is signed in, but the /wait presented another owner; only a step that presents
   * one gets it, so only nodes of this release or later.
   */
  public enum Kind implements WireCode {
    UNKNOWN_PEER(0), ANSWER_NOW(1), PARKED(2), NOT_OWNER(3);

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
  private MailItem item;
  private Waiter superseded;

  public ParkOutcome() {
    // for Hazelcast
  }

  ParkOutcome(Kind kind, MailItem item, Waiter superseded) {
    this.kind = kind;
    this.item = item;
    this.superseded = superseded;
  }

  public Kind kind() {
    return kind;
  }

  /** With {@link Kind#ANSWER_NOW}: the mailbox head, already taken out of the mailbox. */
  public MailItem item() {
    return item;
  }

  /**
   * With {@link Kind#PARKED} or {@link Kind#ANSWER_NOW}: an older /wait of the same peer, which this one replaces
   * and its node must now drop, or null.
   */
  public Waiter superseded() {
    return superseded;
  }

  @Override
  int type() {
    return DirectorySerialization.PARK_OUTCOME;
  }

  @Override
  void writeFields(FieldsOut out) {
    out.writeInt(kind.code());
    writeNested(out, item);
    writeNested(out, superseded);
  }

  @Override
  void readFields(FieldsIn in) throws IOException {
    kind = WireCode.find(Kind.values(), in.readInt());
    item = readNested(in, MailItem::new);
    superseded = readNested(in, Waiter::new);
  }

  @Override
  void writePositional(ObjectDataOutput out) throws IOException {
    out.writeInt(kind.code);
    out.writeObject(item);
    out.writeObject(superseded);
  }

  @Override
  void readPositional(ObjectDataInput in) throws IOException {
    kind = WireCode.find(Kind.values(), in.readInt());
    item = in.readObject();
    superseded = in.readObject();
  }
}
