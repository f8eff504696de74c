package io.signaling.cluster;

import io.signaling.directory.PeerOwner;
import static io.signaling.testing.TestNodes.await;
import static org.assertj.core.api.Assertions.assertThat;

import com.hazelcast.config.Config;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import io.signaling.config.ServerConfig;
import io.signaling.directory.HazelcastPeerDirectory;
import io.signaling.directory.MailboxLimits;
import io.signaling.directory.PeerDirectory;
import io.vertx.core.Vertx;
import io.signaling.testing.Conditions;
import io.signaling.testing.TestNodes;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * Two of three members killed at once: with one backup, the partitions both held are lost and the survivor says so;
 * with two backups, nothing is. The survivor tells how many peers went.
 */
class PartitionLossTest {

  private static final int PEERS = 200;

  @Test
  void twoOfThreeGoneAtOnceLoseThePartitionsBothHeldAndTheSurvivorCountsThem() {
    Outcome outcome = twoOfThreeDie(1, true);
    assertThat(outcome.recordsLeft()).as("records left of %d", PEERS).isLessThan(PEERS);
    assertThat(outcome.partitionsLost()).isPositive();
    assertThat(outcome.peersReportedLost()).as("the peers it says went").isEqualTo(PEERS - outcome.recordsLeft());
  }

  @Test
  void withTwoBackupsTwoOfThreeGoneAtOnceLoseNothing() {
    Outcome outcome = twoOfThreeDie(2, false);
    assertThat(outcome.recordsLeft()).isEqualTo(PEERS);
    assertThat(outcome.partitionsLost()).isZero();
    assertThat(outcome.peersReportedLost()).isZero();
  }

  record Outcome(int recordsLeft, int partitionsLost, long peersReportedLost) {
  }

  /** Records left and partitions the survivor reported lost (awaited when a loss is expected). */
  private static Outcome twoOfThreeDie(int backups, boolean lossExpected) {
    String name = TestNodes.randomClusterName();
    List<HazelcastInstance> members = new ArrayList<>();
    AtomicInteger lost = new AtomicInteger();
    AtomicLong peersLost = new AtomicLong();
    Vertx vertx = Vertx.vertx();
    try {
      for (int i = 0; i < 3; i++) {
        Config config = HazelcastSetup.memberConfig(ServerConfig.Cluster.alone(name, "127.0.0.1", 5701));
        for (int port = 5701; port < 5711; port++) {
          HazelcastSetup.joinOf(config).getTcpIpConfig().addMember("127.0.0.1:" + port);
        }
        HazelcastPeerDirectory.configure(config, backups);
        members.add(Hazelcast.newHazelcastInstance(config));
      }
      HazelcastInstance survivor = members.get(0);
      assertThat(survivor.getCluster().getMembers()).hasSize(3);
      Conditions.await("partitions placed", () -> survivor.getPartitionService().isClusterSafe());
      PeerDirectory directory = new HazelcastPeerDirectory(vertx, survivor, new MailboxLimits(10, 10_000));
      for (int peer = 0; peer < PEERS; peer++) {
        assertThat(await(directory.register(directory.candidateId(), new byte[] {'p'}, peer, PeerOwner.NOBODY))).isTrue();
      }
      PartitionLoss partitionLoss = new PartitionLoss(vertx, survivor, lost::incrementAndGet, peersLost::addAndGet,
          System::currentTimeMillis);
      partitionLoss.start();
      vertx.runOnContext(started -> partitionLoss.startCounting());
      Conditions.await("the peers counted", () -> partitionLoss.countedPeers() == PEERS);

      Thread second = new Thread(() -> members.get(1).getLifecycleService().terminate());
      second.start();
      members.get(2).getLifecycleService().terminate();
      join(second);
      Conditions.await("the survivor alone and safe", () -> survivor.getCluster().getMembers().size() == 1
          && survivor.getPartitionService().isClusterSafe());
      int left = survivor.getMap(HazelcastPeerDirectory.PEERS_MAP).size();
      if (lossExpected) {
        Conditions.await("the loss reported", () -> lost.get() > 0 && peersLost.get() > 0);
      }
      return new Outcome(left, lost.get(), peersLost.get());
    } finally {
      members.forEach(member -> member.getLifecycleService().terminate());
      await(vertx.close());
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
