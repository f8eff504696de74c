package io.signaling.directory;

import static io.signaling.testing.TestNodes.await;
import static org.assertj.core.api.Assertions.assertThat;

import com.hazelcast.config.Config;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import io.signaling.cluster.HazelcastSetup;
import io.signaling.config.ServerConfig;
import io.signaling.testing.TestNodes;
import io.vertx.core.Vertx;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * During a rolling upgrade a member of the earlier release cannot run the census (it lacks the class); the count
 * then falls back to Hazelcast's own sums over fields every release has, without a count by sender.
 */
class EarlierReleaseCensusTest {

  @Test
  void aMemberWithoutTheCensusIsCountedWithHazelcastsOwnSums() {
    String name = TestNodes.randomClusterName();
    Vertx vertx = Vertx.vertx();
    HazelcastInstance current = member(name, true);
    HazelcastInstance earlier = member(name, false);
    assertThat(current.getCluster().getMembers()).hasSize(2);
    try {
      PeerDirectory directory = new HazelcastPeerDirectory(vertx, current, new MailboxLimits(10, 10_000));
      for (int i = 0; i < 20; i++) { // enough peers that both members own some
        int id = await(directory.allocateId());
        await(directory.register(id, ("p" + i).getBytes(StandardCharsets.US_ASCII), 1));
        await(directory.deliver(id, MailItem.message(99, "text/plain", new byte[100])));
      }
      UndeliveredCount count = await(directory.countUndelivered(1));
      assertThat(count.bySender()).isFalse();
      assertThat(count.heavySenders()).isEmpty();
      assertThat(count.items()).isEqualTo(20);
      assertThat(count.bytes()).isEqualTo(20 * (100 + MailItem.OVERHEAD_BYTES));
    } finally {
      earlier.shutdown();
      current.shutdown();
      await(vertx.close());
    }
  }

  private static HazelcastInstance member(String clusterName, boolean withCensus) {
    Config config = HazelcastSetup.memberConfig(ServerConfig.Cluster.alone(clusterName, "127.0.0.1", 5701));
    config.getNetworkConfig().getJoin().getTcpIpConfig().addMember("127.0.0.1:5701").addMember("127.0.0.1:5702");
    HazelcastPeerDirectory.configure(config);
    if (!withCensus) {
      config.getMemberAttributeConfig().removeAttribute(HazelcastPeerDirectory.CENSUS_ATTRIBUTE);
    }
    return Hazelcast.newHazelcastInstance(config);
  }
}
