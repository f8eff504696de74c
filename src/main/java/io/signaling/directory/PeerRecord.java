package io.signaling.directory;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import io.signaling.format.FieldsIn;
import io.signaling.format.FieldsOut;
import java.io.IOException;

/**
 * A signed-in peer as the cluster keeps it: its name, when it was last waiting, where its /wait is parked,
 * and its mailbox. The mailbox lives in the record so that "take the head or park" and "wake or enqueue" are
 * single atomic entry-processor steps. Only entry processors of this package change it.
 */
public final class PeerRecord extends ClusterObject {

  private int id;
  private byte[] name;
  private long joinedAt;
  private long lastSeen;
  private Waiter waiter;
  private Mailbox mailbox = new Mailbox();
  private long queuedBytes;
  /** The item last handed to a /wait, kept until that node settles it: delivery survives a node crash. */
  private MailItem inFlight;
  private Waiter inFlightTo;
  private long inFlightSince;
  /**
   * The ids of the last items handed over for good, oldest first (revision 2). A split-brain merge needs them:
   * an item the other half still holds but this one delivered must not be delivered again.
   */
  private long[] delivered = NONE_DELIVERED;
  /**
   * Whom requests for this peer must come from (revision 3) and the room it is in (revision 4, the owner's last
   * part); {@link PeerOwner#NOBODY} in earlier records.
   */
  private PeerOwner owner = PeerOwner.NOBODY;

  /** How many delivered ids a record remembers: more than a call's burst of candidates in the seconds of a split. */
  static final int DELIVERED_KEPT = 16;
  private static final long[] NONE_DELIVERED = new long[0];

  public PeerRecord() {
    // for Hazelcast
  }

  PeerRecord(int id, byte[] name, long now, PeerOwner owner) {
    this.id = id;
    this.name = name;
    this.joinedAt = now;
    this.lastSeen = now;
    this.owner = owner;
  }

  public int id() {
    return id;
  }

  public byte[] name() {
    return name;
  }

  public long joinedAt() {
    return joinedAt;
  }

  public long lastSeen() {
    return lastSeen;
  }

  public PeerOwner owner() {
    return owner;
  }

  /**
   * The room the peer signed in to, {@code ""} for the default room: the attribute the directory's room index and
   * queries name ({@code HazelcastPeerDirectory.ROOM_ATTRIBUTE}), hence public. It never changes.
   */
  public String room() {
    return owner.room();
  }

  /** The parked /wait, or null when the peer is not waiting. */
  public Waiter waiter() {
    return waiter;
  }

  public int queuedItems() {
    return mailbox.size();
  }

  boolean hasInFlight() {
    return inFlight != null;
  }

  Waiter inFlightTo() {
    return inFlightTo;
  }

  /** The item being handed over, or null. */
  MailItem inFlightItem() {
    return inFlight;
  }

  /** The item in flight to exactly this waiter, or null. */
  MailItem inFlightTo(Waiter waiter) {
    return inFlight != null && inFlightTo.equals(waiter) ? inFlight : null;
  }

  /** Whether the mailbox or the hand-over under way already holds this item. */
  boolean holds(long itemId) {
    return (inFlight != null && inFlight.id() == itemId) || mailbox.containsId(itemId);
  }

  /** Every item not yet delivered: the mailbox and the one in flight, if any. */
  void forEachUndelivered(java.util.function.Consumer<MailItem> action) {
    mailbox.forEach(action);
    if (inFlight != null) {
      action.accept(inFlight);
    }
  }

  long inFlightSince() {
    return inFlightSince;
  }

  /** Moves the mailbox head into flight towards a /wait; null if the mailbox is empty. */
  MailItem handOut(Waiter to, long now) {
    MailItem head = poll();
    if (head != null) {
      inFlight = head;
      inFlightTo = to;
      inFlightSince = now;
    }
    return head;
  }

  /** The hand-over to that waiter succeeded: the item is gone for good. */
  boolean settle(Waiter to) {
    if (inFlight == null || !inFlightTo.equals(to)) {
      return false;
    }
    rememberDelivered(inFlight.id());
    clearInFlight();
    return true;
  }

  private void rememberDelivered(long itemId) {
    int kept = Math.min(delivered.length, DELIVERED_KEPT - 1);
    long[] next = new long[kept + 1];
    System.arraycopy(delivered, delivered.length - kept, next, 0, kept);
    next[kept] = itemId;
    delivered = next;
  }

