package io.signaling.directory;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;
import com.hazelcast.query.Predicate;
import java.io.IOException;
import java.util.Map;

/**
 * Selects peers whose parked /wait should be taking an item but is not: items queued and nothing in flight
 * (its wake-up was lost, say with the node that owed it), or an item in flight past the limit.
 */
final class NeedsWake implements Predicate<Integer, PeerRecord>, IdentifiedDataSerializable {

  private long now;

  NeedsWake() {
  }

  NeedsWake(long now) {
    this.now = now;
  }

  static boolean needsWake(PeerRecord peer, long now) {
    return peer.wakeable() != null || inFlightTooLong(peer, now);
  }

  static boolean inFlightTooLong(PeerRecord peer, long now) {
    return peer.hasInFlight() && now - peer.inFlightSince() > PeerDirectory.IN_FLIGHT_LIMIT_MILLIS;
  }

  @Override
  public boolean apply(Map.Entry<Integer, PeerRecord> entry) {
    return needsWake(entry.getValue(), now);
  }

  @Override
  public int getFactoryId() {
    return DirectorySerialization.FACTORY_ID;
  }

  @Override
  public int getClassId() {
    return DirectorySerialization.NEEDS_WAKE;
  }

  @Override
  public void writeData(ObjectDataOutput out) throws IOException {
    out.writeLong(now);
  }

  @Override
  public void readData(ObjectDataInput in) throws IOException {
    now = in.readLong();
  }
}
