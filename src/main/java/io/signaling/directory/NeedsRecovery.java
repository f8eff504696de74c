package io.signaling.directory;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.query.Predicate;
import io.signaling.format.FieldsIn;
import io.signaling.format.FieldsOut;
import java.io.IOException;
import java.util.Map;

/**
 * Selects the peers {@link PeerProcessors.Recover} has work on: those whose parked /wait should be taking an item
 * but is not (its wake-up was lost, say with the node that owed it), those with an item in flight past the limit,
 * and, with a departed node, those whose /wait or in-flight item that node held.
 */
final class NeedsRecovery extends ClusterObject implements Predicate<Integer, PeerRecord> {

  private String departedNode;
  private long now;

  NeedsRecovery() {
  }

  /** @param departedNode a node that left the cluster, or null */
  NeedsRecovery(String departedNode, long now) {
    this.departedNode = departedNode;
    this.now = now;
  }

  String departedNode() {
    return departedNode;
  }

  long now() {
    return now;
  }

  static boolean waitsOn(PeerRecord peer, String node) {
    return node != null && peer.waiter() != null && peer.waiter().node().equals(node);
  }

  static boolean handedTo(PeerRecord peer, String node) {
    return node != null && peer.hasInFlight() && peer.inFlightTo().node().equals(node);
  }

  static boolean inFlightTooLong(PeerRecord peer, long now) {
    return peer.hasInFlight() && now - peer.inFlightSince() > PeerDirectory.IN_FLIGHT_LIMIT_MILLIS;
  }

  @Override
  public boolean apply(Map.Entry<Integer, PeerRecord> entry) {
    PeerRecord peer = entry.getValue();
    return peer.owesItsWaiter() != null || inFlightTooLong(peer, now)
        || waitsOn(peer, departedNode) || handedTo(peer, departedNode);
  }

  @Override
  int type() {
    return DirectorySerialization.NEEDS_RECOVERY;
  }

  @Override
  void writeFields(FieldsOut out) {
    out.writeString(departedNode).writeLong(now);
  }

  @Override
  void readFields(FieldsIn in) throws IOException {
    departedNode = in.readString();
    now = in.readLong();
  }

  @Override
  void writePositional(ObjectDataOutput out) throws IOException {
    out.writeString(departedNode);
    out.writeLong(now);
  }

  @Override
  void readPositional(ObjectDataInput in) throws IOException {
    departedNode = in.readString();
    now = in.readLong();
  }
}
