package io.signaling.directory;

import com.hazelcast.core.ReadOnly;
import com.hazelcast.map.EntryProcessor;
import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import io.signaling.format.FieldsIn;
import io.signaling.format.FieldsOut;
import java.io.IOException;
import java.util.Arrays;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The atomic steps on one peer record. Each runs on the partition thread that owns the peer, and again on the
 * backup replica, so each is deterministic: the clock is read by the caller and passed in. A changed record
 * is always written back with {@code setValue}; {@code setValue(null)} removes the peer.
 *
 * <p>Each step is also idempotent for the same request: when the member owning a partition dies, Hazelcast may
 * run an operation again on the promoted backup after the first run already took effect there. A repeated
 * park or take by the same waiter gets the same item, a repeated store or registration changes nothing.
 */
final class PeerProcessors {

  private static final Logger LOG = LoggerFactory.getLogger(PeerProcessors.class);

  private PeerProcessors() {
  }

  /** Base of every processor on the peers map. */
  abstract static class Step<R> extends FieldlessObject implements EntryProcessor<Integer, PeerRecord, R> {
  }

  /** A step on behalf of one /wait: it carries the waiter and the caller's clock. */
  abstract static class WaiterStep<R> extends Step<R> {
    Waiter waiter;
    long now;

    WaiterStep() {
    }

    WaiterStep(Waiter waiter, long now) {
      this.waiter = waiter;
      this.now = now;
    }

    @Override
    void writeFields(FieldsOut out) {
      writeNested(out, waiter);
      out.writeLong(now);
    }

    @Override
    void readFields(FieldsIn in) throws IOException {
      waiter = readNested(in, Waiter::new);
      now = in.readLong();
      if (waiter == null) {
        throw new IOException(getClass().getSimpleName() + " without its waiter");
      }
    }

    @Override
    void writePositional(ObjectDataOutput out) throws IOException {
      out.writeObject(waiter);
      out.writeLong(now);
    }

    @Override
    void readPositional(ObjectDataInput in) throws IOException {
      waiter = in.readObject();
      now = in.readLong();
    }
  }

  /** Creates the record of a new peer, bound to its owner; false if the id was somehow taken. */
  static final class Register extends Step<Boolean> {
    private byte[] name;
    private long now;
    private PeerOwner owner = PeerOwner.NOBODY;

    Register() {
    }

    Register(byte[] name, long now, PeerOwner owner) {
      this.name = name;
      this.now = now;
      this.owner = owner;
    }

    @Override
    public Boolean process(Map.Entry<Integer, PeerRecord> entry) {
      PeerRecord existing = entry.getValue();
      if (existing != null) {
        return existing.joinedAt() == now && Arrays.equals(existing.name(), name); // true if this very step ran
      }
      entry.setValue(new PeerRecord(entry.getKey(), name, now, owner));
      return true;
    }

    @Override
    int type() {
      return DirectorySerialization.REGISTER;
    }

    @Override
    int revision() {
      return 3;
    }

    @Override
    void writeFields(FieldsOut out) {
      out.writeBytes(name).writeLong(now);
      owner.writeTo(out); // revision 2; its room part revision 3
    }

    @Override
    void readFields(FieldsIn in) throws IOException {
      name = in.readBytes();
      now = in.readLong();
      if (name == null) {
        throw new IOException("a registration without a name");
      }
      owner = PeerOwner.readFrom(in, PeerOwner.NOBODY);
    }

    @Override
    void writePositional(ObjectDataOutput out) throws IOException {
      out.writeByteArray(name);
      out.writeLong(now);
    }

    @Override
    void readPositional(ObjectDataInput in) throws IOException {
      name = in.readByteArray();
      now = in.readLong();
    }
  }

  /**
   * A /wait arrives: take the mailbox head for it, or park it (the newest /wait wins). A /wait from someone
   * other than the peer's owner is told the peer is unknown, and the owner's own parked /wait stays.
   */
  static final class Park extends WaiterStep<ParkOutcome> {
    /** Who sent the /wait; null from a node of a release without binding. */
    private PeerOwner presenter;
    /**
     * The peer's previous /wait on the parking node, whose item that node wrote and has not settled yet: settled
     * here first, as delivered (a settle folded into the park that follows it). Null when there is none.
     */
    private Waiter settled;

