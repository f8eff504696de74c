package io.signaling.cluster;

import static io.signaling.testing.WireAssertions.assertAnswered;
import static io.signaling.testing.WireAssertions.assertClosedSilently;
import static org.assertj.core.api.Assertions.assertThat;

import io.signaling.testing.Conditions;
import io.signaling.testing.CrossNodeRelay;
import io.signaling.testing.TestCluster;
import io.signaling.testing.WireClient;
import io.signaling.testing.WireClient.PendingRequest;
import io.signaling.testing.WireResponse;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** Three nodes in one JVM behave as one server: any request may go to any node. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ClusterRoutingIT {

  private TestCluster cluster;
  private WireClient a;
  private WireClient b;
  private WireClient c;

  @BeforeAll
  void start() {
    cluster = TestCluster.start(3);
    a = client(0);
    b = client(1);
    c = client(2);
  }

  /** The room every request is sent in, or null for the bare paths (the default room). */
  String room() {
    return null;
  }

  private WireClient client(int node) {
    return room() == null ? cluster.client(node) : cluster.client(node).inRoom(room());
  }

  @AfterAll
  void stop() {
    cluster.close();
  }

  @Test
  void signInOnAWaitOnBMessageOnCIsDelivered() {
    CrossNodeRelay.check(a, b, c, "across three nodes",
        () -> Conditions.await("the /wait is parked on B", () -> cluster.node(1).parkedWaits() == 1));
  }

  @Test
  void joinsAndLeavesReachWaitersOnEveryNode() {
    List<WireClient> nodes = List.of(a, b, c);
    int[] watchers = new int[3];
    for (int i = 0; i < 3; i++) {
      watchers[i] = nodes.get(i).signInId("watcher" + i);
    }
    for (int i = 0; i < 3; i++) {
      for (int later = i + 1; later < 3; later++) {
        nodes.get(i).startWait(watchers[i]).response(); // the later watchers' joins
      }
    }
    List<PendingRequest> waits = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      waits.add(nodes.get(i).startWait(watchers[i]));
    }
    int newcomer = a.signInId("newcomer");
    for (PendingRequest wait : waits) {
      WireResponse join = assertAnswered(wait.response(), 200);
      assertThat(join.body()).isEqualTo("newcomer," + newcomer + ",1\n");
    }
    assertAnswered(b.signOut(newcomer), 200);
    for (int i = 0; i < 3; i++) {
      WireResponse leave = assertAnswered(nodes.get((i + 1) % 3).startWait(watchers[i]).response(), 200);
      assertThat(leave.pragma()).isEqualTo(watchers[i]);
      assertThat(leave.body()).isEqualTo("newcomer," + newcomer + ",0\n");
      nodes.get(i).signOut(watchers[i]);
    }
  }

  @Test
  void aSignInIsKnownOnEveryNodeOnceItsReplyIsRead() {
    for (int i = 0; i < 20; i++) {
      int peer = a.signInId("fresh" + i);
      assertAnswered(b.message(peer, peer, "known on B"), 200);
      assertAnswered(c.signOut(peer), 200);
    }
  }

  @Test
  void idsAreUniqueAcrossTheCluster() throws Exception {
    ExecutorService threads = Executors.newFixedThreadPool(12);
    try {
      List<Future<Integer>> ids = new ArrayList<>();
      for (int i = 0; i < 90; i++) {
        WireClient client = client(i % 3);
        int n = i;
        ids.add(threads.submit(() -> client.signInId("many" + n)));
      }
      Set<Integer> unique = new HashSet<>();
      for (Future<Integer> id : ids) {
        unique.add(id.get(1, TimeUnit.MINUTES));
      }
      assertThat(unique).hasSize(90).allMatch(id -> id > 0);
      unique.forEach(a::signOut);
    } finally {
      threads.shutdownNow();
    }
  }

  @Test
  void aNewerWaitOnAnotherNodeSupersedesTheOlder() {
    int peer = a.signInId("moving");
    int sender = b.signInId("to-moving");
    a.startWait(peer).response(); // sender's join
    PendingRequest older = a.startWait(peer);
    Conditions.await("the first /wait is parked on A", () -> cluster.node(0).parkedWaits() == 1);
    try (PendingRequest newer = c.startWait(peer)) {
      assertClosedSilently(older.response());
      assertAnswered(b.message(sender, peer, "found you on C"), 200);
      assertThat(assertAnswered(newer.response(), 200).body()).isEqualTo("found you on C");
    }
    a.signOut(peer);
    a.signOut(sender);
  }
}
