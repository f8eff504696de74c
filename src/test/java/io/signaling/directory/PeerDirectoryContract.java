package io.signaling.directory;

import static io.signaling.testing.TestNodes.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.signaling.testing.TestNodes;
import io.vertx.core.Future;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * What every {@link PeerDirectory} must do, run against real Hazelcast clusters of different sizes. Each call
 * goes through a different member in turn, so with several members most of them reach a remote partition.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class PeerDirectoryContract {

  static final MailboxLimits LIMITS = DirectoryCluster.LIMITS;

  private final int size;
  DirectoryCluster cluster;

  PeerDirectoryContract(int size) {
    this.size = size;
  }

  @BeforeAll
  void startCluster() {
    cluster = new DirectoryCluster(size);
  }

  @AfterAll
  void stopCluster() {
    cluster.close();
  }

  @BeforeEach
  void forgetEveryPeer() {
    cluster.clear();
  }

  PeerDirectory directory() {
    return cluster.next();
  }

  int newPeer(String name, long now) {
    int id = await(directory().allocateId());
    assertThat(await(directory().register(id, bytes(name), now))).isTrue();
    return id;
  }

  static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.ISO_8859_1);
  }

  static MailItem message(int from, String body) {
    return MailItem.message(from, "text/plain", bytes(body));
  }

  static String text(MailItem item) {
    return new String(item.body(), StandardCharsets.ISO_8859_1);
  }

  static Waiter waiter(long token) {
    return new Waiter("node-a", token);
  }

  @Test
  void idsArePositiveAndNeverHandedOutTwice() {
    List<Future<Integer>> allocations = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      allocations.add(directory().allocateId());
    }
    Set<Integer> ids = allocations.stream().map(TestNodes::await).collect(Collectors.toSet());
    assertThat(ids).hasSize(300).allMatch(id -> id > 0);
  }

  @Test
  void registeredPeersAreListedAndKnownOnEveryMember() {
    int alice = newPeer("alice", 1);
    int bob = newPeer("bob", 2);
    for (PeerDirectory each : cluster.directories) {
      assertThat(await(each.exists(alice))).isTrue();
      assertThat(await(each.list())).extracting(PeerSummary::id).containsExactlyInAnyOrder(alice, bob);
    }
    assertThat(await(directory().exists(alice + bob + 1000))).isFalse();
    assertThat(await(directory().register(alice, bytes("again"), 3))).isFalse();
  }

  @Test
  void aWaitTakesTheOldestItemFirstAndParksWhenNothingIsQueued() {
    int peer = newPeer("p", 1);
    for (String body : List.of("one", "two", "three")) {
      assertThat(await(directory().deliver(peer, message(9, body))).kind()).isEqualTo(DeliveryOutcome.Kind.STORED);
    }
    for (String expected : List.of("one", "two", "three")) {
      ParkOutcome outcome = await(directory().park(peer, waiter(1), 2));
      assertThat(outcome.kind()).isEqualTo(ParkOutcome.Kind.ANSWER_NOW);
      assertThat(text(outcome.item())).isEqualTo(expected);
      assertThat(outcome.item().senderId()).isEqualTo(9);
      assertThat(outcome.item().contentType()).isEqualTo("text/plain");
    }
    assertThat(await(directory().park(peer, waiter(2), 3)).kind()).isEqualTo(ParkOutcome.Kind.PARKED);
    assertThat(await(directory().park(peer + 1000, waiter(3), 3)).kind()).isEqualTo(ParkOutcome.Kind.UNKNOWN_PEER);
  }

  @Test
  void anItemForAParkedPeerNamesItsWaiterWhoTakesItOnce() {
    int peer = newPeer("p", 1);
    await(directory().park(peer, waiter(7), 2));
    DeliveryOutcome stored = await(directory().deliver(peer, message(3, "hello")));
    assertThat(stored.waiterToWake()).isEqualTo(waiter(7));
    assertThat(await(directory().take(peer, waiter(8), 3))).isNull();
    assertThat(text(await(directory().take(peer, waiter(7), 3)))).isEqualTo("hello");
    assertThat(await(directory().take(peer, waiter(7), 4))).isNull();
    // the waiter was used up: the next item wakes nobody and waits for the next /wait
    assertThat(await(directory().deliver(peer, message(3, "later"))).waiterToWake()).isNull();
  }

  @Test
  void theNewestWaitSupersedesTheOlder() {
    int peer = newPeer("p", 1);
    assertThat(await(directory().park(peer, waiter(1), 2)).superseded()).isNull();
    ParkOutcome second = await(directory().park(peer, new Waiter("node-b", 1), 3));
    assertThat(second.kind()).isEqualTo(ParkOutcome.Kind.PARKED);
    assertThat(second.superseded()).isEqualTo(waiter(1));
    assertThat(await(directory().deliver(peer, message(2, "x"))).waiterToWake()).isEqualTo(new Waiter("node-b", 1));
  }

  @Test
  void mailboxesAreBoundedInItemsAndBytes() {
    int peer = newPeer("p", 1);
    for (int i = 0; i < LIMITS.maxItems(); i++) {
      assertThat(await(directory().deliver(peer, message(2, "m" + i))).kind()).isEqualTo(DeliveryOutcome.Kind.STORED);
    }
    assertThat(await(directory().deliver(peer, message(2, "over"))).kind())
        .isEqualTo(DeliveryOutcome.Kind.MAILBOX_FULL);

    int other = newPeer("q", 1);
    assertThat(await(directory().deliver(other, message(2, "x".repeat(60)))).kind())
        .isEqualTo(DeliveryOutcome.Kind.STORED);
    assertThat(await(directory().deliver(other, message(2, "y".repeat(41)))).kind())
        .isEqualTo(DeliveryOutcome.Kind.MAILBOX_FULL);
    assertThat(await(directory().deliver(other, message(2, "z".repeat(40)))).kind())
        .isEqualTo(DeliveryOutcome.Kind.STORED);
  }

  @Test
  void aFailedHandOverPutsTheItemBackInFront() {
    int peer = newPeer("p", 1);
    await(directory().deliver(peer, message(2, "first")));
    await(directory().deliver(peer, message(2, "second")));
    MailItem taken = await(directory().park(peer, waiter(1), 2)).item();
    await(directory().deliver(peer, message(2, "third")));
    assertThat(await(directory().requeueHead(peer, taken))).isTrue();
    List<String> order = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      order.add(text(await(directory().park(peer, waiter(10 + i), 3)).item()));
    }
    assertThat(order).containsExactly("first", "second", "third");
    assertThat(await(directory().requeueHead(peer + 1000, taken))).isFalse();
  }

  @Test
  void unparkForgetsOnlyTheCurrentWaiter() {
    int peer = newPeer("p", 1);
    await(directory().park(peer, waiter(1), 2));
    await(directory().park(peer, waiter(2), 3));
    assertThat(await(directory().unpark(peer, waiter(1), 4))).isFalse();
    assertThat(await(directory().deliver(peer, message(2, "x"))).waiterToWake()).isEqualTo(waiter(2));
    assertThat(await(directory().unpark(peer, waiter(2), 5))).isTrue();
    assertThat(await(directory().deliver(peer, message(2, "y"))).waiterToWake()).isNull();
  }

  @Test
  void removalReturnsThePeerAndItsWaiterAndDiscardsItsMailbox() {
    int peer = newPeer("gone", 1);
    await(directory().park(peer, waiter(4), 2));
    PeerSummary removed = await(directory().remove(peer));
    assertThat(new String(removed.name(), StandardCharsets.ISO_8859_1)).isEqualTo("gone");
    assertThat(removed.waiter()).isEqualTo(waiter(4));
    assertThat(await(directory().remove(peer))).isNull();
    assertThat(await(directory().deliver(peer, message(2, "x"))).kind()).isEqualTo(DeliveryOutcome.Kind.UNKNOWN_PEER);
    assertThat(await(directory().list())).isEmpty();
  }

  @Test
  void theSweepFindsEachIdlePeerOnExactlyOneMemberAndRemovesItOnce() {
    List<Integer> idle = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      idle.add(newPeer("idle" + i, 1_000));
    }
    int waiting = newPeer("waiting", 1_000);
    await(directory().park(waiting, waiter(1), 1_000));
    int recent = newPeer("recent", 5_000);

    List<Integer> found = new ArrayList<>();
    for (PeerDirectory each : cluster.directories) {
      found.addAll(await(each.idleLocalPeers(2_000)));
    }
    assertThat(found).containsExactlyInAnyOrderElementsOf(idle);

    int removed = 0;
    for (int id : found) {
      if (await(directory().removeIfIdle(id, 2_000)) != null) {
        removed++;
      }
      assertThat(await(directory().removeIfIdle(id, 2_000))).isNull();
    }
    assertThat(removed).isEqualTo(idle.size());
    assertThat(await(directory().removeIfIdle(recent, 2_000))).isNull();
    assertThat(await(directory().removeIfIdle(waiting, 2_000))).isNull();
    assertThat(await(directory().list())).extracting(PeerSummary::id).containsExactlyInAnyOrder(waiting, recent);
  }

  @Test
  void aNotificationReachesManyPeersAndNamesThoseWaiting() {
    Set<Integer> peers = new HashSet<>();
    for (int i = 0; i < 40; i++) {
      peers.add(newPeer("n" + i, 1));
    }
    int parked = peers.iterator().next();
    await(directory().park(parked, waiter(9), 2));
    Map<Integer, DeliveryOutcome> outcomes = await(directory().deliverToEach(peers,
        MailItem.notification(bytes("x,1,1\n"))));
    assertThat(outcomes).hasSize(40);
    assertThat(outcomes.get(parked).waiterToWake()).isEqualTo(waiter(9));
    assertThat(outcomes.values()).allMatch(outcome -> outcome.kind() == DeliveryOutcome.Kind.STORED);
    MailItem taken = await(directory().take(parked, waiter(9), 3));
    assertThat(taken.isNotification()).isTrue();
    assertThat(text(taken)).isEqualTo("x,1,1\n");
  }
}
