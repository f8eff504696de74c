package io.signaling.directory;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.projection.Projection;
import io.signaling.format.FieldsIn;
import io.signaling.format.FieldsOut;
import java.io.IOException;
import java.util.Map;

/** Projects a peer record to its summary, so listing peers never ships mailboxes across the cluster. */
final class PeerListing extends ClusterObject implements Projection<Map.Entry<Integer, PeerRecord>, PeerSummary> {

  @Override
  public PeerSummary transform(Map.Entry<Integer, PeerRecord> entry) {
    return new PeerSummary(entry.getValue());
  }

  @Override
  int type() {
    return DirectorySerialization.PEER_LISTING;
  }

  @Override
  void writeFields(FieldsOut out) {
  }

  @Override
  void readFields(FieldsIn in) {
  }

  @Override
  void writePositional(ObjectDataOutput out) {
  }

  @Override
  void readPositional(ObjectDataInput in) {
  }
}
