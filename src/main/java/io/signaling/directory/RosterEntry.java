package io.signaling.directory;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import io.signaling.format.FieldsIn;
import io.signaling.format.FieldsOut;
import java.io.IOException;

/**
 * A peer's line in its room's roster ({@link Roster}): what a peer list needs, kept apart from the peer record so
 * that the roster can carry an index by room without the record paying for it on every step (Hazelcast copies an
 * indexed object-format value before each entry processor). Written once at the sign-in, deleted at the removal.
 */
public final class RosterEntry extends ClusterObject {

  private String room = "";
  private byte[] name;
  private long joinedAt;

  public RosterEntry() {
    // for Hazelcast
  }

  RosterEntry(String room, byte[] name, long joinedAt) {
    this.room = room;
    this.name = name;
    this.joinedAt = joinedAt;
  }

  /** The attribute the roster's index names ({@link Roster#ROOM_ATTRIBUTE}), hence public. */
  public String room() {
    return room;
  }

  byte[] name() {
    return name;
  }

  long joinedAt() {
    return joinedAt;
  }

  @Override
  int type() {
    return DirectorySerialization.ROSTER_ENTRY;
  }

  @Override
  void writeFields(FieldsOut out) {
    out.writeString(room).writeBytes(name).writeLong(joinedAt);
  }

  @Override
  void readFields(FieldsIn in) throws IOException {
    String read = in.readString();
    room = read == null ? "" : read;
    name = in.readBytes();
    joinedAt = in.readLong();
    if (name == null) {
      throw new IOException("a roster entry without a name");
    }
  }

  @Override
  void writePositional(ObjectDataOutput out) throws IOException {
    out.writeString(room);
    out.writeByteArray(name);
    out.writeLong(joinedAt);
  }

  @Override
  void readPositional(ObjectDataInput in) throws IOException {
    String read = in.readString();
    room = read == null ? "" : read;
    name = in.readByteArray();
    joinedAt = in.readLong();
  }
}
