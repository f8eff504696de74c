package io.signaling.ops;

/**
 * Whether this node should get traffic. Not before it serves and has once seen the cluster safe (its share of
 * the partitions migrated, so a rolling restart waits for it before stopping the next node); never again once
 * it drains. It does not flip while other nodes migrate: that would take every node out of rotation at once.
 */
public final class Readiness {

  private volatile boolean serving;
  private volatile boolean clusterSafeSeen;
  private volatile boolean draining;

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
    return serving && clusterSafeSeen && !draining;
  }

  /** Why the node is not ready, for the probe's body and the logs. */
  public String state() {
    if (draining) {
      return "draining";
    }
    if (!serving) {
      return "starting";
    }
    return clusterSafeSeen ? "ready" : "waiting for partition migration";
  }
}
