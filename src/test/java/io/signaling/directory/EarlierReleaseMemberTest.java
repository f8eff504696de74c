package io.signaling.directory;

import static io.signaling.testing.TestNodes.await;
import static org.assertj.core.api.Assertions.assertThat;

import com.hazelcast.config.Config;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import io.signaling.cluster.HazelcastSetup;
import io.signaling.config.ServerConfig;
import io.signaling.testing.Conditions;
import io.signaling.testing.TestNodes;
import io.vertx.core.Vertx;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * A member that lacks this release's attributes, as a node of the release before versioned formats does, beside
 * a member of this release: what this release does while it is in the cluster and once it has left.
 */
class EarlierReleaseMemberTest {

  /**
   * While a member that reads only the positional layout is in the cluster, this release writes that layout (and
   * the earlier member, of this code base, reads it); once it leaves, records.
   */
  @Test
  void theLayoutWrittenIsOneEveryMemberReads() {
    String name = TestNodes.randomClusterName();
    Vertx vertx = Vertx.vertx();
    HazelcastInstance current = member(name, Census.ON_PARTITIONS, true);
    HazelcastInstance earlier = member(name, Census.NONE, false);
    try {
      PeerDirectory directory = new HazelcastPeerDirectory(vertx, current, new MailboxLimits(10, 10_000));
      assertThat(ClusterFormat.writing()).isEqualTo(ClusterLayout.POSITIONAL);
      PeerDirectory earlierDirectory = new HazelcastPeerDirectory(vertx, earlier, new MailboxLimits(10, 10_000));
      for (int i = 0; i < 20; i++) { // enough peers that both members own some, each written by the other's call
        int id = directory.candidateId();
        await(directory.register(id, ("p" + i).getBytes(StandardCharsets.US_ASCII), 1, PeerOwner.NOBODY));
        MailItem item = MailItem.message(99, "text/plain", new byte[10], System.currentTimeMillis());
        assertThat(await(earlierDirectory.deliver(id, item)).kind())
            .isEqualTo(DeliveryOutcome.Kind.STORED);
      }
      earlier.shutdown();
      Conditions.await("records once the earlier member left", () -> ClusterFormat.writing() == ClusterLayout.RECORDS);
      int stored = 0;
      for (PeerSummary peer : await(directory.list(""))) {
        MailItem item = MailItem.message(98, "text/plain", new byte[10], System.currentTimeMillis());
        stored += await(directory.deliver(peer.id(), item)).depth();
      }
      assertThat(stored).as("each of the 20 peers holds the item from before and the new one").isEqualTo(40);
    } finally {
      current.shutdown();
      ClusterFormat.writeAs(ClusterLayout.POSITIONAL);
      await(vertx.close());
    }
  }

  /**
   * During a rolling upgrade a member of the earlier release cannot run the census (it lacks the class); the count
   * then falls back to Hazelcast's own sums over fields every release has, without a count by sender.
   */
  @Test
  void aMemberWithoutTheCensusIsCountedWithHazelcastsOwnSums() {
    UndeliveredCount count = twentyHoldersCountedBeside(Census.NONE);
    assertThat(count.bySender()).isFalse();
    assertThat(count.heavySenders()).isEmpty();
    assertThat(count.items()).isEqualTo(20);
    assertThat(count.bytes()).isEqualTo(20 * (100 + MailItem.OVERHEAD_BYTES));
  }

  /**
   * The previous release runs the census as an aggregation, beside the partition threads; while one of its nodes
   * is in the cluster this release counts the same way (it has the class), with the count by sender.
   */
  @Test
  void aMemberOfThePreviousReleaseIsCountedByTheAggregation() {
    UndeliveredCount count = twentyHoldersCountedBeside(Census.AGGREGATION);
    assertThat(count.bySender()).isTrue();
    assertThat(count.heavySenders()).containsOnlyKeys(99);
    assertThat(count.holders()).hasSize(20);
    assertThat(count.bytes()).isEqualTo(20 * message().cost());
  }

  /** Twenty peers each holding one message of 100 bytes from peer 99, counted by a member of this release. */
  private static UndeliveredCount twentyHoldersCountedBeside(Census otherMember) {
    String name = TestNodes.randomClusterName();
    Vertx vertx = Vertx.vertx();
    HazelcastInstance current = member(name, Census.ON_PARTITIONS, true);
    HazelcastInstance other = member(name, otherMember, true);
    assertThat(current.getCluster().getMembers()).hasSize(2);
    try {
      PeerDirectory directory = new HazelcastPeerDirectory(vertx, current, new MailboxLimits(10, 10_000));
      for (int i = 0; i < 20; i++) { // enough peers that both members own some
        int id = directory.candidateId();
        await(directory.register(id, ("p" + i).getBytes(StandardCharsets.US_ASCII), 1, PeerOwner.NOBODY));
        await(directory.deliver(id, message()));
      }
      return await(directory.countUndelivered(1));
    } finally {
      other.shutdown();
      current.shutdown();
      await(vertx.close());
    }
  }

  private static MailItem message() {
    return MailItem.message(99, "text/plain", new byte[100], System.currentTimeMillis());
  }

  /** How a member counts what is undelivered, by release. */
  private enum Census { NONE, AGGREGATION, ON_PARTITIONS }

  private static HazelcastInstance member(String clusterName, Census census, boolean readsRecords) {
    Config config = HazelcastSetup.memberConfig(ServerConfig.Cluster.alone(clusterName, "127.0.0.1", 5701));
    HazelcastSetup.joinOf(config).getTcpIpConfig().addMember("127.0.0.1:5701").addMember("127.0.0.1:5702");
    HazelcastPeerDirectory.configure(config);
    if (census != Census.ON_PARTITIONS) {
      config.getMemberAttributeConfig().removeAttribute(HazelcastPeerDirectory.COUNT_ON_PARTITIONS_ATTRIBUTE);
    }
    if (census == Census.NONE) {
      config.getMemberAttributeConfig().removeAttribute(HazelcastPeerDirectory.CENSUS_ATTRIBUTE);
    }
    if (!readsRecords) {
      config.getMemberAttributeConfig().removeAttribute(ClusterFormat.ATTRIBUTE);
    }
    return Hazelcast.newHazelcastInstance(config);
  }
}
