package io.signaling.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.signaling.testing.FaultDrill;
import io.signaling.testing.FaultDrill.Fault;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

/**
 * The faults that split a cluster, each under 50 pairs through HAProxy with newcomers signing in all along, on
 * three nodes in network namespaces of their own ({@link FaultDrill}): the minority stops, the majority serves,
 * nothing acknowledged is lost, nothing reaches a peer it was not sent to, and no id goes to two peers.
 */
class SplitBrainIT {

  @Test
  void theMasterFrozenFor20SecondsRejoinsWithoutLossOrASecondCluster() {
    JsonObject figures = FaultDrill.runIsolated(Fault.FREEZE, "split-brain-freeze");
    System.out.println("SplitBrainIT freeze: " + figures.encode());
    assertNothingWentWrong(figures);
  }

  @Test
  void aNodeCutOffFor30SecondsStopsWhileTheOthersServeAndTheHalvesMerge() {
    JsonObject figures = FaultDrill.runIsolated(Fault.PARTITION, "split-brain-partition");
    System.out.println("SplitBrainIT partition: " + figures.encode());
    assertNothingWentWrong(figures);
  }

  @Test
  void twoOfThreeKilledAtOnceNeverRouteAMessageToAStranger() {
    JsonObject figures = FaultDrill.runIsolated(Fault.KILL_TWO, "split-brain-kill-two");
    System.out.println("SplitBrainIT kill-two: " + figures.encode());
    assertThat(figures.getInteger("peersLost")).as("peers lost with their partitions (one backup)").isPositive();
    assertThat(figures.getInteger("signInWhileAlone")).as("a sign-in while only the survivor ran").isEqualTo(503);
    assertThat(figures.getJsonArray("freshIdsOfOldPeers")).as("new peers given a lost peer's id").isEmpty();
    assertThat(figures.getJsonArray("messagesToLostPeersStored")).as("messages to lost peers' ids stored").isEmpty();
    assertThat(figures.getJsonArray("idsHandedTwice")).isEmpty();
    assertThat(figures.getDouble("partitionsLostCounted")).isPositive();
    assertThat(figures.getDouble("peersLostCounted")).as("peers the oldest node says went")
        .isEqualTo(figures.getInteger("peersLost").doubleValue());
  }

  private static void assertNothingWentWrong(JsonObject figures) {
    assertThat(figures.getBoolean("servedDuringFault")).as("the majority served while the fault lasted").isTrue();
    assertThat(figures.getJsonArray("lost")).as("acknowledged but never delivered").isEmpty();
    assertThat(figures.getJsonArray("misdelivered")).as("delivered to a peer it was not sent to").isEmpty();
    assertThat(figures.getJsonArray("idsHandedTwice")).as("ids given to two peers").isEmpty();
    assertThat(figures.getJsonArray("stalls")).as("messages that took longer than the fault and a minute").isEmpty();
    assertThat(figures.getInteger("peersRemoved")).as("traffic peers removed").isZero();
    assertThat(figures.getInteger("reordered")).as("per-sender order").isZero();
  }
}
