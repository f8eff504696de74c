package io.signaling.directory;

import com.hazelcast.aggregation.Aggregators;
import com.hazelcast.cluster.Member;
import com.hazelcast.config.Config;
import com.hazelcast.config.InMemoryFormat;
import com.hazelcast.config.MapConfig;
import com.hazelcast.config.MergePolicyConfig;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.EntryProcessor;
import com.hazelcast.map.IMap;
import com.hazelcast.partition.PartitionService;
import io.signaling.cluster.Quorum;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

/**
 * {@link PeerDirectory} on Hazelcast maps: one entry per peer (record and mailbox), changed only by entry
 * processors. Hazelcast's async calls become Vert.x futures on the caller's context; the
 * few calls without an async form run on a worker, never on an event loop.
 */
public final class HazelcastPeerDirectory implements PeerDirectory {

  /** The map of peer records, keyed by peer id. */
  public static final String PEERS_MAP = "signaling.peers";

  /** The queues of wake-ups left for each node ({@link #leaveWakeUps}), one per node id. */
  static final String WAKE_UPS_PREFIX = "signaling.wakeups.";
  /** At most this many wake-ups wait for one node: past it, the next sweep finds them again. */
  static final int WAKE_UPS_PER_NODE = 10_000;
  /**
   * The client address each peer signed in from (IPv6: its /64), kept beside the records rather than in them so
   * that a node of an earlier release, which knows no such field, works alongside: to it these are just strings.
   */
  public static final String ADDRESSES_MAP = "signaling.addresses";
  /** A peer's address outlives a lost removal (a node dying mid-way) by at most this long. */
  private static final long ADDRESS_TTL_HOURS = 24;
  /**
   * The map where nodes of releases before random ids kept their id counter ({@link IdBlock}). Still configured,
   * with the same backups and protection, for such nodes during a rolling upgrade; this release never uses it.
   */
  public static final String COUNTERS_MAP = "signaling.counters";
  /**
   * A member attribute saying the member can run {@link UndeliveredCensus} as an aggregation. A node of a release
   * before that lacks it (and the class): while one is in the cluster, undelivered bytes are counted with
   * Hazelcast's own sums.
   */
  static final String CENSUS_ATTRIBUTE = "signaling.census";
  /** A member attribute saying the member counts undelivered items with {@link PeerProcessors.CountUndelivered}. */
  static final String COUNT_ON_PARTITIONS_ATTRIBUTE = "signaling.census-on-partitions";
  /** A member attribute saying the member settles a hand-over within a park ({@link #settlesOnPark}). */
  static final String SETTLE_ON_PARK_ATTRIBUTE = "signaling.settle-on-park";

  private final Vertx vertx;
  private final IMap<Integer, PeerRecord> peers;
  private final IMap<Integer, String> addresses;
  private final MailboxLimits limits;
  private final PartitionService partitions;
  private final HazelcastInstance hazelcast;
  private final Roster roster;
  /** Every member settles within a park: follows the members as they join and leave. */
  private volatile boolean settlesOnPark;

  public HazelcastPeerDirectory(Vertx vertx, HazelcastInstance hazelcast, MailboxLimits limits) {
    this.vertx = vertx;
    this.peers = hazelcast.getMap(PEERS_MAP);
    this.addresses = hazelcast.getMap(ADDRESSES_MAP);
    this.limits = limits;
    this.partitions = hazelcast.getPartitionService();
    this.hazelcast = hazelcast;
    ClusterFormat.follow(hazelcast);
    this.roster = Roster.follow(vertx, hazelcast, peers);
    MemberChanges.follow(hazelcast,
        members -> settlesOnPark = MemberChanges.everyMemberSays(members, SETTLE_ON_PARK_ATTRIBUTE));
  }

  /**
   * Adds what the directory needs to a member's configuration: its serializers, the attributes that tell other
   * releases what it can do, and its maps with one
   * synchronous backup (a stored item survives the loss of any one node). OBJECT format because every access
   * is an entry processor, which then works on the object instead of deserializing it each time.
   */
  public static void configure(Config config) {
    configure(config, 1);
  }

