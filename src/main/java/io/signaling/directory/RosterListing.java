package io.signaling.directory;

import com.hazelcast.projection.Projection;
import java.util.Map;

/** Projects a roster entry to the summary of its peer, as a peer list needs it. */
final class RosterListing extends FieldlessObject implements Projection<Map.Entry<Integer, RosterEntry>, PeerSummary> {

  @Override
  public PeerSummary transform(Map.Entry<Integer, RosterEntry> entry) {
    RosterEntry line = entry.getValue();
    return new PeerSummary(entry.getKey(), line.name(), line.joinedAt(), line.room());
  }

  @Override
  int type() {
    return DirectorySerialization.ROSTER_LISTING;
  }
}