    Park() {
    }

    Park(Waiter waiter, long now, PeerOwner presenter) {
      this(waiter, now, presenter, null);
    }

    Park(Waiter waiter, long now, PeerOwner presenter, Waiter settled) {
      super(waiter, now);
      this.presenter = presenter;
      this.settled = settled;
    }

    @Override
    public ParkOutcome process(Map.Entry<Integer, PeerRecord> entry) {
      PeerRecord peer = entry.getValue();
      // The node's own word that it wrote the item, whoever sent this /wait: settled before anything is checked.
      if (peer != null && settled != null && Settle.apply(peer, settled, true, now)) {
        entry.setValue(peer);
      }
      if (peer == null || !peer.owner().sameRoom(presenter)) {
        return new ParkOutcome(ParkOutcome.Kind.UNKNOWN_PEER, null, null);
      }
      if (!peer.owner().admits(presenter)) {
        return new ParkOutcome(ParkOutcome.Kind.NOT_OWNER, null, null);
      }
      MailItem alreadyHandedOut = peer.inFlightTo(waiter);
      if (alreadyHandedOut != null) {
        return new ParkOutcome(ParkOutcome.Kind.ANSWER_NOW, alreadyHandedOut, null); // this very step ran before
      }
      // Any /wait counts as activity, also one answered at once (the reference counts only parked ones).
      peer.touch(now);
      // The /wait this one replaces: the parked one, else the one the item in flight went to, whose node may hold
      // that item's settle for a park that now comes elsewhere; dropping it makes that node settle at once.
      Waiter older = peer.waiter() != null ? peer.waiter() : peer.inFlightTo();
      if (NeedsRecovery.inFlightTooLong(peer, now)) {
        peer.putBackInFlight(); // its node never settled it: deliver it again rather than lose it
      }
      if (!peer.hasInFlight()) {
        MailItem head = peer.handOut(waiter, now);
        if (head != null) {
          peer.setWaiter(null);
          entry.setValue(peer);
          return new ParkOutcome(ParkOutcome.Kind.ANSWER_NOW, head, older);
        }
      }
      // Nothing to take, or the previous item is still being handed over: wait for the settle to wake us.
      peer.setWaiter(waiter);
      entry.setValue(peer);
      return new ParkOutcome(ParkOutcome.Kind.PARKED, null, older);
    }

    @Override
    int type() {
      return DirectorySerialization.PARK;
    }

    @Override
    int revision() {
      return 3;
    }

    @Override
    void writeFields(FieldsOut out) {
      super.writeFields(out);
      PeerOwner.writePresenter(out, presenter); // revision 2
      if (settled != null && presenter != null) {
        writeNested(out, settled); // revision 3, sent only while every member reads it (SettleOnPark)
      }
    }

    @Override
    void readFields(FieldsIn in) throws IOException {
      super.readFields(in);
      presenter = PeerOwner.readFrom(in, null);
      settled = in.hasMore() ? readNested(in, Waiter::new) : null;
    }
  }

  /**
   * Stores an item at the tail of the mailbox, within its limits. If a /wait is parked and nothing is being
   * handed over, the head goes straight into flight to it and comes back with the outcome, so the node holding
   * that /wait gets the item with its wake-up instead of asking for it (one cluster round trip less).
   */
  static final class Deliver extends Step<DeliveryOutcome> {
    private MailItem item;
    private int maxItems;
    private long maxBytes;
    /**
     * The room the target must be in: the sender's, for a /message. Null for a notification (its recipients were
     * listed from the room) and from a release without rooms.
     */
    private String room;

    Deliver() {
    }

    Deliver(MailItem item, int maxItems, long maxBytes, String room) {
      this.item = item;
      this.maxItems = maxItems;
      this.maxBytes = maxBytes;
      this.room = room;
    }

