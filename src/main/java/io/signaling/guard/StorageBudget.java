package io.signaling.guard;

import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The bound on what the cluster holds undelivered (message bodies and notifications, with their per-item
 * overhead), as this node applies it to what it stores. Shared by the node's event loops.
 *
 * <p>Why one bound for the whole cluster, counted once, keeps every node alive: a node holds at most one copy of
 * each item (a primary or a backup, never both), so however Hazelcast places the copies, and whichever partitions
 * a node takes over when another dies, no node ever holds more than the whole. The budget is therefore sized from
 * what one node can hold (by default a quarter of its heap).
 *
 * <p>How it is applied without a cluster round trip per message: once a second the oldest node counts everything
 * (a {@link Count}) and tells every node. Until the next count, each of the {@code members} nodes may store up to
 * its share of what was left, {@code (budget - counted) / members}, and counts what it stores itself. What it
 * stored since the count before the last is charged too, because a count running while items arrive may or may
 * not have seen them: the bound errs on the side of refusing. A sender is held to its own bound the same way, with
 * the count's figure for it (the count names every sender that holds at least half of its bound). And the peers
 * of one client address share a bound for what their mailboxes hold: the count names the peers whose address
 * holds that much, and nothing more is stored for them until their clients read.
 */
public final class StorageBudget {

  /**
   * The bounds, in bytes: the whole cluster's; one sender's across all its recipients; and what the mailboxes of
   * the peers of one client address may hold (the client that does not read its items owns them).
   */
  public record Settings(long maxStoredBytes, long maxSenderBytes, long maxAddressBytes) {
  }

  /**
   * What the last count found; {@code members} is how many nodes share what is left. {@code holderAddresses}
   * names the client address of every peer that held anything (where known), {@code addressHeld} what the peers
   * of each address held in all.
   */
  public record Count(long bytes, Map<Integer, Long> heavySenders, Map<Integer, String> holderAddresses,
                      Map<String, Long> addressHeld, int members) {
  }

  private final Settings settings;
  private final Consumer<Limit> onRefusal;
  private Count count;
  /** What this node stored since the count before last: in all (one key), by sender, by recipient's address. */
  private final Charges<String> stored = new Charges<>();
  private final Charges<Integer> bySender = new Charges<>();
  private final Charges<String> byAddress = new Charges<>();

  /** The one key of {@link #stored}. */
  private static final String ALL = "all";

  /**
   * Charges by key over two generations, the current one and the one before: a count may or may not have seen
   * what was charged while it ran, so a charge is dropped only at the second count after it.
   */
  private static final class Charges<K> {
    private Map<K, Long> now = new HashMap<>();
    private Map<K, Long> before = new HashMap<>();

    void add(K key, long cost) {
      now.merge(key, cost, Long::sum);
    }

    /** Takes back a charge of the current generation (never below zero). */
    void takeBack(K key, long cost) {
      now.computeIfPresent(key, (ignored, held) -> held > cost ? held - cost : null);
    }

    long of(K key) {
      return now.getOrDefault(key, 0L) + before.getOrDefault(key, 0L);
    }

    /** Shows {@code visit} every key charged in either generation (a key in both, twice), copying none. */
    void forEachKey(Consumer<K> visit) {
      now.keySet().forEach(visit);
      before.keySet().forEach(visit);
    }

    void counted() {
      before = now;
      now = new HashMap<>();
    }
  }

  /** @param members the nodes in the cluster before any count arrives */
  public StorageBudget(Settings settings, int members, Consumer<Limit> onRefusal) {
    this.settings = settings;
    this.onRefusal = onRefusal;
    this.count = new Count(0, Map.of(), Map.of(), Map.of(), Math.max(1, members));
  }

  /** Bytes a sender may hold undelivered across the cluster; the count reports senders from half of it. */
  public long maxSenderBytes() {
    return settings.maxSenderBytes();
  }

  public long maxStoredBytes() {
    return settings.maxStoredBytes();
  }

  public long maxAddressBytes() {
    return settings.maxAddressBytes();
  }