  /** The same with {@code backups} synchronous backups of every map (0-6; Hazelcast's own bound). */
  public static void configure(Config config, int backups) {
    config.getSerializationConfig()
        .addDataSerializableFactory(DirectorySerialization.FACTORY_ID, new DirectorySerialization());
    config.getMemberAttributeConfig().setAttribute(CENSUS_ATTRIBUTE, "1");
    config.getMemberAttributeConfig().setAttribute(COUNT_ON_PARTITIONS_ATTRIBUTE, "1");
    config.getMemberAttributeConfig().setAttribute(SETTLE_ON_PARK_ATTRIBUTE, "1");
    ClusterFormat.advertise(config);
    MergeHorizon.configure(config);
    // Named only if the member configuration has it (a quorum above one): then a minority can neither read nor
    // change the directory.
    String protection = Quorum.protectionOf(config);
    config.addMapConfig(new MapConfig(PEERS_MAP).setBackupCount(backups).setAsyncBackupCount(0)
        .setInMemoryFormat(InMemoryFormat.OBJECT).setSplitBrainProtectionName(protection)
        .setMergePolicyConfig(new MergePolicyConfig().setPolicy(PeerMerge.class.getName())));
    Roster.configure(config, backups);
    // Wake-ups left for a node: a hint, found again by the next sweep while still owed, so no backup; bounded.
    config.addQueueConfig(new com.hazelcast.config.QueueConfig(WAKE_UPS_PREFIX + "*").setBackupCount(0)
        .setAsyncBackupCount(0).setMaxSize(WAKE_UPS_PER_NODE));
    config.addMapConfig(new MapConfig(COUNTERS_MAP).setBackupCount(backups).setAsyncBackupCount(0)
        .setSplitBrainProtectionName(protection));
    config.addMapConfig(new MapConfig(ADDRESSES_MAP).setBackupCount(backups).setAsyncBackupCount(0)
        .setSplitBrainProtectionName(protection));
  }

  /** The queue of wake-ups left for one node's /waits ({@link #leaveWakeUps}). */
  private com.hazelcast.collection.IQueue<Waiter> wakeUpsFor(String node) {
    return hazelcast.getQueue(WAKE_UPS_PREFIX + node);
  }

  @Override
  public Future<Void> leaveWakeUps(java.util.Collection<Waiter> waiters) {
    if (waiters.isEmpty()) {
      return Future.succeededFuture();
    }
    // A queue's operations block (a cluster round trip each): on a worker. Rare: only what a sweep found owed.
    return vertx.executeBlocking(() -> {
      waiters.forEach(waiter -> wakeUpsFor(waiter.node()).offer(waiter)); // false when full: the next sweep
      return null;
    }, false);
  }

  @Override
  public Future<java.util.List<Waiter>> takeWakeUps(String node) {
    return vertx.executeBlocking(() -> {
      java.util.List<Waiter> taken = new java.util.ArrayList<>();
      wakeUpsFor(node).drainTo(taken);
      return taken;
    }, false);
  }

  @Override
  public Future<Void> dropWakeUps(String node) {
    return vertx.executeBlocking(() -> {
      wakeUpsFor(node).destroy();
      return null;
    }, false);
  }

  /** Creates the proxies of the directory's maps, which may wait on the cluster: call it off the event loop. */
  public static void openMaps(HazelcastInstance hazelcast) {
    hazelcast.getMap(PEERS_MAP);
    hazelcast.getMap(Roster.MAP);
    hazelcast.getMap(ADDRESSES_MAP);
    hazelcast.getMap(COUNTERS_MAP);
  }

  @Override
  public int candidateId() {
    return PeerIds.candidate();
  }

  /** The node may first check the roster: see {@link Roster}. */
  @Override
  public Future<Void> ready() {
    return roster.ready();
  }

  @Override
  public Future<Boolean> register(int id, byte[] name, long now, PeerOwner owner) {
    // The record first, then its roster entry: an entry never names a peer whose registration failed.
    return onCaller(peers.submitToKey(id, new PeerProcessors.Register(name, now, owner))).compose(registered ->
        registered ? roster.add(id, owner.room()).map(true) : Future.succeededFuture(false));
  }

  @Override
  public boolean roomsOpen() {
    return roster.trusted();
  }

  @Override
  public Future<List<PeerSummary>> list(String room) {
    if (roster.trusted()) {
      return roster.list(room).compose(ids -> perPartition(ids, new PeerProcessors.Summarize(room)).map(found -> {
        forgetGhosts(ids, found);
        return new ArrayList<>(found.values());
      }));
    }
    if (!room.isEmpty()) {
      return Future.failedFuture(new IllegalStateException("rooms are closed while a member cannot keep them"));
    }
    // As releases without rooms list: a member of such a release keeps no roster entries.
    return scan(room);
  }

  @Override
  public Future<List<PeerSummary>> scan(String room) {
    return vertx.executeBlocking(() -> {
      List<PeerSummary> inRoom = new ArrayList<>();
      peers.project(new PeerListing()).forEach(peer -> {
        if (peer.room().equals(room)) {
          inRoom.add(peer);
        }
      });
      return inRoom;
    }, false);
  }

  @Override
  public Future<Boolean> exists(int id, PeerOwner presenter) {
    return onCaller(peers.submitToKey(id, new PeerProcessors.Exists(presenter)));
  }