    @Override
    public DeliveryOutcome process(Map.Entry<Integer, PeerRecord> entry) {
      PeerRecord peer = entry.getValue();
      if (peer == null || (room != null && !room.equals(peer.room()))) {
        return new DeliveryOutcome(DeliveryOutcome.Kind.UNKNOWN_PEER, null, 0, null);
      }
      if (peer.wasDelivered(item.id())) { // this very step ran before, and its item is delivered already
        return new DeliveryOutcome(DeliveryOutcome.Kind.STORED, null, peer.queuedItems(), null);
      }
      if (peer.holds(item.id())) { // this very step ran before: answer as it did
        MailItem handed = peer.inFlightItem();
        return handed != null && handed.id() == item.id()
            ? new DeliveryOutcome(DeliveryOutcome.Kind.STORED, peer.inFlightTo(), peer.queuedItems(), handed)
            : new DeliveryOutcome(DeliveryOutcome.Kind.STORED, peer.wakeable(), peer.queuedItems(), null);
      }
      if (peer.cancelJoinOf(item)) {
        // The peer came and went while this one was not reading: neither is told. (Run again after a member died,
        // this finds no join and queues the leave: a leave of a peer unknown to the client, which it ignores.)
        entry.setValue(peer);
        return new DeliveryOutcome(DeliveryOutcome.Kind.STORED, null, peer.queuedItems(), null);
      }
      if (!peer.hasRoomFor(item, maxItems, maxBytes)) {
        return new DeliveryOutcome(DeliveryOutcome.Kind.MAILBOX_FULL, null, peer.queuedItems(), null);
      }
      peer.append(item);
      Waiter parked = peer.wakeable();
      // The /wait stays registered until its node settles, so a lost hand-over is found again by the sweep.
      MailItem handed = parked == null ? null : peer.handOut(parked, item.storedAt());
      entry.setValue(peer);
      return new DeliveryOutcome(DeliveryOutcome.Kind.STORED, parked, peer.queuedItems(), handed);
    }

    @Override
    int type() {
      return DirectorySerialization.DELIVER;
    }

    @Override
    int revision() {
      return 2;
    }

    @Override
    void writeFields(FieldsOut out) {
      writeNested(out, item);
      out.writeInt(maxItems).writeLong(maxBytes);
      if (room != null) {
        out.writeString(room); // revision 2, only for a /message
      }
    }

    @Override
    void readFields(FieldsIn in) throws IOException {
      item = readNested(in, MailItem::new);
      maxItems = in.readInt();
      maxBytes = in.readLong();
      if (item == null) {
        throw new IOException("a delivery without its item");
      }
      room = in.hasMore() ? in.readString() : null;
    }

    @Override
    void writePositional(ObjectDataOutput out) throws IOException {
      out.writeObject(item);
      out.writeInt(maxItems);
      out.writeLong(maxBytes);
    }

    @Override
    void readPositional(ObjectDataInput in) throws IOException {
      item = in.readObject();
      maxItems = in.readInt();
      maxBytes = in.readLong();
    }
  }

  /**
   * A join or leave told to a room's peers and the room listed, in one pass: each peer listed is summarized for the
   * list a sign-in answers with, and the notification stored for it as {@link Deliver} stores it, unless the peer
   * is {@code quiet} (its client holds its share of the storage: listed, not told). A listed id whose peer is gone
   * gives null.
   */
  static final class Announce extends Step<Announced> {
    /** More than a room holds: a bound on what a member reads. */
    private static final int MAX_QUIET = 1 << 20;

    /** How the notification is stored for each peer told. */
    private Deliver delivery;
    /** Sorted, so that equal steps are written alike. */
    private int[] quiet;

    Announce() {
    }

    Announce(MailItem item, int maxItems, long maxBytes, java.util.Set<Integer> quiet) {
      this.delivery = new Deliver(item, maxItems, maxBytes, null);
      this.quiet = quiet.stream().mapToInt(Integer::intValue).sorted().toArray();
    }

    @Override
    public Announced process(Map.Entry<Integer, PeerRecord> entry) {
      PeerRecord peer = entry.getValue();
      if (peer == null) {
        return null;
      }
      PeerSummary summary = new PeerSummary(peer);
      // Usually nobody is quiet: then the key is not read (Hazelcast deserializes it on every getKey).
      boolean told = quiet.length == 0 || Arrays.binarySearch(quiet, entry.getKey()) < 0;
      return new Announced(summary, told ? delivery.process(entry) : null);
    }

    @Override
    int type() {
      return DirectorySerialization.ANNOUNCE;
    }

