package io.signaling.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.hazelcast.config.Config;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import io.signaling.config.ServerConfig;
import io.signaling.directory.HazelcastPeerDirectory;
import io.signaling.testing.Conditions;
import io.signaling.testing.TestNodes;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Two of three members killed at once: with one backup, the partitions both held are lost and the survivor says so;
 * with two backups, nothing is.
 */
class PartitionLossTest {

  private static final int PEERS = 200;

  @Test
  void twoOfThreeGoneAtOnceLoseThePartitionsBothHeldAndTheSurvivorCountsThem() {
    Outcome outcome = twoOfThreeDie(1, true);
    assertThat(outcome.recordsLeft()).as("records left of %d", PEERS).isLessThan(PEERS);
    assertThat(outcome.partitionsLost()).isPositive();
  }

  @Test
  void withTwoBackupsTwoOfThreeGoneAtOnceLoseNothing() {
    Outcome outcome = twoOfThreeDie(2, false);
    assertThat(outcome.recordsLeft()).isEqualTo(PEERS);
    assertThat(outcome.partitionsLost()).isZero();
  }

  record Outcome(int recordsLeft, int partitionsLost) {
  }

  /** Records left and partitions the survivor reported lost (awaited when a loss is expected). */
  private static Outcome twoOfThreeDie(int backups, boolean lossExpected) {
    String name = TestNodes.randomClusterName();
    List<HazelcastInstance> members = new ArrayList<>();
    AtomicInteger lost = new AtomicInteger();
    try {
      for (int i = 0; i < 3; i++) {
        Config config = HazelcastSetup.memberConfig(ServerConfig.Cluster.alone(name, "127.0.0.1", 5701));
        for (int port = 5701; port < 5711; port++) {
          config.getNetworkConfig().getJoin().getTcpIpConfig().addMember("127.0.0.1:" + port);
        }
        HazelcastPeerDirectory.configure(config, backups);
        members.add(Hazelcast.newHazelcastInstance(config));
      }
      HazelcastInstance survivor = members.get(0);
      assertThat(survivor.getCluster().getMembers()).hasSize(3);
      Conditions.await("partitions placed", () -> survivor.getPartitionService().isClusterSafe());
      new PartitionLoss(survivor, lost::incrementAndGet, System::currentTimeMillis).start();
      for (int peer = 1; peer <= PEERS; peer++) {
        survivor.getMap(HazelcastPeerDirectory.ADDRESSES_MAP).put(peer, "192.0.2." + (peer % 250));
      }

      Thread second = new Thread(() -> members.get(1).getLifecycleService().terminate());
      second.start();
      members.get(2).getLifecycleService().terminate();
      join(second);
      Conditions.await("the survivor alone and safe", () -> survivor.getCluster().getMembers().size() == 1
          && survivor.getPartitionService().isClusterSafe());
      if (lossExpected) {
        Conditions.await("the loss reported", () -> lost.get() > 0);
      }
      return new Outcome(survivor.getMap(HazelcastPeerDirectory.ADDRESSES_MAP).size(), lost.get());
    } finally {
      members.forEach(member -> member.getLifecycleService().terminate());
    }
  }

  private static void join(Thread thread) {
    try {
      thread.join(60_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }
}