  boolean wasDelivered(long itemId) {
    for (long id : delivered) {
      if (id == itemId) {
        return true;
      }
    }
    return false;
  }

  /**
   * Whether the other record is this same peer, as the other half of a split kept it: the same sign-in (ids are
   * random, so one id on both sides is one peer, unless two sign-ins drew it on the two sides at once).
   */
  boolean samePeerAs(PeerRecord other) {
    return id == other.id && joinedAt == other.joinedAt && java.util.Arrays.equals(name, other.name)
        && room().equals(other.room());
  }

  /**
   * This record (kept by the majority) united with the same peer's record from the other half of a split, as a
   * new record. The mailbox holds every item either side still owes, once, in the order they were stored: this
   * side's items first where stored at the same time. An item one side already delivered is not owed again; nor is
   * one only the other side holds that was stored before {@code keepFrom}, before the split: this side held it
   * too and delivered it. The other side's /wait is not kept: that side closed its parked /waits when it lost the
   * quorum.
   */
  PeerRecord unitedWith(PeerRecord other, long keepFrom) {
    PeerRecord united = new PeerRecord(id, name, joinedAt, owner);
    united.lastSeen = Math.max(lastSeen, other.lastSeen);
    united.waiter = waiter;
    united.inFlight = inFlight;
    united.inFlightTo = inFlightTo;
    united.inFlightSince = inFlightSince;
    java.util.List<MailItem> theirs = new java.util.ArrayList<>();
    other.forEachUndelivered(item -> {
      if (!holds(item.id()) && !wasDelivered(item.id()) && item.storedAt() >= keepFrom) {
        theirs.add(item);
      }
    });
    theirs.sort(java.util.Comparator.comparingLong(MailItem::storedAt)); // their in-flight item was stored first
    java.util.Iterator<MailItem> next = theirs.iterator();
    MailItem pending = next.hasNext() ? next.next() : null;
    for (MailItem mine : mailbox) {
      if (other.wasDelivered(mine.id())) {
        continue;
      }
      while (pending != null && pending.storedAt() < mine.storedAt()) {
        united.append(pending);
        pending = next.hasNext() ? next.next() : null;
      }
      united.append(mine);
    }
    while (pending != null) {
      united.append(pending);
      pending = next.hasNext() ? next.next() : null;
    }
    united.delivered = delivered;
    for (long itemId : other.delivered) {
      if (!united.wasDelivered(itemId)) {
        united.rememberDelivered(itemId);
      }
    }
    return united;
  }

  /** The hand-over to that waiter failed: the item goes back in front. */
  boolean putBack(Waiter to) {
    if (inFlight == null || !inFlightTo.equals(to)) {
      return false;
    }
    putBackInFlight();
    return true;
  }

  void putBackInFlight() {
    prepend(inFlight);
    clearInFlight();
  }

  private void clearInFlight() {
    inFlight = null;
    inFlightTo = null;
    inFlightSince = 0;
  }

  /**
   * For the safety net: the parked /wait that should be getting an item, either because it can take one or
   * because one is already in flight to it (its hand-over message may have been lost). Waking it is harmless
   * when nothing was lost: a take by the waiter an item is in flight to returns that same item.
   */
  Waiter owesItsWaiter() {
    if (waiter == null) {
      return null;
    }
    return inFlight == null ? wakeable() : inFlightTo.equals(waiter) ? waiter : null;
  }

  /** The parked /wait that can take the next item now, or null. */
  Waiter wakeable() {
    return waiter != null && inFlight == null && !mailbox.isEmpty() ? waiter : null;
  }

  void setWaiter(Waiter waiter) {
    this.waiter = waiter;
  }

  void touch(long now) {
    lastSeen = Math.max(lastSeen, now);
  }

  boolean hasRoomFor(MailItem item, int maxItems, long maxBytes) {
    return mailbox.size() < maxItems && queuedBytes + item.body().length <= maxBytes;
  }

  void append(MailItem item) {
    mailbox.addLast(item);
    queuedBytes += item.body().length;
  }

  /** Puts an item back in front, after a failed hand-over; limits do not apply, it was stored already. */
  void prepend(MailItem item) {
    mailbox.addFirst(item);
    queuedBytes += item.body().length;
  }