  @Override
  public Future<DeliveryOutcome> deliver(int to, MailItem item, String room) {
    return onCaller(peers.submitToKey(to, new PeerProcessors.Deliver(item, limits.maxItems(), limits.maxBytes(), room)));
  }

  @Override
  public Future<Set<Integer>> roomIds(String room) {
    return roster.list(room);
  }

  @Override
  public Future<Map<Integer, Announced>> announceTo(Set<Integer> ids, MailItem item, Set<Integer> quiet) {
    PeerProcessors.Announce step = new PeerProcessors.Announce(item, limits.maxItems(), limits.maxBytes(), quiet);
    return perPartition(ids, step).map(found -> {
      forgetGhosts(ids, found);
      return found;
    });
  }

  /**
   * Drops the roster entries a step found no record for (Hazelcast leaves out a step's null results): listed, but
   * gone, because their node died between removing the record and the entry.
   */
  private void forgetGhosts(Set<Integer> listed, Map<Integer, ?> found) {
    if (found.size() >= listed.size()) {
      return; // found only has listed keys: none is missing (the usual case, in O(1) instead of O(listed))
    }
    for (Integer id : listed) {
      if (!found.containsKey(id)) {
        roster.remove(id);
      }
    }
  }

  @Override
  public Future<Map<Integer, DeliveryOutcome>> deliverToEach(Set<Integer> recipients, MailItem item) {
    PeerProcessors.Deliver step = new PeerProcessors.Deliver(item, limits.maxItems(), limits.maxBytes(), null);
    return perPartition(recipients, step).map(outcomes -> {
      outcomes.forEach((peer, outcome) -> {
        if (outcome.kind() == DeliveryOutcome.Kind.UNKNOWN_PEER) {
          roster.remove(peer); // listed, but gone: its node died between removing the record and the entry
        }
      });
      return outcomes;
    });
  }

