package io.signaling.directory;

import io.vertx.core.Future;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The cluster-wide state of the signaling server: who is signed in, where each peer's /wait is parked, and
 * each peer's mailbox. Every operation is atomic for its peer and completes (on the caller's Vert.x context)
 * only once the change is stored with its backup, so a reply sent after it is read-your-writes everywhere.
 */
public interface PeerDirectory {

  /**
   * An item in flight longer than this was handed over by a node that never settled it (its settle failed);
   * the peer's next /wait gets it again. A hand-over normally settles within milliseconds.
   */
  long IN_FLIGHT_LIMIT_MILLIS = 10_000;

  /**
   * A candidate id for a new peer: random from 1 to 2^31-1. It is the peer's only once {@link #register} says so;
   * a sign-in whose candidate is taken draws another.
   */
  int candidateId();

  /** Creates the peer record, bound to its owner, if no peer holds the id; false if one does. */
  Future<Boolean> register(int id, byte[] name, long now, PeerOwner owner);

  /**
   * Whether rooms are open: every member keeps them and the roster has every peer ({@code Roster}). While a member
   * does not (a rolling upgrade from a release without rooms), only the default room is open.
   */
  boolean roomsOpen();

  /** Completes once {@link #roomsOpen} says what it will when the node starts serving. */
  Future<Void> ready();

  /** Every peer signed in to the room ({@code ""}: the default room), in no particular order. */
  Future<List<PeerSummary>> list(String room);

  /**
   * The same by a pass over every peer record, as releases before rooms list, whether or not rooms are open: cheaper
   * than the roster's lookup when the room holds most of the peers online, for the roster's costs more per peer
   * listed than the pass per peer passed. A peer whose record went through a member of a release before rooms is in
   * the default room.
   */
  Future<List<PeerSummary>> scan(String room);

  /**
   * The ids of the room's peers, from the roster: only while {@link #roomsOpen} (else {@link #list} them). A set of
   * the caller's own, to change as it likes.
   */
  Future<Set<Integer>> roomIds(String room);

  /**
   * Tells these peers of a join or leave and lists them, in one step per partition: what each peer still signed in
   * is, and what became of the notification stored for it; {@code quiet} ones are listed, not told. Only while
   * {@link #roomsOpen}: a member of a release before rooms lacks the step.
   */
  Future<Map<Integer, Announced>> announceTo(Set<Integer> peers, MailItem item, Set<Integer> quiet);

  /** Whether the peer is signed in and {@code presenter} may act for it ({@link PeerOwner#admits}). */
  Future<Boolean> exists(int id, PeerOwner presenter);

  /**
   * Appends an item to a peer's mailbox, within the mailbox limits; a peer not in {@code room} is unknown
   * (null: any room).
   */
  Future<DeliveryOutcome> deliver(int to, MailItem item, String room);

  /** {@link #deliver} to a peer in any room. */
  default Future<DeliveryOutcome> deliver(int to, MailItem item) {
    return deliver(to, item, null);
  }

  /** {@link #deliver} to many peers at once, batched per partition. */
  Future<Map<Integer, DeliveryOutcome>> deliverToEach(Set<Integer> recipients, MailItem item);

  /**
   * A /wait of the peer: hand it the mailbox head, or park it as the peer's one waiter. A handed-out item stays
   * in flight, and no other item is handed out, until {@link #settle} says how its hand-over ended.
   */
  Future<ParkOutcome> park(int id, Waiter waiter, long now, PeerOwner presenter);

  /**
   * The same, first settling as delivered the hand-over to {@code written}, the peer's previous /wait on this node,
   * whose item this node wrote (one cluster step instead of two). Only while {@link #settlesOnPark} says so.
   */
  Future<ParkOutcome> park(int id, Waiter waiter, long now, PeerOwner presenter, Waiter written);

