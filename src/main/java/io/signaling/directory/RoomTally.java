package io.signaling.directory;

import com.hazelcast.aggregation.Aggregator;
import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import io.signaling.format.FieldsIn;
import io.signaling.format.FieldsOut;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

/**
 * Counts the peers of every room in one pass over the peer records: each member counts its own partitions by room
 * name, and the caller merges the names (a room spans members). Peers that joined before the cutoff are also
 * counted apart. Run off every client's path, by the census.
 */
final class RoomTally extends ClusterObject implements Aggregator<Map.Entry<Integer, PeerRecord>, RoomCount> {

  private static final long serialVersionUID = 1L;

  private long cutoff;
  /** By room: its peers, and those of them that joined before the cutoff. */
  private HashMap<String, int[]> byRoom = new HashMap<>();

  RoomTally() {
    // for Hazelcast
  }

  RoomTally(long cutoff) {
    this.cutoff = cutoff;
  }

  @Override
  public void accumulate(Map.Entry<Integer, PeerRecord> entry) {
    PeerRecord peer = entry.getValue();
    if (peer != null) {
      int[] counts = byRoom.computeIfAbsent(peer.room(), room -> new int[2]);
      counts[0]++;
      if (peer.joinedAt() < cutoff) {
        counts[1]++;
      }
    }
  }

  @Override
  @SuppressWarnings("rawtypes") // Hazelcast's Aggregator declares combine with a raw type
  public void combine(Aggregator aggregator) {
    ((RoomTally) aggregator).byRoom.forEach((room, theirs) -> {
      int[] counts = byRoom.computeIfAbsent(room, named -> new int[2]);
      counts[0] += theirs[0];
      counts[1] += theirs[1];
    });
  }

  @Override
  public RoomCount aggregate() {
    long peersBefore = 0;
    int rooms = 0;
    int roomsBefore = 0;
    for (Map.Entry<String, int[]> room : byRoom.entrySet()) {
      int[] counts = room.getValue();
      peersBefore += counts[1];
      if (!room.getKey().isEmpty()) {
        rooms += counts[0] > 0 ? 1 : 0;
        roomsBefore += counts[1] > 0 ? 1 : 0;
      }
    }
    int[] inDefault = byRoom.getOrDefault("", new int[2]);
    return new RoomCount(rooms, inDefault[0], cutoff, peersBefore, roomsBefore);
  }

  @Override
  int type() {
    return DirectorySerialization.ROOM_TALLY;
  }

  @Override
  void writeFields(FieldsOut out) {
    out.writeLong(cutoff).writeInt(byRoom.size());
    byRoom.forEach((room, counts) -> out.writeString(room).writeInt(counts[0]).writeInt(counts[1]));
  }

  @Override
  void readFields(FieldsIn in) throws IOException {
    cutoff = in.readLong();
    int rooms = in.readInt();
    if (rooms < 0) {
      throw new IOException("a room tally of " + rooms + " rooms");
    }
    byRoom = new HashMap<>();
    for (int i = 0; i < rooms; i++) {
      String room = in.readString();
      byRoom.put(room == null ? "" : room, new int[] {in.readInt(), in.readInt()});
    }
  }

  /**
   * Sent only while every member keeps rooms, and so reads records; written by position only so that it can be in
   * every layout like every other type.
   */
  @Override
  void writePositional(ObjectDataOutput out) throws IOException {
    out.writeLong(cutoff);
    out.writeInt(byRoom.size());
    for (Map.Entry<String, int[]> each : byRoom.entrySet()) {
      out.writeString(each.getKey());
      out.writeInt(each.getValue()[0]);
      out.writeInt(each.getValue()[1]);
    }
  }

  @Override
  void readPositional(ObjectDataInput in) throws IOException {
    cutoff = in.readLong();
    int rooms = in.readInt();
    byRoom = new HashMap<>();
    for (int i = 0; i < rooms; i++) {
      String room = in.readString();
      byRoom.put(room == null ? "" : room, new int[] {in.readInt(), in.readInt()});
    }
  }
}
