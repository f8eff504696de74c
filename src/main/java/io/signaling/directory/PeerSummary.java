package io.signaling.directory;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import io.signaling.format.FieldsIn;
import io.signaling.format.FieldsOut;
import java.io.IOException;

/**
 * A peer without its mailbox: what the peer list and announcements need. When it comes from a removal,
 * {@link #waiter()} is the /wait that was parked for it, else the one its item in flight went to (either to be
 * dropped), else null.
 */
public final class PeerSummary extends ClusterObject {

  private int id;
  private byte[] name;
  private long joinedAt;
  private Waiter waiter;
  /** The peer's room (revision 2); the default room from a release without rooms. */
  private String room = "";

  public PeerSummary() {
    // for Hazelcast
  }

  /** A peer as its roster entry has it: never with a waiter. */
  PeerSummary(int id, byte[] name, long joinedAt, String room) {
    this.id = id;
    this.name = name;
    this.joinedAt = joinedAt;
    this.room = room;
  }

  PeerSummary(PeerRecord record) {
    this.id = record.id();
    this.name = record.name();
    this.joinedAt = record.joinedAt();
    // The parked /wait, else the one its item in flight went to: its node may hold that item's settle and vouch for
    // the peer as a sender (delivery.HeldSettles, delivery.KnownSenders), so it must hear of a removal too.
    this.waiter = record.waiter() != null ? record.waiter() : record.inFlightTo();
    this.room = record.room();
  }

  public int id() {
    return id;
  }

  public byte[] name() {
    return name;
  }

  /**
   * The order of a sign-in's list: by when each joined, then by id. Written out rather than composed from key
   * extractors: a sign-in sorts every peer of its room with it.
   */
  public static final java.util.Comparator<PeerSummary> BY_JOINING = (a, b) ->
      a.joinedAt != b.joinedAt ? Long.compare(a.joinedAt, b.joinedAt) : Integer.compare(a.id, b.id);

  public long joinedAt() {
    return joinedAt;
  }

  public Waiter waiter() {
    return waiter;
  }

  /** The room the peer is in, {@code ""} for the default room. */
  public String room() {
    return room;
  }

  @Override
  int type() {
    return DirectorySerialization.PEER_SUMMARY;
  }

  @Override
  void writeFields(FieldsOut out) {
    out.writeInt(id).writeBytes(name).writeLong(joinedAt);
    writeNested(out, waiter);
    out.writeString(room); // revision 2
  }

  @Override
  int revision() {
    return 2;
  }

  @Override
  void readFields(FieldsIn in) throws IOException {
    id = in.readInt();
    name = in.readBytes();
    joinedAt = in.readLong();
    waiter = readNested(in, Waiter::new);
    if (name == null) {
      throw new IOException("peer " + id + " without a name");
    }
    room = in.hasMore() ? in.readString() : "";
  }

  @Override
  void writePositional(ObjectDataOutput out) throws IOException {
    out.writeInt(id);
    out.writeByteArray(name);
    out.writeLong(joinedAt);
    out.writeObject(waiter);
  }

  @Override
  void readPositional(ObjectDataInput in) throws IOException {
    id = in.readInt();
    name = in.readByteArray();
    joinedAt = in.readLong();
    waiter = in.readObject();
  }
}
