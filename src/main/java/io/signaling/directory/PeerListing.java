package io.signaling.directory;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;
import com.hazelcast.projection.Projection;
import java.util.Map;

/** Projects a peer record to its summary, so listing peers never ships mailboxes across the cluster. */
final class PeerListing implements Projection<Map.Entry<Integer, PeerRecord>, PeerSummary>,
    IdentifiedDataSerializable {

  @Override
  public PeerSummary transform(Map.Entry<Integer, PeerRecord> entry) {
    return new PeerSummary(entry.getValue());
  }

  @Override
  public int getFactoryId() {
    return DirectorySerialization.FACTORY_ID;
  }

  @Override
  public int getClassId() {
    return DirectorySerialization.PEER_LISTING;
  }

  @Override
  public void writeData(ObjectDataOutput out) {
  }

  @Override
  public void readData(ObjectDataInput in) {
  }
}