    @Override
    void writeFields(FieldsOut out) {
      writeNested(out, delivery);
      out.writeInt(quiet.length);
      for (int id : quiet) {
        out.writeInt(id);
      }
    }

    @Override
    void readFields(FieldsIn in) throws IOException {
      delivery = readNested(in, Deliver::new);
      if (delivery == null) {
        throw new IOException("an announcement without its delivery");
      }
      int count = in.readInt();
      if (count < 0 || count > MAX_QUIET) { // bounded, as everything read from another member
        throw new IOException("an announcement with " + count + " quiet peers");
      }
      quiet = new int[count];
      for (int i = 0; i < count; i++) {
        quiet[i] = in.readInt();
      }
    }

    @Override
    void writePositional(ObjectDataOutput out) throws IOException {
      out.writeObject(delivery);
      out.writeIntArray(quiet);
    }

    @Override
    void readPositional(ObjectDataInput in) throws IOException {
      delivery = in.readObject();
      quiet = in.readIntArray();
    }
  }

  /** A woken /wait takes the head, if it is still the peer's waiter; the peer stops waiting. */
  static final class Take extends WaiterStep<MailItem> {
    Take() {
    }

    Take(Waiter waiter, long now) {
      super(waiter, now);
    }

    @Override
    public MailItem process(Map.Entry<Integer, PeerRecord> entry) {
      PeerRecord peer = entry.getValue();
      if (peer == null) {
        return null;
      }
      MailItem alreadyHandedOut = peer.inFlightTo(waiter);
      if (alreadyHandedOut != null) {
        return alreadyHandedOut; // this very step ran before
      }
      if (!waiter.equals(peer.waiter()) || peer.hasInFlight() || peer.queuedItems() == 0) {
        return null;
      }
      MailItem head = peer.handOut(waiter, now);
      peer.setWaiter(null);
      peer.touch(now);
      entry.setValue(peer);
      return head;
    }

    @Override
    int type() {
      return DirectorySerialization.TAKE;
    }
  }

  /**
   * Ends the hand-over of the in-flight item to a waiter: written ({@code delivered}) or back to the head.
   * Returns the parked /wait that can now take the next item, or null.
   */
  static final class Settle extends WaiterStep<Waiter> {
    private boolean delivered;

    Settle() {
    }

    /** {@code now}: when the item was written (or found unwritable), the /wait's last moment of activity. */
    Settle(Waiter waiter, boolean delivered, long now) {
      super(waiter, now);
      this.delivered = delivered;
    }

    @Override
    public Waiter process(Map.Entry<Integer, PeerRecord> entry) {
      PeerRecord peer = entry.getValue();
      if (peer == null) {
        return null;
      }
      if (apply(peer, waiter, delivered, now)) {
        entry.setValue(peer);
      }
      return peer.wakeable();
    }

    /** Settles the record's hand-over to {@code waiter}, if it still has one; true when the record changed. */
    static boolean apply(PeerRecord peer, Waiter waiter, boolean delivered, long now) {
      boolean changed = delivered ? peer.settle(waiter) : peer.putBack(waiter);
      if (waiter.equals(peer.waiter())) {
        peer.setWaiter(null); // answered, or gone: that /wait takes nothing more
        changed = true;
      }
      if (changed) {
        // The /wait was open until now: its peer is not idle since it parked, which may be long ago. (An earlier
        // release sends 0 here, which changes nothing.)
        peer.touch(now);
      }
      return changed;
    }

    @Override
    int type() {
      return DirectorySerialization.SETTLE;
    }

    @Override
    void writeFields(FieldsOut out) {
      super.writeFields(out);
      out.writeBoolean(delivered);
    }

    @Override
    void readFields(FieldsIn in) throws IOException {
      super.readFields(in);
      delivered = in.readBoolean();
    }

    @Override
    void writePositional(ObjectDataOutput out) throws IOException {
      super.writePositional(out);
      out.writeBoolean(delivered);
    }

    @Override
    void readPositional(ObjectDataInput in) throws IOException {
      super.readPositional(in);
      delivered = in.readBoolean();
    }
  }

