package io.signaling.cluster;

import com.hazelcast.cluster.Member;
import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.core.HazelcastInstance;
import io.signaling.directory.MergeHorizon;
import io.vertx.core.Context;
import java.util.Iterator;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Learns from Hazelcast when a node leaves the cluster, gracefully or not, and has exactly one survivor (the
 * oldest member) clean up after it. The clean-up runs on a Vert.x context, never on Hazelcast's event thread.
 */
public final class NodeDepartures extends MembershipWatch {

  private static final Logger LOG = LoggerFactory.getLogger(NodeDepartures.class);

  private final Context context;
  private final Consumer<String> cleanUp;
  private final LongSupplier clock;

  /**
   * @param cleanUp called with the departed node's id, on {@code context}, on the oldest survivor only
   * @param clock   the node's wall clock: every member notes when it saw a node leave ({@link MergeHorizon})
   */
  public NodeDepartures(HazelcastInstance hazelcast, Context context, Consumer<String> cleanUp,
                        LongSupplier clock) {
    super(hazelcast);
    this.context = context;
    this.cleanUp = cleanUp;
    this.clock = clock;
  }

  /**
   * The member attribute naming a node: a random UUID chosen at every start, kept through a split-brain merge
   * (which changes the member's Hazelcast UUID). Nodes of an earlier release lack it and go by their member UUID.
   */
  public static final String NODE_ATTRIBUTE = "signaling.node";

  /** The id this node is known by in the cluster: new at every start, kept through a merge. */
  public static String localNodeId(HazelcastInstance hazelcast) {
    return nodeIdOf(hazelcast.getCluster().getLocalMember());
  }

  static String nodeIdOf(Member member) {
    String named = member.getAttribute(NODE_ATTRIBUTE);
    return named != null ? named : member.getUuid().toString();
  }

  @Override
  public void memberAdded(MembershipEvent event) {
    LOG.info("node {} joined; {} node(s) in the cluster", nodeIdOf(event.getMember()), event.getMembers().size());
  }

  @Override
  public void memberRemoved(MembershipEvent event) {
    try {
      String departed = nodeIdOf(event.getMember());
      LOG.info("node {} left; {} node(s) in the cluster", departed, event.getMembers().size());
      MergeHorizon.of(hazelcast).departed(departed, clock.getAsLong());
      Iterator<Member> oldestFirst = event.getMembers().iterator();
      if (oldestFirst.hasNext() && oldestFirst.next().localMember()) {
        context.runOnContext(ignored -> cleanUp.accept(departed));
      }
    } catch (RuntimeException e) {
      LOG.error("could not handle the departure of a node", e);
    }
  }
}