  /**
   * One step on many peers, one call per partition with only its keys. Hazelcast sends every partition's operation
   * the whole key set and lets each skip the keys it does not own: with N keys that is N x partitions hash
   * computations per call, which made a sign-in at 3,000 peers online cost 30 ms of partition threads (JFR).
   */
  private <R> Future<Map<Integer, R>> perPartition(Set<Integer> keys, EntryProcessor<Integer, PeerRecord, R> step) {
    if (keys.isEmpty()) {
      return Future.succeededFuture(Map.of());
    }
    Map<Integer, Set<Integer>> byPartition = new HashMap<>();
    for (Integer key : keys) {
      byPartition.computeIfAbsent(partitions.getPartition(key).getPartitionId(), p -> new HashSet<>()).add(key);
    }
    List<CompletableFuture<Map<Integer, R>>> calls = new ArrayList<>(byPartition.size());
    byPartition.values().forEach(partitionKeys -> calls.add(DirectStages.plain(peers.submitToKeys(partitionKeys, step))));
    CompletableFuture<Map<Integer, R>> all =
        CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new)).thenApply(done -> {
          Map<Integer, R> results = new HashMap<>(keys.size() * 2);
          calls.forEach(call -> results.putAll(call.join()));
          return results;
        });
    return Future.fromCompletionStage(all, vertx.getOrCreateContext());
  }

  @Override
  public Future<ParkOutcome> park(int id, Waiter waiter, long now, PeerOwner presenter) {
    return onCaller(peers.submitToKey(id, new PeerProcessors.Park(waiter, now, presenter)));
  }

  @Override
  public Future<ParkOutcome> park(int id, Waiter waiter, long now, PeerOwner presenter, Waiter written) {
    return onCaller(peers.submitToKey(id, new PeerProcessors.Park(waiter, now, presenter, written)));
  }

  @Override
  public boolean settlesOnPark() {
    return settlesOnPark;
  }

  @Override
  public Future<MailItem> take(int id, Waiter waiter, long now) {
    return onCaller(peers.submitToKey(id, new PeerProcessors.Take(waiter, now)));
  }

  @Override
  public Future<Waiter> settle(int id, Waiter waiter, boolean delivered, long now) {
    return onCaller(peers.submitToKey(id, new PeerProcessors.Settle(waiter, delivered, now)));
  }

  @Override
  public Future<Map<Integer, Waiter>> forgetNode(String node, long now) {
    // executeOnEntries has no async form; it runs on every partition, in parallel, on their owners.
    NeedsRecovery scope = new NeedsRecovery(node, now);
    return vertx.executeBlocking(() -> wakeable(peers.executeOnEntries(new PeerProcessors.Recover(scope), scope)),
        false);
  }

  @Override
  public Future<Map<Integer, Waiter>> wakeableLocalPeers(long now) {
    NeedsRecovery scope = new NeedsRecovery(null, now);
    return vertx.executeBlocking(() -> peers.localKeySet(scope), false)
        .compose(keys -> keys.isEmpty()
            ? Future.succeededFuture(Map.<Integer, Waiter>of())
            : onCaller(peers.submitToKeys(keys, new PeerProcessors.Recover(scope))))
        .map(HazelcastPeerDirectory::wakeable);
  }

  /** The waiters a recovery step named, by peer; the step answers null for peers with nobody to wake. */
  private static Map<Integer, Waiter> wakeable(Map<Integer, Waiter> results) {
    Map<Integer, Waiter> wakeable = new HashMap<>();
    results.forEach((id, waiter) -> {
      if (waiter != null) {
        wakeable.put(id, waiter);
      }
    });
    return wakeable;
  }

  @Override
  public Future<Waiter> unpark(int id, Waiter waiter, long now) {
    return onCaller(peers.submitToKey(id, new PeerProcessors.Unpark(waiter, now)));
  }

  @Override
  public Future<PeerSummary> remove(int id) {
    return unlisted(onCaller(peers.submitToKey(id, PeerProcessors.Remove.always())));
  }

  @Override
  public Future<PeerSummary> signOut(int id, PeerOwner presenter) {
    return unlisted(onCaller(peers.submitToKey(id, PeerProcessors.Remove.by(presenter))));
  }

  /** A removal, then the removed peer's roster entry: the record first, so an entry never outlives a live peer's. */
  private Future<PeerSummary> unlisted(Future<PeerSummary> removal) {
    return removal.compose(removed -> removed == null ? Future.succeededFuture(null)
        : roster.remove(removed.id()).map(removed));
  }

  @Override
  public Future<Set<Integer>> idleLocalPeers(long cutoff) {
    // localKeySet has no async form; it reads only this member's partitions, so it is cheap but blocking.
    return vertx.executeBlocking(() -> peers.localKeySet(new IdlePeers(cutoff)), false);
  }

  @Override
  public Future<PeerSummary> removeIfIdle(int id, long cutoff) {
    return unlisted(onCaller(peers.submitToKey(id, new PeerProcessors.Remove(cutoff))));
  }

  @Override
  public Future<Void> rememberAddress(int id, String address) {
    return onCaller(addresses.setAsync(id, address, ADDRESS_TTL_HOURS, TimeUnit.HOURS));
  }

  @Override
  public Future<Void> forgetAddress(int id) {
    return onCaller(addresses.removeAsync(id)).mapEmpty();
  }

  @Override
  public Map<Integer, String> addressesOf(Set<Integer> ids) {
    return ids.isEmpty() ? Map.of() : addresses.getAll(ids);
  }

  @Override
  public Future<UndeliveredCount> countUndelivered(long reportSendersFrom) {
    // executeOnEntries has no async form; it runs on every partition's own thread, in parallel across members.
    return vertx.executeBlocking(() -> {
      Collection<Member> members = hazelcast.getCluster().getMembers();
      if (MemberChanges.everyMemberSays(members, COUNT_ON_PARTITIONS_ATTRIBUTE)) {
        UndeliveredCensus all = new UndeliveredCensus(reportSendersFrom);
        peers.executeOnEntries(new PeerProcessors.CountUndelivered()).values().forEach(all::combine);
        return all.aggregate();
      }
      if (MemberChanges.everyMemberSays(members, CENSUS_ATTRIBUTE)) {
        // The previous release's way, while one of its nodes is in the cluster: a scan beside the partition
        // threads, which may fail on a mailbox changing under it; the budget then keeps the last count.
        return peers.aggregate(new UndeliveredCensus(reportSendersFrom));
      }
      // Fields every release's PeerRecord has, read by Hazelcast's reflection: the mailbox, without the item in
      // flight (at most one per peer) and without a count by sender.
      long bodies = peers.aggregate(Aggregators.longSum("queuedBytes"));
      long items = peers.aggregate(Aggregators.integerSum("queuedItems"));
      return new UndeliveredCount(bodies + items * MailItem.OVERHEAD_BYTES, items, Map.of(), Map.of(), false);
    }, false);
  }

  @Override
  public Future<RoomCount> countRooms(long cutoff) {
    // aggregate and size have no async form; each runs on every member's partitions in parallel.
    return vertx.executeBlocking(() -> {
      if (roster.trusted()) {
        return peers.aggregate(new RoomTally(cutoff));
      }
      long all = peers.size();
      return new RoomCount(0, all, cutoff, all, 0);
    }, false);
  }

  private <T> Future<T> onCaller(CompletionStage<T> stage) {
    return Future.fromCompletionStage(DirectStages.plain(stage), vertx.getOrCreateContext());
  }

  @Override
  public long ownedPeerCount() {
    return peers.getLocalMapStats().getOwnedEntryCount();
  }
}
