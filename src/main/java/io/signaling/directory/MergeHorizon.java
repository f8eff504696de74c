package io.signaling.directory;

import com.hazelcast.config.Config;
import com.hazelcast.core.HazelcastInstance;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * What one member knows of when the cluster last split: the times at which it saw other members leave. When the
 * halves merge, {@link PeerMerge} runs on this member for what the smaller half brings. An item only that half
 * holds is new there (stored after the split, before that half noticed) unless it was stored before the split:
 * then this half held it too, and no longer holding it means it was delivered here. The split began at most
 * {@link #DETECTION_MILLIS} before this member saw a member leave; anything the other half stored since then is
 * kept, anything older is known here already. Kept per member in Hazelcast's user context, where the merge policy
 * finds it.
 */
public final class MergeHorizon {

  /**
   * How long before a member saw another leave the split may have begun: Hazelcast's heartbeat timeout (5 s,
   * HazelcastSetup) after the last heartbeat, a mastership claim when the member that left was the master (seconds
   * more, measured), and the members' clocks being apart. Generous on purpose: too short, and an item the other
   * half acknowledged in its first seconds would be taken for an old one and dropped; too long only means an item
   * delivered here is delivered once more.
   */
  static final long DETECTION_MILLIS = 15_000;

  /**
   * Departures further back than this are forgotten: the earlier the horizon, the more a merge delivers twice. A
   * split that lasts longer merges keeping everything, unless another member left during it (then items the small
   * half stored in its first seconds could be taken for old ones: a split of over ten minutes with a crash in it).
   */
  static final long REMEMBERED_MILLIS = 10 * 60 * 1000;
  private static final String KEY = "signaling.merge-horizon";

  /** Departure time by member id, in this member's wall clock. */
  private final ConcurrentSkipListMap<Long, String> departures = new ConcurrentSkipListMap<>();

  /** Adds a horizon to a member's configuration. */
  static void configure(Config config) {
    config.getUserContext().putIfAbsent(KEY, new MergeHorizon());
  }

  /** The horizon of a running member, or a fresh one for a member configured without (which keeps everything). */
  public static MergeHorizon of(HazelcastInstance hazelcast) {
    Object horizon = hazelcast.getUserContext().get(KEY);
    return horizon instanceof MergeHorizon known ? known : new MergeHorizon();
  }

  /** A member left (crashed, froze, was cut off, or stopped) at this time. */
  public void departed(String node, long nowMillis) {
    departures.put(nowMillis, node);
    departures.headMap(nowMillis - REMEMBERED_MILLIS).clear();
  }

  /**
   * The earliest time from which an item only the other half holds may be new to this one: before the earliest
   * departure remembered, less the time a split goes unnoticed. {@link Long#MIN_VALUE} without a departure.
   */
  long keepFrom() {
    return departures.isEmpty() ? Long.MIN_VALUE : departures.firstKey() - DETECTION_MILLIS;
  }
}
