package io.signaling.directory;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;
import java.io.IOException;

/**
 * A peer without its mailbox: what the peer list and announcements need. When it comes from a removal,
 * {@link #waiter()} is the /wait that was parked for it (to be dropped), else null.
 */
public final class PeerSummary implements IdentifiedDataSerializable {

  private int id;
  private byte[] name;
  private long joinedAt;
  private Waiter waiter;

  public PeerSummary() {
    // for Hazelcast
  }

  PeerSummary(PeerRecord record) {
    this.id = record.id();
    this.name = record.name();
    this.joinedAt = record.joinedAt();
    this.waiter = record.waiter();
  }

  public int id() {
    return id;
  }

  public byte[] name() {
    return name;
  }

  public long joinedAt() {
    return joinedAt;
  }

  public Waiter waiter() {
    return waiter;
  }

  @Override
  public int getFactoryId() {
    return DirectorySerialization.FACTORY_ID;
  }

  @Override
  public int getClassId() {
    return DirectorySerialization.PEER_SUMMARY;
  }

  @Override
  public void writeData(ObjectDataOutput out) throws IOException {
    out.writeInt(id);
    out.writeByteArray(name);
    out.writeLong(joinedAt);
    out.writeObject(waiter);
  }

  @Override
  public void readData(ObjectDataInput in) throws IOException {
    id = in.readInt();
    name = in.readByteArray();
    joinedAt = in.readLong();
    waiter = in.readObject();
  }
}
