package io.signaling.directory;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.query.Predicate;
import io.signaling.format.FieldsIn;
import io.signaling.format.FieldsOut;
import java.io.IOException;
import java.util.Map;

/** Selects peers that have no parked /wait and were last seen before the cutoff. */
final class IdlePeers extends ClusterObject implements Predicate<Integer, PeerRecord> {

  private long cutoff;

  IdlePeers() {
  }

  IdlePeers(long cutoff) {
    this.cutoff = cutoff;
  }

  static boolean isIdle(PeerRecord peer, long cutoff) {
    return peer.waiter() == null && peer.lastSeen() < cutoff;
  }

  @Override
  public boolean apply(Map.Entry<Integer, PeerRecord> entry) {
    return isIdle(entry.getValue(), cutoff);
  }

  @Override
  int type() {
    return DirectorySerialization.IDLE_PEERS;
  }

  @Override
  void writeFields(FieldsOut out) {
    out.writeLong(cutoff);
  }

  @Override
  void readFields(FieldsIn in) throws IOException {
    cutoff = in.readLong();
  }

  @Override
  void writePositional(ObjectDataOutput out) throws IOException {
    out.writeLong(cutoff);
  }

  @Override
  void readPositional(ObjectDataInput in) throws IOException {
    cutoff = in.readLong();
  }
}