  /**
   * Those of {@code peers} whose client address holds its share: items for them are refused (a notification, dropped)
   * until their clients read. A fan-out asks this for every peer of a room, so the addresses over their share are
   * found first: usually none, and then no peer is looked up at all.
   */
  public synchronized Set<Integer> holdingTheirShare(Collection<Integer> peers) {
    // Only addresses charged something can hold anything; the others are not copied (a room may span thousands).
    Set<String> full = new HashSet<>();
    Consumer<String> ifFull = address -> {
      if (addressHolds(address) >= settings.maxAddressBytes()) {
        full.add(address);
      }
    };
    count.addressHeld().keySet().forEach(ifFull);
    byAddress.forEachKey(ifFull);
    if (full.isEmpty()) {
      return Set.of();
    }
    Set<Integer> holding = new HashSet<>();
    for (Integer peer : peers) {
      String address = count.holderAddresses().get(peer);
      if (address != null && full.contains(address)) {
        holding.add(peer);
      }
    }
    return holding;
  }

  /** A new count: the node's share starts over from what it found. */
  public synchronized void counted(Count latest) {
    count = new Count(latest.bytes(), Map.copyOf(latest.heavySenders()), Map.copyOf(latest.holderAddresses()),
        Map.copyOf(latest.addressHeld()), Math.max(1, latest.members()));
    stored.counted();
    bySender.counted();
    byAddress.counted();
  }

  /**
   * Reserves room for an item of {@code cost} bytes from {@code sender} (0 for notifications, which have no
   * sender) to {@code recipient} (0 for a fan-out, whose recipients are checked one by one): null when it fits,
   * else the limit it would pass.
   */
  public synchronized Limit reserve(int sender, int recipient, long cost) {
    String address = recipient == 0 ? null : count.holderAddresses().get(recipient);
    if (address != null && addressHolds(address) + cost > settings.maxAddressBytes()) {
      onRefusal.accept(Limit.ADDRESS_BYTES);
      return Limit.ADDRESS_BYTES;
    }
    if (stored.of(ALL) + cost > share()) {
      onRefusal.accept(Limit.STORED_BYTES);
      return Limit.STORED_BYTES;
    }
    if (sender != 0 && senderHolds(sender) + cost > settings.maxSenderBytes()) {
      onRefusal.accept(Limit.SENDER_BYTES);
      return Limit.SENDER_BYTES;
    }
    charge(sender, cost);
    if (address != null) {
      byAddress.add(address, cost);
    }
    return null;
  }

  /**
   * Charges what must be stored whatever the budget says (a leave announcement: a peer's going cannot be
   * refused). It still counts, so that it shrinks what others may store.
   */
  public synchronized void chargeAnyway(long cost) {
    charge(0, cost);
  }

  /** A reservation that was not stored after all (unknown target, full mailbox). */
  public synchronized void release(int sender, int recipient, long cost) {
    stored.takeBack(ALL, cost);
    if (sender != 0) {
      bySender.takeBack(sender, cost);
    }
    String address = recipient == 0 ? null : count.holderAddresses().get(recipient);
    if (address != null) {
      byAddress.takeBack(address, cost);
    }
  }

  /** What the last count found in the whole cluster (a gauge). */
  public synchronized long countedBytes() {
    return count.bytes();
  }

  /** What this node may still store before the next count (a gauge, and for tests). */
  public synchronized long room() {
    return Math.max(0, share() - stored.of(ALL));
  }

  private long share() {
    return Math.max(0, settings.maxStoredBytes() - count.bytes()) / count.members();
  }

  private long addressHolds(String address) {
    return count.addressHeld().getOrDefault(address, 0L) + byAddress.of(address);
  }

  private long senderHolds(int sender) {
    return count.heavySenders().getOrDefault(sender, 0L) + bySender.of(sender);
  }

  private void charge(int sender, long cost) {
    stored.add(ALL, cost);
    if (sender != 0) {
      bySender.add(sender, cost);
    }
  }
}
