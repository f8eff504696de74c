package io.signaling.ops;

import io.vertx.core.json.JsonObject;
import java.util.function.BooleanSupplier;

/**
 * Whether this node should get traffic: its Hazelcast member is running, its wake-up consumer is registered
 * (so a /wait parked here can be woken from any node), it serves, it has once seen the cluster safe (its share
 * of the partitions migrated, so a rolling update waits for it before stopping the next node), and it does not
 * drain, and it sees a quorum of the cluster's members. Cluster safety is latched: re-checking it would take every node out of rotation at once whenever any
 * node joins or leaves.
 */
public final class Readiness {

  private final BooleanSupplier memberRunning;
  private final BooleanSupplier quorum;
  private volatile boolean wakeUpConsumer;
  private volatile boolean serving;
  private volatile boolean clusterSafeSeen;
  private volatile boolean draining;

  /** @param quorum whether the node sees enough members to serve: not latched, a minority is out at once */
  public Readiness(BooleanSupplier memberRunning, BooleanSupplier quorum) {
    this.memberRunning = memberRunning;
    this.quorum = quorum;
  }

  public void wakeUpConsumerRegistered() {
    wakeUpConsumer = true;
  }

  public void serving() {
    serving = true;
  }

  public void clusterSafeSeen() {
    clusterSafeSeen = true;
  }

  public boolean hasSeenClusterSafe() {
    return clusterSafeSeen;
  }

  public void draining() {
    draining = true;
  }

  public boolean isReady() {
    return memberRunning.getAsBoolean() && wakeUpConsumer && serving && clusterSafeSeen && !draining
        && quorum.getAsBoolean();
  }

  /**
   * Alive unless its cluster member stopped on its own (Hazelcast gave up on it, say): such a node never
   * recovers, and a restart is what it needs. A draining node stops its member on purpose and stays alive.
   */
  public boolean isAlive() {
    return draining || !serving || memberRunning.getAsBoolean();
  }

  /** Why the node is or is not ready, check by check, for the probe's body. */
  public JsonObject report() {
    return new JsonObject()
        .put("status", isReady() ? "ready" : draining ? "draining" : "not ready")
        .put("checks", new JsonObject()
            .put("clusterMember", memberRunning.getAsBoolean())
            .put("wakeUpConsumer", wakeUpConsumer)
            .put("serving", serving)
            .put("clusterSafeSeen", clusterSafeSeen)
            .put("quorum", quorum.getAsBoolean())
            .put("draining", draining));
  }
}
