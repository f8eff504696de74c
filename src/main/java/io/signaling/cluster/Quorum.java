package io.signaling.cluster;

import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.config.Config;
import com.hazelcast.config.SplitBrainProtectionConfig;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.splitbrainprotection.SplitBrainProtection;
import com.hazelcast.splitbrainprotection.SplitBrainProtectionOn;
import io.vertx.core.Context;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether this node sees enough of the cluster to serve ({@code --cluster-quorum} members). Below it, it may be
 * the small side of a split: a frozen node that came back alone, or one cut off by the network. It then serves
 * nobody, so that two halves never hand out the same state twice; the majority, which keeps serving, is the one
 * cluster. The same bound is Hazelcast's split-brain protection on every directory map, so an operation that
 * starts on a minority fails there even before this node's own checks notice.
 */
public final class Quorum extends MembershipWatch {

  /** The split-brain protection every directory map names. */
  public static final String PROTECTION = "signaling-quorum";

  /** Heartbeats come every second (HazelcastSetup); three in a row missed, and the member no longer counts. */
  static final int HEARTBEAT_TOLERANCE_MILLIS = 3_000;

  private static final Logger LOG = LoggerFactory.getLogger(Quorum.class);

  private final int size;
  private final Context context;
  private final Runnable onLost;
  /** Whether the last membership change left the quorum present; only the listener's thread writes it. */
  private volatile boolean presentAtLastChange = true;

  /** @param onLost run on {@code context} each time a membership change leaves fewer members than the quorum */
  public Quorum(HazelcastInstance hazelcast, int size, Context context, Runnable onLost) {
    super(hazelcast);
    this.size = size;
    this.context = context;
    this.onLost = onLost;
  }

  /**
   * Adds the split-brain protection to a member's configuration: reads and writes both, since a read on a
   * minority (a peer list, a mailbox head) would be just as stale. A member counts while it sent a heartbeat in the
   * last {@value #HEARTBEAT_TOLERANCE_MILLIS} ms, not until the failure detector drops it (5 s): the small side of a
   * partition stops accepting writes after three missed heartbeats, instead of acknowledging messages for the
   * seconds it takes to notice, messages its clients then only get once the halves merge. A quorum of one protects
   * nothing (Hazelcast refuses it): a node alone is its own majority.
   */
  public static void configure(Config config, int quorum) {
    if (quorum < 2) {
      return;
    }
    config.addSplitBrainProtectionConfig(SplitBrainProtectionConfig
        .newRecentlyActiveSplitBrainProtectionConfigBuilder(PROTECTION, quorum, HEARTBEAT_TOLERANCE_MILLIS)
        .build().setProtectOn(SplitBrainProtectionOn.READ_WRITE));
  }

  /** The protection's name if this member's configuration has one, else null: for the maps to name. */
  public static String protectionOf(Config config) {
    return config.getSplitBrainProtectionConfigs().containsKey(PROTECTION) ? PROTECTION : null;
  }

  @Override
  public void start() {
    if (size > 1) {
      super.start();
      presentAtLastChange = isPresent();
    }
  }

  /** Whether this node now sees at least the quorum, as Hazelcast's protection does for the maps. */
  public boolean isPresent() {
    if (size < 2) {
      return true;
    }
    try {
      SplitBrainProtection protection = hazelcast.getSplitBrainProtectionService().getSplitBrainProtection(PROTECTION);
      return protection.hasMinimumSize();
    } catch (RuntimeException notRunning) {
      return false; // the member stopped or is being reset for a merge
    }
  }

  @Override
  public void memberAdded(MembershipEvent event) {
    changed(event);
  }

  @Override
  public void memberRemoved(MembershipEvent event) {
    changed(event);
  }

  private void changed(MembershipEvent event) {
    boolean present = event.getMembers().size() >= size;
    boolean was = presentAtLastChange;
    presentAtLastChange = present;
    if (was && !present) {
      LOG.error("this node sees {} of the {} members a quorum needs: it serves nobody until the cluster is whole;"
          + " its parked /waits are closed so that their clients wait on the majority", event.getMembers().size(), size);
      context.runOnContext(ignored -> onLost.run());
    } else if (!was && present) {
      LOG.warn("this node sees {} members again, a quorum of {}: it serves", event.getMembers().size(), size);
    }
  }
}