  /**
   * Puts right what lost wake-ups and departed nodes leave behind: with a departed node, the /wait it held is
   * gone (the peer starts its inactivity clock) and what it had in flight goes back to the head; in any case an
   * item in flight past the limit goes back. Returns the parked /wait that should be taking an item now: waking
   * it twice is harmless, a take checks that it is still the waiter.
   */
  static final class Recover extends Step<Waiter> {
    private NeedsRecovery scope;

    Recover() {
    }

    /** Works on what {@code scope} selects: the same departed node (or none) and the same clock. */
    Recover(NeedsRecovery scope) {
      this.scope = scope;
    }

    @Override
    public Waiter process(Map.Entry<Integer, PeerRecord> entry) {
      PeerRecord peer = entry.getValue();
      if (peer == null) {
        return null;
      }
      boolean changed = false;
      if (NeedsRecovery.waitsOn(peer, scope.departedNode())) {
        peer.setWaiter(null);
        peer.touch(scope.now());
        changed = true;
      }
      boolean departed = NeedsRecovery.handedTo(peer, scope.departedNode());
      if (departed || NeedsRecovery.inFlightTooLong(peer, scope.now())) {
        if (!departed) {
          // No node left, yet a hand-over was never settled: a settle lost on its way, a bug to look into. The
          // step runs on the record's owner and again on each backup, so each logs it.
          LOG.warn("peer {}: item {} in flight to {} for {} ms without a settle; put back to go out again",
              entry.getKey(), Long.toHexString(peer.inFlightItem().id()), peer.inFlightTo(),
              scope.now() - peer.inFlightSince());
        }
        peer.putBackInFlight();
        changed = true;
      }
      if (changed) {
        entry.setValue(peer);
      }
      return peer.owesItsWaiter();
    }

    @Override
    int type() {
      return DirectorySerialization.RECOVER;
    }

    @Override
    void writeFields(FieldsOut out) {
      writeNested(out, scope);
    }

    @Override
    void readFields(FieldsIn in) throws IOException {
      scope = readNested(in, NeedsRecovery::new);
      if (scope == null) {
        throw new IOException("a recovery without its scope");
      }
    }

    @Override
    void writePositional(ObjectDataOutput out) throws IOException {
      scope.writePositional(out);
    }

    @Override
    void readPositional(ObjectDataInput in) throws IOException {
      scope = new NeedsRecovery();
      scope.readPositional(in);
    }
  }

  /** The client closed its parked /wait: forget it (if still current) and start the inactivity clock. */
  static final class Unpark extends WaiterStep<Waiter> {
    Unpark() {
    }

    Unpark(Waiter waiter, long now) {
      super(waiter, now);
    }

    @Override
    public Waiter process(Map.Entry<Integer, PeerRecord> entry) {
      PeerRecord peer = entry.getValue();
      if (peer == null) {
        return null;
      }
      // An item already on its way to this /wait (with its wake-up) can no longer reach it: back to the head.
      boolean putBack = peer.putBack(waiter);
      boolean wasWaiting = waiter.equals(peer.waiter());
      if (!putBack && !wasWaiting) {
        return null;
      }
      if (wasWaiting) {
        peer.setWaiter(null);
      }
      peer.touch(now);
      entry.setValue(peer);
      return peer.wakeable(); // a newer /wait, parked while the item was on its way to this one
    }

    @Override
    int type() {
      return DirectorySerialization.UNPARK;
    }
  }

  /**
   * A listed peer as a peer list shows it, or null if it is gone or not in the room the list is of (a roster entry
   * never disagrees with its record, but the list holds only what the records say); read-only.
   */
  static final class Summarize extends Step<PeerSummary> implements ReadOnly {
    private String room;

    Summarize() {
    }

    Summarize(String room) {
      this.room = room;
    }

    @Override
    public PeerSummary process(Map.Entry<Integer, PeerRecord> entry) {
      PeerRecord peer = entry.getValue();
      return peer != null && peer.room().equals(room) ? new PeerSummary(peer) : null;
    }

    @Override
    public EntryProcessor<Integer, PeerRecord, PeerSummary> getBackupProcessor() {
      return null;
    }

    @Override
    int type() {
      return DirectorySerialization.SUMMARIZE;
    }

    @Override
    void writeFields(FieldsOut out) {
      out.writeString(room);
    }

    @Override
    void readFields(FieldsIn in) throws IOException {
      String read = in.readString();
      room = read == null ? "" : read;
    }

