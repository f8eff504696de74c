package io.signaling.directory;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;
import java.io.IOException;

/** What became of an item handed to {@link PeerDirectory#deliver}. */
public final class DeliveryOutcome implements IdentifiedDataSerializable {

  public enum Kind { UNKNOWN_PEER, MAILBOX_FULL, STORED }

  private Kind kind;
  private Waiter waiter;
  private int depth;

  public DeliveryOutcome() {
    // for Hazelcast
  }

  DeliveryOutcome(Kind kind, Waiter waiter, int depth) {
    this.kind = kind;
    this.waiter = waiter;
    this.depth = depth;
  }

  public Kind kind() {
    return kind;
  }

  /** With {@link Kind#STORED}: the parked /wait to wake so it takes the item, or null when nobody waits. */
  public Waiter waiterToWake() {
    return waiter;
  }

  /** Items in the mailbox after this step (0 for an unknown peer): the mailbox-depth metric. */
  public int depth() {
    return depth;
  }

  @Override
  public int getFactoryId() {
    return DirectorySerialization.FACTORY_ID;
  }

  @Override
  public int getClassId() {
    return DirectorySerialization.DELIVERY_OUTCOME;
  }

  @Override
  public void writeData(ObjectDataOutput out) throws IOException {
    out.writeInt(kind.ordinal());
    out.writeObject(waiter);
    out.writeInt(depth);
  }

  @Override
  public void readData(ObjectDataInput in) throws IOException {
    kind = Kind.values()[in.readInt()];
    waiter = in.readObject();
    depth = in.readInt();
  }
}
