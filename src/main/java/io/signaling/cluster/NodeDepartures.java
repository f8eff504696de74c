package io.signaling.cluster;

import com.hazelcast.cluster.Member;
import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import com.hazelcast.core.HazelcastInstance;
import io.vertx.core.Context;
import java.util.Iterator;
import java.util.UUID;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Learns from Hazelcast when a node leaves the cluster, gracefully or not, and has exactly one survivor (the
 * oldest member) clean up after it. The clean-up runs on a Vert.x context, never on Hazelcast's event thread.
 */
public final class NodeDepartures implements MembershipListener {

  private static final Logger LOG = LoggerFactory.getLogger(NodeDepartures.class);

  private final HazelcastInstance hazelcast;
  private final Context context;
  private final Consumer<String> cleanUp;
  private UUID registration;

  /** @param cleanUp called with the departed node's id, on {@code context}, on the oldest survivor only */
  public NodeDepartures(HazelcastInstance hazelcast, Context context, Consumer<String> cleanUp) {
    this.hazelcast = hazelcast;
    this.context = context;
    this.cleanUp = cleanUp;
  }

  /** The id this node is known by in the cluster: its Hazelcast member UUID, new at every start. */
  public static String localNodeId(HazelcastInstance hazelcast) {
    return hazelcast.getCluster().getLocalMember().getUuid().toString();
  }

  public void start() {
    registration = hazelcast.getCluster().addMembershipListener(this);
  }

  public void stop() {
    if (registration != null) {
      try {
        hazelcast.getCluster().removeMembershipListener(registration);
      } catch (RuntimeException e) {
        LOG.debug("membership listener already gone", e);
      }
    }
  }

  @Override
  public void memberAdded(MembershipEvent event) {
    LOG.info("node {} joined; {} node(s) in the cluster", event.getMember().getUuid(), event.getMembers().size());
  }

  @Override
  public void memberRemoved(MembershipEvent event) {
    try {
      String departed = event.getMember().getUuid().toString();
      LOG.info("node {} left; {} node(s) in the cluster", departed, event.getMembers().size());
      Iterator<Member> oldestFirst = event.getMembers().iterator();
      if (oldestFirst.hasNext() && oldestFirst.next().localMember()) {
        context.runOnContext(ignored -> cleanUp.accept(departed));
      }
    } catch (RuntimeException e) {
      LOG.error("could not handle the departure of a node", e);
    }
  }
}
