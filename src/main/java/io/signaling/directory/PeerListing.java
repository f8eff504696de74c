package io.signaling.directory;

import com.hazelcast.projection.Projection;
import java.io.IOException;
import java.util.Map;

/** Projects a peer record to its summary, so listing peers never ships mailboxes across the cluster. */
final class PeerListing extends FieldlessObject implements Projection<Map.Entry<Integer, PeerRecord>, PeerSummary> {

  @Override
  public PeerSummary transform(Map.Entry<Integer, PeerRecord> entry) {
    return new PeerSummary(entry.getValue());
  }

  @Override
  int type() {
    return DirectorySerialization.PEER_LISTING;
  }
}
