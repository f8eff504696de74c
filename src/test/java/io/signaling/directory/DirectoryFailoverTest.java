package io.signaling.directory;

import static io.signaling.testing.TestNodes.await;
import static org.assertj.core.api.Assertions.assertThat;

import com.hazelcast.cluster.Member;
import com.hazelcast.core.HazelcastInstance;
import io.signaling.testing.Conditions;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class DirectoryFailoverTest {

  @Test
  void storedItemsAndIdsSurviveTheCrashOfTheMemberThatOwnsThem() {
    try (DirectoryCluster cluster = new DirectoryCluster(3)) {
      List<Integer> peers = new ArrayList<>();
      for (int i = 0; i < 12; i++) {
        int peer = cluster.next().candidateId();
        await(cluster.next().register(peer, ("p" + i).getBytes(StandardCharsets.US_ASCII), 1, PeerOwner.NOBODY));
        await(cluster.next().deliver(peer, MailItem.message(99, null, ("kept-" + i).getBytes(StandardCharsets.US_ASCII),
            System.currentTimeMillis())));
        peers.add(peer);
      }
      Member owner = cluster.members.get(0).getPartitionService().getPartition(peers.get(0)).getOwner();
      HazelcastInstance victim = cluster.members.stream()
          .filter(member -> member.getCluster().getLocalMember().equals(owner)).findFirst().orElseThrow();
      cluster.crash(victim);

      for (int i = 0; i < peers.size(); i++) {
        ParkOutcome outcome = await(cluster.next().park(peers.get(i), new Waiter("n", i), 2, PeerOwner.NOBODY));
        assertThat(outcome.kind()).isEqualTo(ParkOutcome.Kind.ANSWER_NOW);
        assertThat(new String(outcome.item().body(), StandardCharsets.US_ASCII)).isEqualTo("kept-" + i);
      }
      for (int peer : peers) {
        assertThat(await(cluster.next().register(peer, "thief".getBytes(StandardCharsets.US_ASCII), 3, PeerOwner.NOBODY)))
            .as("peer %d's id is still its own after the crash", peer).isFalse();
      }
    }
  }

  /**
   * Two members on one machine and one on another, each saying which: every record keeps one copy on each
   * machine, so losing the first machine, both its members at once, loses nothing. (Without failure domains
   * about a third of the partitions would have both copies on that machine.)
   */
  @Test
  void aMachineLostWithTwoMembersAtOnceLosesNothingWhenBackupsAreKeptApart() {
    try (DirectoryCluster cluster = new DirectoryCluster("machine-a", "machine-a", "machine-b")) {
      HazelcastInstance survivor = cluster.members.get(2);
      PeerDirectory directory = cluster.directories.get(2);
      List<Integer> peers = new ArrayList<>();
      for (int i = 0; i < 300; i++) { // more than the partitions (271), so every partition holds some
        int peer = directory.candidateId();
        await(directory.register(peer, ("p" + i).getBytes(StandardCharsets.US_ASCII), 1, PeerOwner.NOBODY));
        peers.add(peer);
      }
      Conditions.await("every backup in place", survivor.getPartitionService()::isClusterSafe);
      List<HazelcastInstance> machineA = List.copyOf(cluster.members.subList(0, 2));
      machineA.parallelStream().forEach(member -> member.getLifecycleService().terminate());

      Conditions.await("the survivor alone in its cluster", () -> survivor.getCluster().getMembers().size() == 1);
      assertThat(survivor.getMap(HazelcastPeerDirectory.PEERS_MAP).keySet()).containsExactlyInAnyOrderElementsOf(peers);
    }
  }
}
