package io.signaling.cluster;

import com.hazelcast.cluster.MembershipListener;
import com.hazelcast.core.HazelcastInstance;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A listener to the cluster's membership that registers itself at start and leaves at stop. */
abstract class MembershipWatch implements MembershipListener {

  private static final Logger LOG = LoggerFactory.getLogger(MembershipWatch.class);

  final HazelcastInstance hazelcast;
  private UUID registration;

  MembershipWatch(HazelcastInstance hazelcast) {
    this.hazelcast = hazelcast;
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
}