  /**
   * Whether every member can settle within a park ({@link #park(int, Waiter, long, PeerOwner, Waiter)}); a member
   * of an earlier release would park without settling, and the item would stay in flight until it is recovered.
   */
  boolean settlesOnPark();

  /** A woken waiter takes the mailbox head into flight; null if it is no longer the waiter or nothing can go. */
  Future<MailItem> take(int id, Waiter waiter, long now);

  /**
   * Ends the hand-over of the item in flight to that waiter: removed for good when {@code delivered}, else put
   * back at the head. The peer counts as seen at {@code now} (its /wait was open until then). Returns the parked
   * /wait that can take the next item now, or null.
   */
  Future<Waiter> settle(int id, Waiter waiter, boolean delivered, long now);

  /**
   * A node has left the cluster: clears the waiters it held and puts back what it had in flight, on every peer.
   * Returns, by peer, the parked /waits on other nodes that can now take an item, including those whose
   * wake-up the departed node may have owed.
   */
  Future<Map<Integer, Waiter>> forgetNode(String node, long now);

  /**
   * This node's share of the safety net for lost wake-ups: the parked /waits of peers it owns that should be
   * taking an item but are not (and items in flight past {@link #IN_FLIGHT_LIMIT_MILLIS} go back first).
   */
  Future<Map<Integer, Waiter>> wakeableLocalPeers(long now);

  /**
   * Leaves wake-ups for /waits parked on other nodes in the cluster's state, where each node finds its own with
   * {@link #takeWakeUps}: the way round an event bus that cannot carry them (nodes whose TLS settings differ, in
   * the roll that turns TLS on). Best effort and bounded: what does not fit, or is lost with a node, the next
   * sweep finds again.
   */
  Future<Void> leaveWakeUps(java.util.Collection<Waiter> waiters);

  /** Takes the wake-ups other nodes left for this node's /waits. */
  Future<java.util.List<Waiter>> takeWakeUps(String node);

  /** Drops what was left for a node that is gone. */
  Future<Void> dropWakeUps(String node);

  /** The waiter's connection closed: the peer no longer waits (if that was its current waiter). */
  Future<Waiter> unpark(int id, Waiter waiter, long now);

  /** Removes the peer; returns it, or null if it was not signed in. */
  Future<PeerSummary> remove(int id);

  /** Signs the peer out for {@code presenter}; returns it, or null if it was not signed in or is not theirs. */
  Future<PeerSummary> signOut(int id, PeerOwner presenter);

  /** Ids of peers owned by this node that have not waited since the cutoff: this node's share of the sweep. */
  Future<Set<Integer>> idleLocalPeers(long cutoff);

  /** Removes the peer only if it is still idle since the cutoff; returns it, or null. */
  Future<PeerSummary> removeIfIdle(int id, long cutoff);

  /** Records the client address a peer signed in from, for the per-address share of the storage budget. */
  Future<Void> rememberAddress(int id, String address);

  /** Forgets a removed peer's address. */
  Future<Void> forgetAddress(int id);

  /** The addresses of these peers, where known; blocking (a cluster call), so never on an event loop. */
  Map<Integer, String> addressesOf(Set<Integer> ids);

  /**
   * Counts every undelivered item in the cluster (a pass over all peer records, on every member): in all, by
   * sender for the senders holding at least {@code reportSendersFrom}, and by the peer that holds them.
   */
  Future<UndeliveredCount> countUndelivered(long reportSendersFrom);

  /**
   * Counts the peers of every room (a pass over all peer records, on every member), and apart those that joined
   * before {@code cutoff}. While rooms are closed ({@link #roomsOpen}) every peer is counted in the default room, with
   * a count every release answers, all of them as joined before the cutoff.
   */
  Future<RoomCount> countRooms(long cutoff);

  /**
   * Signed-in peers whose records this node owns, counted locally without a cluster call (it may block briefly,
   * so not on an event loop). Summed over the nodes it is the number of peers online.
   */
  long ownedPeerCount();
}
