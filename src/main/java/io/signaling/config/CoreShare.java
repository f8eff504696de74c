package io.signaling.config;

/**
 * How many threads a node gives each of the two stages every request passes through: the event loops that read
 * and answer clients, and Hazelcast's partition threads that run each cluster step. Every relayed message hops
 * between the two, and at low load each hop wakes a sleeping thread, which costs more than the work it carries.
 * With half the cores to each stage, both stages together match the cores there are; the library defaults (one
 * event loop per core and at least two partition threads) give a 2-core node four threads taking turns.
 * Measured with loadtest/run-relay on 2 cores (README, "Relay"): messages per CPU-second rose by a third at one
 * and ten pairs and stayed level at 100 and 400.
 */
public final class CoreShare {

  private CoreShare() {
  }

  /** Half the processors the JVM sees (its container's CPU limit, rounded up), at least one. */
  public static int half() {
    return Math.max(1, Runtime.getRuntime().availableProcessors() / 2);
  }
}
