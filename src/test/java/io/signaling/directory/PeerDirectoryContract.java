package io.signaling.directory;

import static io.signaling.testing.TestNodes.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.signaling.testing.TestNodes;
import io.vertx.core.Future;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
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
    return newPeer(name, now, PeerOwner.NOBODY);
  }

  int newPeer(String name, long now, PeerOwner owner) {
    int id = directory().candidateId();
    assertThat(await(directory().register(id, bytes(name), now, owner))).isTrue();
    return id;
  }

  static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.ISO_8859_1);
  }

  static MailItem message(int from, String body) {
    return MailItem.message(from, "text/plain", bytes(body), System.currentTimeMillis());
  }

  static String text(MailItem item) {
    return new String(item.body(), StandardCharsets.ISO_8859_1);
  }

  static Waiter waiter(long token) {
    return new Waiter("node-a", token);
  }

  @Test
  void anIdHeldByAPeerIsNeverRegisteredAgainFromAnyMember() {
    List<Integer> ids = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      int id = directory().candidateId();
      if (await(directory().register(id, bytes("p" + i), i, PeerOwner.NOBODY))) {
        ids.add(id);
      }
    }
    assertThat(ids).hasSize(300).doesNotHaveDuplicates().allMatch(id -> id > 0);
    // Random over the whole range: all 300 below 2^30 would happen once in 2^300.
    assertThat(ids).anyMatch(id -> id > (1 << 30));
    for (int id : ids) {
      assertThat(await(directory().register(id, bytes("thief"), 1000, PeerOwner.NOBODY))).isFalse();
    }
  }

  @Test
  void registeredPeersAreListedAndKnownOnEveryMember() {
    int alice = newPeer("alice", 1);
    int bob = newPeer("bob", 2);
    for (PeerDirectory each : cluster.directories) {
      assertThat(await(each.exists(alice, PeerOwner.NOBODY))).isTrue();
      assertThat(await(each.list(""))).extracting(PeerSummary::id).containsExactlyInAnyOrder(alice, bob);
    }
    assertThat(await(directory().exists(alice + bob + 1000, PeerOwner.NOBODY))).isFalse();
    assertThat(await(directory().register(alice, bytes("again"), 3, PeerOwner.NOBODY))).isFalse();
  }

  @Test
  void aRoomListsOnlyItsPeersAndAPeerExistsOnlyInItsRoom() {
    PeerOwner inRed = new PeerOwner("", "", "red");
    PeerOwner inBlue = new PeerOwner("", "", "blue");
    int alice = directory().candidateId();
    assertThat(await(directory().register(alice, bytes("alice"), 1, inRed))).isTrue();
    int bob = directory().candidateId();
    assertThat(await(directory().register(bob, bytes("bob"), 2, inBlue))).isTrue();
    int carol = newPeer("carol", 3);
    for (PeerDirectory each : cluster.directories) {
      assertThat(await(each.list("red"))).extracting(PeerSummary::id).containsExactly(alice);
      assertThat(await(each.list("blue"))).extracting(PeerSummary::id).containsExactly(bob);
      assertThat(await(each.list(""))).extracting(PeerSummary::id).containsExactly(carol);
      assertThat(await(each.list("green"))).isEmpty();
    }
    assertThat(await(directory().list("red")).get(0).room()).isEqualTo("red");
    assertThat(await(directory().exists(alice, inRed))).isTrue();
    assertThat(await(directory().exists(alice, inBlue))).isFalse();
    assertThat(await(directory().exists(alice, PeerOwner.NOBODY))).isFalse();
    assertThat(await(directory().exists(carol, inRed))).isFalse();
    assertThat(await(directory().deliver(alice, message(bob, "across"), "blue")).kind())
        .isEqualTo(DeliveryOutcome.Kind.UNKNOWN_PEER);
    assertThat(await(directory().deliver(alice, message(bob, "within"), "red")).kind())
        .isEqualTo(DeliveryOutcome.Kind.STORED);
    assertThat(await(directory().park(alice, waiter(1), 5, inBlue)).kind()).isEqualTo(ParkOutcome.Kind.UNKNOWN_PEER);
    assertThat(await(directory().signOut(alice, inBlue))).isNull();
    assertThat(await(directory().park(alice, waiter(1), 5, inRed)).item().body()).isEqualTo(bytes("within"));
    PeerSummary removed = await(directory().signOut(alice, inRed));
    assertThat(removed.room()).isEqualTo("red");
    assertThat(await(directory().list("red"))).isEmpty();
  }

  /** The pass over the records lists by room too, and needs no roster entry (the records are the truth). */
  @Test
  void aScanListsTheRoomsPeersFromTheirRecordsAlone() {
    PeerOwner inRed = new PeerOwner("", "", "red");
    int alice = directory().candidateId();
    assertThat(await(directory().register(alice, bytes("alice"), 1, inRed))).isTrue();
    int bob = newPeer("bob", 2);
    int carol = newPeer("carol", 3);
    Map<Integer, String> roster = cluster.members.get(0).getMap(Roster.MAP);
    roster.remove(carol);
    for (PeerDirectory each : cluster.directories) {
      assertThat(await(each.scan(""))).extracting(PeerSummary::id).containsExactlyInAnyOrder(bob, carol);
      assertThat(await(each.scan("red"))).extracting(PeerSummary::id).containsExactly(alice);
      assertThat(await(each.scan("green"))).isEmpty();
    }
    assertThat(await(directory().list(""))).extracting(PeerSummary::id).containsExactly(bob);
    assertThat(await(directory().scan("")).stream().filter(peer -> peer.id() == carol).findFirst().orElseThrow()
        .name()).isEqualTo(bytes("carol"));
  }

  @Test
  void aRosterEntryWhosePeerIsGoneIsNeverListedAndGoesWhenFound() {
    int listedGhost = newPeer("listed-ghost", 1);
    int announcedGhost = newPeer("announced-ghost", 2);
    int other = newPeer("other", 3);
    // As when a node dies between removing a record and its roster entry.
    Map<Integer, PeerRecord> records = cluster.members.get(0).getMap(HazelcastPeerDirectory.PEERS_MAP);
    Map<Integer, String> roster = cluster.members.get(0).getMap(Roster.MAP);
    records.remove(listedGhost);
    records.remove(announcedGhost);
    assertThat(roster).containsKeys(listedGhost, announcedGhost);

    assertThat(await(directory().list(""))).extracting(PeerSummary::id).containsExactly(other);
    Map<Integer, DeliveryOutcome> outcomes = await(directory().deliverToEach(Set.of(announcedGhost, other),
        MailItem.notification(bytes("x,1,1\n"), 4)));
    assertThat(outcomes.get(announcedGhost).kind()).isEqualTo(DeliveryOutcome.Kind.UNKNOWN_PEER);
    io.signaling.testing.Conditions.await("both ghosts' entries are gone",
        () -> !roster.containsKey(listedGhost) && !roster.containsKey(announcedGhost));
    assertThat(roster).containsOnlyKeys(other);
  }

  @Test
  void peersRegisteredWithoutARosterEntryAreListedOnceAMemberOfThisReleaseChecks() {
    int listed = newPeer("listed", 1);
    // As a node of a release without rooms registers: the record alone.
    int unlisted = listed + 1;
    cluster.members.get(0).<Integer, PeerRecord>getMap(HazelcastPeerDirectory.PEERS_MAP)
        .set(unlisted, new PeerRecord(unlisted, bytes("unlisted"), 2, PeerOwner.NOBODY));
    assertThat(await(directory().list(""))).extracting(PeerSummary::id).containsExactly(listed);
    List<PeerDirectory> joined = new ArrayList<>();
    com.hazelcast.core.HazelcastInstance member = cluster.join(joined);
    try {
      for (PeerDirectory each : cluster.directories) {
        assertThat(await(each.list(""))).extracting(PeerSummary::id).containsExactlyInAnyOrder(listed, unlisted);
      }
    } finally {
      member.shutdown();
    }
  }

  @Test
  void aBoundPeerIsServedOnlyToItsOwnerAndAStrangerChangesNothing() {
    PeerOwner owner = new PeerOwner("198.51.100.7", "");
    PeerOwner stranger = new PeerOwner("203.0.113.9", "");
    int alice = directory().candidateId();
    assertThat(await(directory().register(alice, bytes("alice"), 1, owner))).isTrue();
    assertThat(await(directory().park(alice, waiter(1), 2, owner)).kind()).isEqualTo(ParkOutcome.Kind.PARKED);
    for (PeerDirectory each : cluster.directories) {
      // A stranger's /wait is refused (and answered as for an unknown peer); the owner's stays the peer's.
      ParkOutcome strangers = await(each.park(alice, waiter(2), 3, stranger));
      assertThat(strangers.kind()).isEqualTo(ParkOutcome.Kind.NOT_OWNER);
      assertThat(strangers.superseded()).isNull();
      assertThat(await(each.exists(alice, stranger))).isFalse();
      assertThat(await(each.signOut(alice, stranger))).isNull();
      assertThat(await(each.exists(alice, owner))).isTrue();
    }
    DeliveryOutcome delivered = await(directory().deliver(alice, message(9, "for alice")));
    assertThat(delivered.waiterToWake()).as("the owner's /wait is still the one woken").isEqualTo(waiter(1));
    // A step that presents nobody (what a node of a release without binding sends) is let through.
    assertThat(await(directory().exists(alice, null))).isTrue();
    assertThat(await(directory().signOut(alice, owner))).isNotNull();
  }

  @Test
  void aTokenBindsTheSubjectAndAnEmptyPartBindsNothing() {
    PeerOwner signedIn = new PeerOwner("", "alice@example.com");
    int alice = directory().candidateId();
    assertThat(await(directory().register(alice, bytes("alice"), 1, signedIn))).isTrue();
    assertThat(await(directory().exists(alice, new PeerOwner("192.0.2.1", "alice@example.com")))).isTrue();
    assertThat(await(directory().exists(alice, new PeerOwner("192.0.2.1", "mallory@example.com")))).isFalse();
    assertThat(await(directory().exists(alice, PeerOwner.NOBODY))).isFalse();
    int open = newPeer("open", 1);
    assertThat(await(directory().exists(open, new PeerOwner("192.0.2.1", "anyone")))).isTrue();
  }

  /** What the sweeps of all members together find idle since the cutoff. */
  List<Integer> idleEverywhere(long cutoff) {
    List<Integer> found = new ArrayList<>();
    for (PeerDirectory each : cluster.directories) {
      found.addAll(await(each.idleLocalPeers(cutoff)));
    }
    return found;
  }

  /** A /wait that is answered at once, and whose hand-over then succeeds. */
  MailItem takeAndSettle(int peer, Waiter waiter, long now) {
    ParkOutcome outcome = await(directory().park(peer, waiter, now, PeerOwner.NOBODY));
    assertThat(outcome.kind()).isEqualTo(ParkOutcome.Kind.ANSWER_NOW);
    await(directory().settle(peer, waiter, true, 0));
    return outcome.item();
  }

  @Test
  void wakeUpsLeftForANodeAreTakenByThatNodeOnceAndDroppedWithIt() {
    Waiter here = new Waiter("node-a", 7);
    Waiter there = new Waiter("node-b", 8);
    await(directory().leaveWakeUps(List.of(here, there, new Waiter("node-a", 9))));
    assertThat(await(directory().takeWakeUps("node-a"))).containsExactly(here, new Waiter("node-a", 9));
    assertThat(await(directory().takeWakeUps("node-a"))).as("taken once").isEmpty();
    await(directory().dropWakeUps("node-b"));
    assertThat(await(directory().takeWakeUps("node-b"))).as("dropped with its node").isEmpty();
  }

  @Test
  void aWaitTakesTheOldestItemFirstAndParksWhenNothingIsQueued() {
    int peer = newPeer("p", 1);
    for (String body : List.of("one", "two", "three")) {
      assertThat(await(directory().deliver(peer, message(9, body))).kind()).isEqualTo(DeliveryOutcome.Kind.STORED);
    }
    long token = 1;
    for (String expected : List.of("one", "two", "three")) {
      MailItem item = takeAndSettle(peer, waiter(token++), 2);
      assertThat(text(item)).isEqualTo(expected);
      assertThat(item.senderId()).isEqualTo(9);
      assertThat(item.contentType()).isEqualTo("text/plain");
    }
    assertThat(await(directory().park(peer, waiter(token), 3, PeerOwner.NOBODY)).kind()).isEqualTo(ParkOutcome.Kind.PARKED);
    assertThat(await(directory().park(peer + 1000, waiter(99), 3, PeerOwner.NOBODY)).kind()).isEqualTo(ParkOutcome.Kind.UNKNOWN_PEER);
  }

  @Test
  void anItemInFlightHoldsBackTheNextUntilItsHandOverIsSettled() {
    int peer = newPeer("p", 1);
    await(directory().deliver(peer, message(2, "a")));
    await(directory().deliver(peer, message(2, "b")));
    assertThat(text(await(directory().park(peer, waiter(1), 2, PeerOwner.NOBODY)).item())).isEqualTo("a");
    ParkOutcome second = await(directory().park(peer, waiter(2), 3, PeerOwner.NOBODY));
    assertThat(second.kind()).as("b waits for a's hand-over").isEqualTo(ParkOutcome.Kind.PARKED);
    assertThat(await(directory().take(peer, waiter(2), 3))).isNull();
    assertThat(await(directory().settle(peer, waiter(1), true, 0))).as("who takes b now").isEqualTo(waiter(2));
    assertThat(text(await(directory().take(peer, waiter(2), 4)))).isEqualTo("b");
    assertThat(await(directory().settle(peer, waiter(2), true, 0))).isNull();
  }

  @Test
  void aParkSettlesThePeersWrittenHandOverFirstAndThenTakesTheNextItem() {
    int peer = newPeer("p", 1);
    await(directory().deliver(peer, message(2, "a")));
    await(directory().deliver(peer, message(2, "b")));
    assertThat(text(await(directory().park(peer, waiter(1), 2, PeerOwner.NOBODY)).item())).isEqualTo("a");
    ParkOutcome next = await(directory().park(peer, waiter(2), 3, PeerOwner.NOBODY, waiter(1)));
    assertThat(next.kind()).as("a settled within the park, b handed at once").isEqualTo(ParkOutcome.Kind.ANSWER_NOW);
    assertThat(text(next.item())).isEqualTo("b");
    assertThat(next.superseded()).as("nothing left to drop").isNull();
    ParkOutcome again = await(directory().park(peer, waiter(2), 3, PeerOwner.NOBODY, waiter(1)));
    assertThat(again.item().id()).as("the same park run again: the same item").isEqualTo(next.item().id());
    assertThat(await(directory().park(peer, waiter(3), 4, PeerOwner.NOBODY, waiter(2))).kind())
        .as("b settled, nothing left").isEqualTo(ParkOutcome.Kind.PARKED);
  }

  @Test
  void aParkOnAnotherNodeNamesTheWaitWhoseItemIsInFlightSoThatItsNodeSettles() {
    int peer = newPeer("p", 1);
    await(directory().deliver(peer, message(2, "a")));
    await(directory().deliver(peer, message(2, "b")));
    await(directory().park(peer, waiter(1), 2, PeerOwner.NOBODY));
    ParkOutcome elsewhere = await(directory().park(peer, new Waiter("node-b", 1), 3, PeerOwner.NOBODY));
    assertThat(elsewhere.kind()).isEqualTo(ParkOutcome.Kind.PARKED);
    assertThat(elsewhere.superseded()).isEqualTo(waiter(1));
    assertThat(await(directory().settle(peer, waiter(1), true, 4))).isEqualTo(new Waiter("node-b", 1));
    assertThat(text(await(directory().take(peer, new Waiter("node-b", 1), 5)))).isEqualTo("b");
  }

  @Test
  void aStrangersParkCarriesTheNodesSettleButIsRefused() {
    PeerOwner owner = new PeerOwner("203.0.113.7", "");
    int peer = newPeer("p", 1, owner);
    await(directory().deliver(peer, message(2, "a")));
    await(directory().deliver(peer, message(2, "b")));
    await(directory().park(peer, waiter(1), 2, owner));
    PeerOwner stranger = new PeerOwner("203.0.113.66", "");
    assertThat(await(directory().park(peer, waiter(2), 3, stranger, waiter(1))).kind())
        .isEqualTo(ParkOutcome.Kind.NOT_OWNER);
    assertThat(text(await(directory().park(peer, waiter(3), 4, owner)).item())).isEqualTo("b");
  }

  @Test
  void aStepRunTwiceForTheSameRequestDoesNotRepeatItsEffect() {
    // Hazelcast may run an operation again after the member that ran it died before answering.
    int peer = newPeer("p", 1);
    assertThat(await(directory().register(peer, bytes("p"), 1, PeerOwner.NOBODY))).as("the same registration again").isTrue();
    MailItem once = message(2, "once");
    await(directory().deliver(peer, once));
    await(directory().deliver(peer, once));
    await(directory().deliver(peer, message(2, "twice")));
    ParkOutcome first = await(directory().park(peer, waiter(1), 2, PeerOwner.NOBODY));
    ParkOutcome again = await(directory().park(peer, waiter(1), 2, PeerOwner.NOBODY));
    assertThat(again.kind()).isEqualTo(ParkOutcome.Kind.ANSWER_NOW);
    assertThat(again.item().id()).isEqualTo(first.item().id());
    await(directory().settle(peer, waiter(1), true, 0));
    await(directory().park(peer, waiter(2), 3, PeerOwner.NOBODY));
    await(directory().deliver(peer, message(2, "thrice")));
    MailItem taken = await(directory().take(peer, waiter(2), 4));
    assertThat(text(await(directory().take(peer, waiter(2), 4)))).isEqualTo(text(taken)).isEqualTo("twice");
    await(directory().settle(peer, waiter(2), true, 0));
    assertThat(text(takeAndSettle(peer, waiter(3), 5))).isEqualTo("thrice");
    assertThat(await(directory().park(peer, waiter(4), 6, PeerOwner.NOBODY)).kind()).as("nothing else was stored")
        .isEqualTo(ParkOutcome.Kind.PARKED);
  }

  @Test
  void settlingTwiceOrForAnotherWaiterChangesNothing() {
    int peer = newPeer("p", 1);
    await(directory().deliver(peer, message(2, "a")));
    await(directory().deliver(peer, message(2, "b")));
    takeAndSettle(peer, waiter(1), 2);
    await(directory().settle(peer, waiter(1), false, 0));
    await(directory().settle(peer, waiter(7), false, 0));
    assertThat(text(takeAndSettle(peer, waiter(2), 3))).isEqualTo("b");
  }

  @Test
  void anItemForAParkedPeerNamesItsWaiterWhoTakesItOnce() {
    int peer = newPeer("p", 1);
    await(directory().park(peer, waiter(7), 2, PeerOwner.NOBODY));
    DeliveryOutcome stored = await(directory().deliver(peer, message(3, "hello")));
    assertThat(stored.waiterToWake()).isEqualTo(waiter(7));
    assertThat(await(directory().take(peer, waiter(8), 3))).isNull();
    MailItem taken = await(directory().take(peer, waiter(7), 3));
    assertThat(text(taken)).isEqualTo("hello");
    assertThat(await(directory().take(peer, waiter(7), 4)).id()).as("a repeated take, the same item").isEqualTo(taken.id());
    await(directory().settle(peer, waiter(7), true, 0));
    assertThat(await(directory().take(peer, waiter(7), 5))).isNull();
    // the waiter was used up: the next item wakes nobody and waits for the next /wait
    assertThat(await(directory().deliver(peer, message(3, "later"))).waiterToWake()).isNull();
  }

  @Test
  void theNewestWaitSupersedesTheOlder() {
    int peer = newPeer("p", 1);
    assertThat(await(directory().park(peer, waiter(1), 2, PeerOwner.NOBODY)).superseded()).isNull();
    ParkOutcome second = await(directory().park(peer, new Waiter("node-b", 1), 3, PeerOwner.NOBODY));
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
  void theCensusCountsEveryUndeliveredItemOnceWithItsOverheadAndBySender() {
    int peer = newPeer("p", 1);
    int other = newPeer("q", 1);
    await(directory().deliver(peer, message(7, "x".repeat(40))));
    await(directory().deliver(peer, message(7, "y".repeat(10))));
    await(directory().deliver(other, message(8, "z".repeat(5))));
    await(directory().deliver(other, MailItem.notification(bytes("p,1,1\n"), System.currentTimeMillis())));
    await(directory().park(peer, waiter(1), 2, PeerOwner.NOBODY)); // the first item is now in flight: still undelivered
    long typeAndOverhead = MailItem.OVERHEAD_BYTES + "text/plain".length();
    UndeliveredCount count = await(directory().countUndelivered(30 + typeAndOverhead));
    assertThat(count.bySender()).isTrue();
    assertThat(count.items()).isEqualTo(4);
    assertThat(count.bytes()).isEqualTo(55 + 3 * typeAndOverhead + 6 + MailItem.OVERHEAD_BYTES);
    assertThat(count.heavySenders()).containsOnly(java.util.Map.entry(7, 50 + 2 * typeAndOverhead));
    assertThat(count.holders()).containsOnly(java.util.Map.entry(peer, 50 + 2 * typeAndOverhead),
        java.util.Map.entry(other, 5 + typeAndOverhead + 6 + MailItem.OVERHEAD_BYTES));

    takeAndSettle(peer, waiter(1), 3);
    assertThat(await(directory().countUndelivered(1)).heavySenders()).containsOnlyKeys(7, 8);
    await(directory().remove(peer));
    await(directory().remove(other));
    UndeliveredCount empty = await(directory().countUndelivered(1));
    assertThat(empty.bytes()).isZero();
    assertThat(empty.heavySenders()).isEmpty();
    assertThat(empty.holders()).isEmpty();
  }

  @Test
  void aLeaveCancelsTheSamePeersJoinStillQueuedAndNothingElse() {
    int reader = newPeer("reader", 1);
    await(directory().deliver(reader, MailItem.notification(bytes("early,7,1\n"), System.currentTimeMillis())));
    await(directory().deliver(reader, MailItem.notification(bytes("come-and-go,8,1\n"), System.currentTimeMillis())));
    await(directory().deliver(reader, message(9, "a message")));
    await(directory().deliver(reader, MailItem.notification(bytes("come-and-go,8,0\n"), System.currentTimeMillis())));
    await(directory().deliver(reader, MailItem.notification(bytes("other,80,0\n"), System.currentTimeMillis())));
    List<String> items = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      items.add(text(takeAndSettle(reader, waiter(100 + i), 2)));
    }
    assertThat(items).containsExactly("early,7,1\n", "a message", "other,80,0\n");
    assertThat(await(directory().park(reader, waiter(200), 3, PeerOwner.NOBODY)).kind()).isEqualTo(ParkOutcome.Kind.PARKED);
    // A join already read: its leave is news, and is delivered.
    await(directory().deliver(reader, MailItem.notification(bytes("early,7,0\n"), System.currentTimeMillis())));
    assertThat(text(takeAndSettle(reader, waiter(200), 4))).isEqualTo("early,7,0\n");
  }

  @Test
  void aFailedHandOverPutsTheItemBackInFrontAndWakesTheNextWait() {
    int peer = newPeer("p", 1);
    await(directory().deliver(peer, message(2, "first")));
    await(directory().deliver(peer, message(2, "second")));
    assertThat(text(await(directory().park(peer, waiter(1), 2, PeerOwner.NOBODY)).item())).isEqualTo("first");
    await(directory().deliver(peer, message(2, "third")));
    await(directory().park(peer, waiter(2), 3, PeerOwner.NOBODY));
    assertThat(await(directory().settle(peer, waiter(1), false, 0))).isEqualTo(waiter(2));
    List<String> order = new ArrayList<>();
    order.add(text(await(directory().take(peer, waiter(2), 4))));
    await(directory().settle(peer, waiter(2), true, 0));
    for (int i = 0; i < 2; i++) {
      order.add(text(takeAndSettle(peer, waiter(10 + i), 5)));
    }
    assertThat(order).containsExactly("first", "second", "third");
    assertThat(await(directory().settle(peer + 1000, waiter(1), false, 0))).isNull();
  }

  @Test
  void anItemNeverSettledIsHandedOutAgainAfterTheLimit() {
    int peer = newPeer("p", 1);
    await(directory().deliver(peer, message(2, "stuck")));
    assertThat(text(await(directory().park(peer, waiter(1), 1_000, PeerOwner.NOBODY)).item())).isEqualTo("stuck");
    assertThat(await(directory().park(peer, waiter(2), 1_000 + PeerDirectory.IN_FLIGHT_LIMIT_MILLIS, PeerOwner.NOBODY)).kind())
        .isEqualTo(ParkOutcome.Kind.PARKED);
    ParkOutcome again = await(directory().park(peer, waiter(3), 1_001 + PeerDirectory.IN_FLIGHT_LIMIT_MILLIS, PeerOwner.NOBODY));
    assertThat(again.kind()).isEqualTo(ParkOutcome.Kind.ANSWER_NOW);
    assertThat(text(again.item())).isEqualTo("stuck");
  }

  @Test
  void theSafetyNetWakesParkedWaitsThatMissedTheirWakeUpAndOnlyThose() {
    int missed = newPeer("missed", 1);
    await(directory().park(missed, waiter(1), 1, PeerOwner.NOBODY));
    await(directory().deliver(missed, message(2, "nobody woke me"))); // its wake-up is never sent
    int healthy = newPeer("healthy", 1);
    await(directory().park(healthy, waiter(2), 1, PeerOwner.NOBODY));
    int stuck = newPeer("stuck", 1);
    await(directory().deliver(stuck, message(2, "never settled")));
    await(directory().park(stuck, waiter(3), 1_000, PeerOwner.NOBODY));
    await(directory().park(stuck, waiter(4), 1_000, PeerOwner.NOBODY));

    Map<Integer, Waiter> early = new HashMap<>();
    for (PeerDirectory each : cluster.directories) {
      early.putAll(await(each.wakeableLocalPeers(2_000)));
    }
    assertThat(early).containsExactly(Map.entry(missed, waiter(1)));

    Map<Integer, Waiter> late = new HashMap<>();
    for (PeerDirectory each : cluster.directories) {
      late.putAll(await(each.wakeableLocalPeers(1_001 + PeerDirectory.IN_FLIGHT_LIMIT_MILLIS)));
    }
    assertThat(late).containsEntry(missed, waiter(1)).containsEntry(stuck, waiter(4)).doesNotContainKey(healthy);
    assertThat(text(await(directory().take(stuck, waiter(4), 20_000)))).isEqualTo("never settled");
  }

  @Test
  void forgettingANodeFreesItsWaitsAndPutsBackWhatItHadInFlight() {
    int parkedThere = newPeer("parked-on-dead", 1);
    await(directory().park(parkedThere, new Waiter("dead", 1), 1, PeerOwner.NOBODY));
    int handedThere = newPeer("handed-by-dead", 1);
    await(directory().deliver(handedThere, message(2, "in flight")));
    await(directory().park(handedThere, new Waiter("dead", 2), 1, PeerOwner.NOBODY));
    await(directory().park(handedThere, new Waiter("alive", 3), 2, PeerOwner.NOBODY));
    int elsewhere = newPeer("parked-elsewhere", 1);
    await(directory().park(elsewhere, new Waiter("alive", 4), 1, PeerOwner.NOBODY));

    Map<Integer, Waiter> toWake = await(directory().forgetNode("dead", 5));
    assertThat(toWake).containsExactly(Map.entry(handedThere, new Waiter("alive", 3)));
    assertThat(text(await(directory().take(handedThere, new Waiter("alive", 3), 6)))).isEqualTo("in flight");
    assertThat(await(directory().deliver(parkedThere, message(2, "x"))).waiterToWake()).isNull();
    assertThat(idleEverywhere(6)).contains(parkedThere).doesNotContain(elsewhere);
    assertThat(await(directory().forgetNode("dead", 7))).isEmpty();
  }

  @Test
  void unparkForgetsOnlyTheCurrentWaiter() {
    int peer = newPeer("p", 1);
    await(directory().park(peer, waiter(1), 2, PeerOwner.NOBODY));
    await(directory().park(peer, waiter(2), 3, PeerOwner.NOBODY));
    assertThat(await(directory().unpark(peer, waiter(1), 4))).isNull();
    DeliveryOutcome x = await(directory().deliver(peer, message(2, "x")));
    assertThat(x.waiterToWake()).isEqualTo(waiter(2));
    assertThat(text(x.handed())).as("handed to the parked /wait with its wake-up").isEqualTo("x");
    assertThat(await(directory().unpark(peer, waiter(2), 5))).as("nobody else waits").isNull();
    assertThat(await(directory().deliver(peer, message(2, "y"))).waiterToWake()).isNull();
    ParkOutcome next = await(directory().park(peer, waiter(3), 6, PeerOwner.NOBODY));
    assertThat(text(next.item())).as("x went back to the head when its /wait went away").isEqualTo("x");
  }

  @Test
  void removalReturnsThePeerAndItsWaiterAndDiscardsItsMailbox() {
    int peer = newPeer("gone", 1);
    await(directory().park(peer, waiter(4), 2, PeerOwner.NOBODY));
    PeerSummary removed = await(directory().remove(peer));
    assertThat(new String(removed.name(), StandardCharsets.ISO_8859_1)).isEqualTo("gone");
    assertThat(removed.waiter()).isEqualTo(waiter(4));
    assertThat(await(directory().remove(peer))).isNull();
    assertThat(await(directory().deliver(peer, message(2, "x"))).kind()).isEqualTo(DeliveryOutcome.Kind.UNKNOWN_PEER);
    assertThat(await(directory().list(""))).isEmpty();
  }

  @Test
  void theSweepFindsEachIdlePeerOnExactlyOneMemberAndRemovesItOnce() {
    List<Integer> idle = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      idle.add(newPeer("idle" + i, 1_000));
    }
    int waiting = newPeer("waiting", 1_000);
    await(directory().park(waiting, waiter(1), 1_000, PeerOwner.NOBODY));
    int recent = newPeer("recent", 5_000);

    List<Integer> found = idleEverywhere(2_000);
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
    assertThat(await(directory().list(""))).extracting(PeerSummary::id).containsExactlyInAnyOrder(waiting, recent);
  }

  /**
   * A /wait parked long ago and answered now was open all along: once its item is settled the peer counts as seen
   * now, not when it parked, so the sweep leaves it alone in the moment before its client waits again.
   */
  @Test
  void aPeerAnsweredAfterALongParkIsNotIdle() {
    int peer = newPeer("patient", 1_000);
    assertThat(await(directory().park(peer, waiter(1), 1_000, PeerOwner.NOBODY)).kind()).isEqualTo(ParkOutcome.Kind.PARKED);
    DeliveryOutcome stored = await(directory().deliver(peer, message(9, "at last")));
    assertThat(stored.handed()).as("handed straight to the parked /wait").isNotNull();
    assertThat(await(directory().settle(peer, waiter(1), true, 60_000))).isNull();

    assertThat(idleEverywhere(30_000)).doesNotContain(peer);
    assertThat(await(directory().removeIfIdle(peer, 30_000))).isNull();
    assertThat(idleEverywhere(60_001)).containsExactly(peer);
  }

  @Test
  void aNotificationReachesManyPeersAndNamesThoseWaiting() {
    Set<Integer> peers = new HashSet<>();
    for (int i = 0; i < 40; i++) {
      peers.add(newPeer("n" + i, 1));
    }
    int parked = peers.iterator().next();
    await(directory().park(parked, waiter(9), 2, PeerOwner.NOBODY));
    Map<Integer, DeliveryOutcome> outcomes = await(directory().deliverToEach(peers,
        MailItem.notification(bytes("x,1,1\n"), System.currentTimeMillis())));
    assertThat(outcomes).hasSize(40);
    assertThat(outcomes.get(parked).waiterToWake()).isEqualTo(waiter(9));
    assertThat(outcomes.values()).allMatch(outcome -> outcome.kind() == DeliveryOutcome.Kind.STORED);
    MailItem taken = await(directory().take(parked, waiter(9), 3));
    assertThat(taken.isNotification()).isTrue();
    assertThat(text(taken)).isEqualTo("x,1,1\n");
  }

  /**
   * A join told to a room in one pass: the roster's ids of the room, then per peer its line for the list and the
   * notification stored (a quiet peer listed, not told; a listed id whose peer is gone neither, and its entry goes).
   */
  @Test
  void anAnnouncementListsTheRoomAndStoresTheNotificationForAllButTheQuiet() {
    PeerOwner inRed = new PeerOwner("", "", "red");
    Set<Integer> red = new HashSet<>();
    for (int i = 0; i < 30; i++) {
      int id = directory().candidateId();
      assertThat(await(directory().register(id, bytes("r" + i), 10 + i, inRed))).isTrue();
      red.add(id);
    }
    int elsewhere = newPeer("in-the-default-room", 1);
    int ghost = directory().candidateId();
    assertThat(await(directory().register(ghost, bytes("ghost"), 5, inRed))).isTrue();
    cluster.members.get(0).getMap(HazelcastPeerDirectory.PEERS_MAP).remove(ghost);
    for (PeerDirectory each : cluster.directories) {
      assertThat(await(each.roomIds("red"))).containsAll(red).contains(ghost).doesNotContain(elsewhere);
    }

    Iterator<Integer> some = red.iterator();
    int parked = some.next();
    int quiet = some.next();
    await(directory().park(parked, waiter(4), 50, inRed));
    Set<Integer> told = new HashSet<>(red);
    told.add(ghost);
    Map<Integer, Announced> found = await(directory().announceTo(told,
        MailItem.notification(bytes("newcomer,7,1\n"), 60), Set.of(quiet)));

    assertThat(found.keySet()).isEqualTo(red);
    found.forEach((id, announced) -> assertThat(announced.peer().id()).isEqualTo(id));
    assertThat(found.get(parked).peer().name()).isEqualTo(await(directory().list("red")).stream()
        .filter(peer -> peer.id() == parked).findFirst().orElseThrow().name());
    assertThat(found.get(quiet).outcome()).as("listed, not told").isNull();
    assertThat(found.get(parked).outcome().waiterToWake()).isEqualTo(waiter(4));
    assertThat(found.values().stream().filter(announced -> announced.peer().id() != quiet))
        .allMatch(announced -> announced.outcome().kind() == DeliveryOutcome.Kind.STORED);
    assertThat(text(await(directory().take(parked, waiter(4), 61)))).isEqualTo("newcomer,7,1\n");
    assertThat(await(directory().park(quiet, waiter(5), 62, inRed)).kind()).isEqualTo(ParkOutcome.Kind.PARKED);
    io.signaling.testing.Conditions.await("the ghost's entry is gone",
        () -> !cluster.members.get(0).getMap(Roster.MAP).containsKey(ghost));
  }
}
