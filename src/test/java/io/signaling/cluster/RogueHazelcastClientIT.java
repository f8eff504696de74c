package io.signaling.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.hazelcast.client.HazelcastClient;
import com.hazelcast.client.config.ClientConfig;
import com.hazelcast.config.Config;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import io.signaling.directory.HazelcastPeerDirectory;
import io.signaling.main.SignalingNode;
import io.signaling.testing.Ports;
import io.signaling.testing.TestNodes;
import io.signaling.testing.WireClient;
import org.junit.jupiter.api.Test;

/**
 * A Hazelcast client that knows the cluster name (it is no secret: a release name, a log line) could read every
 * mailbox and write forged items through Hazelcast's client protocol. A node listens on a member-only endpoint,
 * which does not speak it: the client never connects. The same client against a member on Hazelcast's default
 * port does, which is what the attack needed.
 */
class RogueHazelcastClientIT {

  @Test
  void aHazelcastClientCannotConnectToANodesClusterPort() {
    String clusterName = TestNodes.randomClusterName();
    int clusterPort = Ports.free();
    SignalingNode node = TestNodes.startInCluster(clusterName, "--cluster-port", String.valueOf(clusterPort));
    try {
      int victim = new WireClient(node.port()).signInId("victim");
      assertThat(victim).isPositive();
      assertThatThrownBy(() -> HazelcastClient.newHazelcastClient(rogue(clusterName, clusterPort)))
          .as("a client of the member-only endpoint").isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("Unable to connect");
    } finally {
      TestNodes.stop(node);
    }
  }

  @Test
  void theSameClientGetsInWhereAMemberSpeaksTheDefaultPort() {
    // The control: what the attack did before, so the test above can tell a refusal from a broken client.
    String clusterName = TestNodes.randomClusterName();
    int port = Ports.free();
    Config config = new Config().setClusterName(clusterName);
    config.setProperty("hazelcast.phone.home.enabled", "false");
    config.getNetworkConfig().setPort(port).setPortAutoIncrement(false);
    config.getNetworkConfig().getJoin().getMulticastConfig().setEnabled(false);
    config.getNetworkConfig().getJoin().getAutoDetectionConfig().setEnabled(false);
    config.getNetworkConfig().getInterfaces().setEnabled(true).addInterface("127.0.0.1");
    HazelcastInstance member = Hazelcast.newHazelcastInstance(config);
    try {
      member.getMap(HazelcastPeerDirectory.PEERS_MAP).put(7, "a record");
      HazelcastInstance client = HazelcastClient.newHazelcastClient(rogue(clusterName, port));
      try {
        assertThat(client.getMap(HazelcastPeerDirectory.PEERS_MAP).get(7)).isEqualTo("a record");
      } finally {
        client.shutdown();
      }
    } finally {
      member.shutdown();
    }
  }

  private static ClientConfig rogue(String clusterName, int port) {
    ClientConfig config = new ClientConfig().setClusterName(clusterName);
    config.getNetworkConfig().addAddress("127.0.0.1:" + port).setSmartRouting(false);
    config.getConnectionStrategyConfig().getConnectionRetryConfig().setClusterConnectTimeoutMillis(5_000);
    config.setProperty("hazelcast.logging.type", "slf4j");
    return config;
  }
}
