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
import java.util.ArrayList;
import java.util.List;

/** Real Hazelcast members on loopback, in a cluster of their own, each with a directory on top. */
final class DirectoryCluster implements AutoCloseable {

  static final MailboxLimits LIMITS = new MailboxLimits(5, 100);

  final Vertx vertx = Vertx.vertx();
  final List<HazelcastInstance> members = new ArrayList<>();
  final List<PeerDirectory> directories = new ArrayList<>();
  private int turn;

  DirectoryCluster(int size) {
    this(new String[size]);
  }

  /** A member in each failure domain named (null: the member names none). */
  DirectoryCluster(String... failureDomains) {
    int size = failureDomains.length;
    String name = TestNodes.randomClusterName();
    for (String domain : failureDomains) {
      ServerConfig.Cluster cluster = ServerConfig.Cluster.alone(name, "127.0.0.1", 5701);
      Config config = HazelcastSetup.memberConfig(domain == null ? cluster : cluster.inFailureDomain(domain));
      for (int port = 5701; port < 5711; port++) {
        HazelcastSetup.joinOf(config).getTcpIpConfig().addMember("127.0.0.1:" + port);
      }
      HazelcastPeerDirectory.configure(config);
      HazelcastInstance member = Hazelcast.newHazelcastInstance(config);
      members.add(member);
      directories.add(new HazelcastPeerDirectory(vertx, member, LIMITS));
    }
    for (PeerDirectory directory : directories) {
      await(directory.ready());
      assertThat(directory.roomsOpen()).as("rooms open on a cluster of this release").isTrue();
    }
    assertThat(members.get(0).getCluster().getMembers()).hasSize(size);
  }

  /** The next member's directory, round robin, so calls reach remote partitions as often as local ones. */
  PeerDirectory next() {
    return directories.get(turn++ % directories.size());
  }

  void clear() {
    members.get(0).getMap(HazelcastPeerDirectory.PEERS_MAP).clear();
    members.get(0).getMap(Roster.MAP).clear();
  }

  /** One more member with its directory, once it is ready; the test shuts it down. */
  HazelcastInstance join(List<PeerDirectory> joined) {
    Config config = HazelcastSetup.memberConfig(ServerConfig.Cluster.alone(members.get(0).getConfig().getClusterName(),
        "127.0.0.1", 5701));
    for (int port = 5701; port < 5711; port++) {
      HazelcastSetup.joinOf(config).getTcpIpConfig().addMember("127.0.0.1:" + port);
    }
    HazelcastPeerDirectory.configure(config);
    HazelcastInstance member = Hazelcast.newHazelcastInstance(config);
    PeerDirectory directory = new HazelcastPeerDirectory(vertx, member, LIMITS);
    await(directory.ready());
    joined.add(directory);
    return member;
  }

  /** Kills a member without migration, as SIGKILL would. */
  void crash(HazelcastInstance member) {
    int index = members.indexOf(member);
    member.getLifecycleService().terminate();
    members.remove(index);
    directories.remove(index);
  }

  @Override
  public void close() {
    members.forEach(HazelcastInstance::shutdown);
    await(vertx.close());
  }
}
