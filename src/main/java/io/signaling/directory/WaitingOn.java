package io.signaling.directory;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;
import com.hazelcast.query.Predicate;
import java.io.IOException;
import java.util.Map;

/** Selects peers whose parked /wait or in-flight item belongs to the given node. */
final class WaitingOn implements Predicate<Integer, PeerRecord>, IdentifiedDataSerializable {

  private String node;

  WaitingOn() {
  }

  WaitingOn(String node) {
    this.node = node;
  }

  @Override
  public boolean apply(Map.Entry<Integer, PeerRecord> entry) {
    PeerRecord peer = entry.getValue();
    return (peer.waiter() != null && peer.waiter().node().equals(node))
        || (peer.hasInFlight() && peer.inFlightTo().node().equals(node));
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
  }

  @Override
  public void readData(ObjectDataInput in) throws IOException {
    node = in.readString();
  }
}
