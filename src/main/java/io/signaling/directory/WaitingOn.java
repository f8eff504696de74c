package io.signaling.directory;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;
import com.hazelcast.query.Predicate;
import java.io.IOException;
import java.util.Map;

/**
 * Selects what a departed node leaves behind: peers whose parked /wait or in-flight item it held, and peers that
 * need a wake-up (which the departed node may have owed them).
 */
final class WaitingOn implements Predicate<Integer, PeerRecord>, IdentifiedDataSerializable {

  private String node;
  private long now;

  WaitingOn() {
  }

  WaitingOn(String node, long now) {
    this.node = node;
    this.now = now;
  }

  @Override
  public boolean apply(Map.Entry<Integer, PeerRecord> entry) {
    PeerRecord peer = entry.getValue();
    return (peer.waiter() != null && peer.waiter().node().equals(node))
        || (peer.hasInFlight() && peer.inFlightTo().node().equals(node))
        || NeedsWake.needsWake(peer, now);
  }

  @Override
  public int getFactoryId() {
    return DirectorySerialization.FACTORY_ID;
  }

  @Override
  public int getClassId() {
    return DirectorySerialization.WAITING_ON;
  }

  @Override
  public void writeData(ObjectDataOutput out) throws IOException {
    out.writeString(node);
    out.writeLong(now);
  }

  @Override
  public void readData(ObjectDataInput in) throws IOException {
    node = in.readString();
    now = in.readLong();
  }
}
