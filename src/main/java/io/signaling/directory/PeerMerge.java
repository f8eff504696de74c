package io.signaling.directory;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastInstanceAware;
import com.hazelcast.spi.merge.MergingValue;
import com.hazelcast.spi.merge.SplitBrainMergePolicy;

/**
 * How the peers map heals after a split: Hazelcast runs it, on the majority's partition threads, for every record
 * the smaller half brings. Hazelcast's own policies pick one whole entry, which would drop whatever the minority
 * stored in the seconds before it noticed the split (an acknowledged message, a new peer) or deliver twice what
 * the majority delivered meanwhile. Here:
 * <ul>
 *   <li>a peer only the minority knows is added if it was active there since the split began (it signed in there
 *   before the minority stopped); otherwise the majority removed it meanwhile, and it stays removed;</li>
 *   <li>the same peer on both sides keeps one record: the majority's, with every item either side still owes,
 *   once, in the order they were stored ({@link PeerRecord#unitedWith});</li>
 *   <li>two different peers that drew the same random id on the two sides: the majority's keeps it. The other's
 *   client learns at its next request that its id names nobody it signed in as.</li>
 * </ul>
 * When the split began is what {@link MergeHorizon} knows of it.
 */
public final class PeerMerge extends FieldlessObject
    implements SplitBrainMergePolicy<Object, MergingValue<Object>, Object>, HazelcastInstanceAware {

  /** Set by Hazelcast before each use, on the member that merges. */
  private MergeHorizon horizon = new MergeHorizon();

  @Override
  public void setHazelcastInstance(HazelcastInstance hazelcast) {
    horizon = MergeHorizon.of(hazelcast);
  }

  /**
   * Only the values are needed, so the map needs no per-entry statistics (which a policy asking for Hazelcast's
   * whole map merge type would require).
   */
  @Override
  public Object merge(MergingValue<Object> merging, MergingValue<Object> existing) {
    long keepFrom = horizon.keepFrom();
    if (existing == null) {
      // Unknown here: signed in on the other half after the split, or removed here during it (signed out, timed
      // out), when the other half's copy was last touched before the split.
      Object theirs = merging.getValue();
      return theirs instanceof PeerRecord minority && minority.lastSeen() < keepFrom ? null : merging.getRawValue();
    }
    Object theirs = merging.getValue();
    Object ours = existing.getValue();
    if (!(theirs instanceof PeerRecord minority) || !(ours instanceof PeerRecord majority)
        || !majority.samePeerAs(minority)) {
      return existing.getRawValue();
    }
    // A new object: Hazelcast compares the result with the stored value to decide whether anything changed.
    return majority.unitedWith(minority, keepFrom);
  }

  @Override
  int type() {
    return DirectorySerialization.PEER_MERGE;
  }
}
