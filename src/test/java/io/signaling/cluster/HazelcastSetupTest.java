package io.signaling.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.ServerSocketEndpointConfig;
import com.hazelcast.instance.EndpointQualifier;
import io.signaling.config.ConfigLoader;
import io.signaling.config.ServerConfig;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HazelcastSetupTest {

  private static Config member(String... flags) {
    // The event bus's key is beside the point here (ClusterTlsTest).
    ServerConfig config = ConfigLoader.load(flags, Map.of("SIGNALING_CLUSTER_INSECURE", "true"));
    return HazelcastSetup.memberConfig(config.cluster());
  }

  @Test
  void aNodeAloneJoinsNobodyAndNeverMulticasts() {
    JoinConfig join = HazelcastSetup.joinOf(member());
    assertThat(join.getMulticastConfig().isEnabled()).isFalse();
    assertThat(join.getTcpIpConfig().isEnabled()).isTrue();
    assertThat(join.getTcpIpConfig().getMembers()).isEmpty();
  }

  @Test
  void anExplicitMemberListIsATcpIpJoin() {
    Config config = member("--cluster-members", "10.0.0.1:5701, 10.0.0.2:5702,node-c", "--cluster-name", "prod",
        "--cluster-host", "10.0.0.3");
    assertThat(config.getClusterName()).isEqualTo("prod");
    assertThat(HazelcastSetup.joinOf(config).getTcpIpConfig().getMembers())
        .containsExactly("10.0.0.1:5701", "10.0.0.2:5702", "node-c");
  }

  @Test
  void aDnsNameIsKubernetesDnsDiscovery() {
    JoinConfig join = HazelcastSetup.joinOf(member("--cluster-dns", "signaling-headless.default.svc.cluster.local",
        "--cluster-port", "5801", "--cluster-host", "10.1.2.3"));
    assertThat(join.getTcpIpConfig().isEnabled()).isFalse();
    assertThat(join.getKubernetesConfig().isEnabled()).isTrue();
    assertThat(join.getKubernetesConfig().getProperty("service-dns"))
        .isEqualTo("signaling-headless.default.svc.cluster.local");
    assertThat(join.getKubernetesConfig().getProperty("service-port")).isEqualTo("5801");
  }

  @Test
  void bindsAndAdvertisesExactlyTheClusterHostAndNoticesLossInSeconds() {
    Config config = member("--cluster-host", "127.0.0.2", "--cluster-port", "5801");
    assertThat(config.getProperty("hazelcast.local.localAddress")).isEqualTo("127.0.0.2");
    // One endpoint, for members only: no client or REST protocol on the cluster port.
    assertThat(config.getAdvancedNetworkConfig().isEnabled()).isTrue();
    assertThat(config.getAdvancedNetworkConfig().getEndpointConfigs()).containsOnlyKeys(EndpointQualifier.MEMBER);
    ServerSocketEndpointConfig members = (ServerSocketEndpointConfig) config.getAdvancedNetworkConfig()
        .getEndpointConfigs().get(EndpointQualifier.MEMBER);
    assertThat(members.getPort()).isEqualTo(5801);
    assertThat(members.getSocketConnectTimeoutSeconds()).isEqualTo(3);
    assertThat(config.getProperty("hazelcast.socket.bind.any")).isEqualTo("false");
    assertThat(config.getProperty("hazelcast.max.no.heartbeat.seconds")).isEqualTo("5");
    assertThat(config.getProperty("hazelcast.wait.seconds.before.join")).isEqualTo("1");
  }

  @Test
  void aLoopbackClusterHostIsRefusedWhenTheOtherNodesAreElsewhere() {
    assertThatThrownBy(() -> member("--cluster-dns", "signaling-headless")).hasMessageContaining("pod IP");
    assertThatThrownBy(() -> member("--cluster-host", "127.0.0.3", "--cluster-dns", "203.0.113.7"))
        .hasMessageContaining("pod IP");
    assertThatThrownBy(() -> member("--cluster-members", "10.0.0.2:5701")).hasMessageContaining("loopback");
    assertThat(HazelcastSetup.joinOf(member("--cluster-members", "127.0.0.2:5701")).getTcpIpConfig()
        .getMembers()).containsExactly("127.0.0.2:5701");
  }

  @Test
  void aLoopbackClusterHostGivenOnPurposeMayUseANameOfLoopbackNodes() {
    // Several nodes on one machine (the Kubernetes test names them in a hosts file); an IP literal resolves as is.
    assertThat(HazelcastSetup.joinOf(member("--cluster-host", "127.0.0.3", "--cluster-dns", "127.0.0.4"))
        .getKubernetesConfig().getProperty("service-dns")).isEqualTo("127.0.0.4");
  }

  @Test
  void membersAndDnsAreExclusiveAndMembersAreValidated() {
    assertThatThrownBy(() -> member("--cluster-members", "127.0.0.2:1", "--cluster-dns", "x"))
        .hasMessageContaining("give one");
    assertThatThrownBy(() -> member("--cluster-members", "a:99999")).hasMessageContaining("--cluster-members");
  }
}