  /**
   * A leave notification that meets the same peer's join still queued here: both go, since a client that never
   * heard of that peer need not hear it left. This is what keeps a flood of sign-ins and sign-outs from piling up
   * in the mailboxes of everybody else. Returns whether the join was there (and is gone). The lines are those of
   * {@code PeerList.line}: the same bytes up to the last one but two, then {@code 1\n} or {@code 0\n}.
   */
  boolean cancelJoinOf(MailItem leave) {
    byte[] line = leave.body();
    if (!leave.isNotification() || line.length < 3 || line[line.length - 2] != '0' || line[line.length - 1] != '\n') {
      return false;
    }
    MailItem join = mailbox.removeFirst(queued -> {
      byte[] body = queued.body();
      return queued.isNotification() && body.length == line.length && body[body.length - 2] == '1'
          && java.util.Arrays.equals(body, 0, body.length - 2, line, 0, line.length - 2);
    });
    if (join == null) {
      return false;
    }
    queuedBytes -= join.body().length;
    return true;
  }

  MailItem poll() {
    MailItem item = mailbox.pollFirst();
    if (item != null) {
      queuedBytes -= item.body().length;
    }
    return item;
  }

  @Override
  int type() {
    return DirectorySerialization.PEER_RECORD;
  }

  @Override
  void writeFields(FieldsOut out) {
    out.writeInt(id).writeBytes(name).writeLong(joinedAt).writeLong(lastSeen);
    writeNested(out, waiter);
    out.writeInt(mailbox.size());
    for (MailItem item : mailbox) {
      writeNested(out, item);
    }
    writeNested(out, inFlight);
    writeNested(out, inFlightTo);
    out.writeLong(inFlightSince);
    out.writeInt(delivered.length); // revision 2
    for (long itemId : delivered) {
      out.writeLong(itemId);
    }
    owner.writeTo(out); // revision 3; its room part revision 4
  }

  @Override
  int revision() {
    return 4;
  }

  @Override
  void readFields(FieldsIn in) throws IOException {
    id = in.readInt();
    name = in.readBytes();
    joinedAt = in.readLong();
    lastSeen = in.readLong();
    waiter = readNested(in, Waiter::new);
    int items = in.readInt();
    mailbox = new Mailbox();
    queuedBytes = 0;
    for (int i = 0; i < items; i++) {
      MailItem item = readNested(in, MailItem::new);
      if (item == null) {
        throw new IOException("peer record " + id + " has a hole in its mailbox");
      }
      append(item);
    }
    inFlight = readNested(in, MailItem::new);
    inFlightTo = readNested(in, Waiter::new);
    inFlightSince = in.readLong();
    if (name == null || (inFlight == null) != (inFlightTo == null)) {
      throw new IOException("peer record " + id + " is not whole");
    }
    delivered = NONE_DELIVERED;
    if (in.hasMore()) { // revision 2
      int count = in.readInt();
      if (count < 0 || count > DELIVERED_KEPT) {
        throw new IOException("peer record " + id + " claims " + count + " delivered ids");
      }
      long[] read = new long[count];
      for (int i = 0; i < count; i++) {
        read[i] = in.readLong();
      }
      delivered = read;
    }
    owner = PeerOwner.readFrom(in, PeerOwner.NOBODY); // revision 3, and 4 for the room
  }

  @Override
  void writePositional(ObjectDataOutput out) throws IOException {
    out.writeInt(id);
    out.writeByteArray(name);
    out.writeLong(joinedAt);
    out.writeLong(lastSeen);
    out.writeObject(waiter);
    out.writeInt(mailbox.size());
    for (MailItem item : mailbox) {
      item.writePositional(out);
    }
    out.writeObject(inFlight);
    out.writeObject(inFlightTo);
    out.writeLong(inFlightSince);
  }

  @Override
  void readPositional(ObjectDataInput in) throws IOException {
    id = in.readInt();
    name = in.readByteArray();
    joinedAt = in.readLong();
    lastSeen = in.readLong();
    waiter = in.readObject();
    int items = in.readInt();
    mailbox = new Mailbox();
    queuedBytes = 0;
    for (int i = 0; i < items; i++) {
      MailItem item = new MailItem();
      item.readPositional(in);
      append(item);
    }
    inFlight = in.readObject();
    inFlightTo = in.readObject();
    inFlightSince = in.readLong();
  }
}
