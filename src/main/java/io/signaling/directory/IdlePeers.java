package io.signaling.directory;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;
import com.hazelcast.query.Predicate;
import java.io.IOException;
import java.util.Map;

/** Selects peers that have no parked /wait and were last seen before the cutoff. */
final class IdlePeers implements Predicate<Integer, PeerRecord>, IdentifiedDataSerializable {

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
  public int getFactoryId() {
    return DirectorySerialization.FACTORY_ID;
  }

  @Override
  public int getClassId() {
    return DirectorySerialization.IDLE_PEERS;
  }

  @Override
  public void writeData(ObjectDataOutput out) throws IOException {
    out.writeLong(cutoff);
  }

  @Override
  public void readData(ObjectDataInput in) throws IOException {
    cutoff = in.readLong();
  }
}