    @Override
    void writePositional(ObjectDataOutput out) throws IOException {
      out.writeString(room);
    }

    @Override
    void readPositional(ObjectDataInput in) throws IOException {
      String read = in.readString();
      room = read == null ? "" : read;
    }
  }

  /**
   * Counts one peer's undelivered items on the partition's own thread, where the mailbox is never changed at the
   * same time (an aggregation over an OBJECT-format map reads the records from a query thread, beside the entry
   * processors that change them). Null for a peer holding nothing, so only holders travel back.
   */
  static final class CountUndelivered extends Step<UndeliveredCensus> implements ReadOnly {

    @Override
    public UndeliveredCensus process(Map.Entry<Integer, PeerRecord> entry) {
      UndeliveredCensus one = new UndeliveredCensus(0);
      one.accumulate(entry);
      return one.isEmpty() ? null : one;
    }

    @Override
    public EntryProcessor<Integer, PeerRecord, UndeliveredCensus> getBackupProcessor() {
      return null;
    }

    @Override
    int type() {
      return DirectorySerialization.COUNT_UNDELIVERED;
    }
  }

  /**
   * Whether the peer is signed in and the request comes from its owner; read-only, so Hazelcast runs no backup
   * step for it.
   */
  static final class Exists extends Step<Boolean> implements ReadOnly {
    /** Who asks; null from a node of a release without binding. */
    private PeerOwner presenter;

    Exists() {
    }

    Exists(PeerOwner presenter) {
      this.presenter = presenter;
    }

    @Override
    public Boolean process(Map.Entry<Integer, PeerRecord> entry) {
      PeerRecord peer = entry.getValue();
      return peer != null && peer.owner().admits(presenter);
    }

    @Override
    int revision() {
      return 2;
    }

    @Override
    void writeFields(FieldsOut out) {
      PeerOwner.writePresenter(out, presenter); // revision 2
    }

    @Override
    void readFields(FieldsIn in) throws IOException {
      presenter = PeerOwner.readFrom(in, null);
    }

    @Override
    public EntryProcessor<Integer, PeerRecord, Boolean> getBackupProcessor() {
      return null;
    }

    @Override
    int type() {
      return DirectorySerialization.EXISTS;
    }
  }

  /**
   * Removes the peer, with its mailbox. With a cutoff, only if it is still idle: no parked /wait and last seen
   * before the cutoff (the sweep's check, repeated atomically). Returns what was removed, or null.
   */
  static final class Remove extends Step<PeerSummary> {
    private long idleCutoff;
    /** Who signs the peer out; null for the node's own removals (and from a release without binding). */
    private PeerOwner presenter;

    Remove() {
    }

    Remove(long idleCutoff) {
      this.idleCutoff = idleCutoff;
    }

    static Remove always() {
      return new Remove(Long.MAX_VALUE);
    }

    /** A /sign_out: only the peer's owner may. */
    static Remove by(PeerOwner presenter) {
      Remove remove = always();
      remove.presenter = presenter;
      return remove;
    }

    @Override
    public PeerSummary process(Map.Entry<Integer, PeerRecord> entry) {
      PeerRecord peer = entry.getValue();
      if (peer == null || !peer.owner().admits(presenter)) {
        return null;
      }
      if (idleCutoff != Long.MAX_VALUE && !IdlePeers.isIdle(peer, idleCutoff)) {
        return null;
      }
      entry.setValue(null);
      return new PeerSummary(peer);
    }

    @Override
    int type() {
      return DirectorySerialization.REMOVE;
    }

    @Override
    int revision() {
      return 2;
    }

    @Override
    void writeFields(FieldsOut out) {
      out.writeLong(idleCutoff);
      PeerOwner.writePresenter(out, presenter); // revision 2, only for a /sign_out
    }

    @Override
    void readFields(FieldsIn in) throws IOException {
      idleCutoff = in.readLong();
      presenter = PeerOwner.readFrom(in, null);
    }

    @Override
    void writePositional(ObjectDataOutput out) throws IOException {
      out.writeLong(idleCutoff);
    }

    @Override
    void readPositional(ObjectDataInput in) throws IOException {
      idleCutoff = in.readLong();
    }
  }
}
