package io.signaling.delivery;

import io.signaling.directory.Waiter;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;

/**
 * Settles of written hand-overs, held back for the park that follows them. A native client sends its next /wait
 * the moment it has read an answer; when that /wait comes to this node, its park step settles the previous item
 * too ({@code Park} with the written waiter), one cluster step instead of two. A held settle is carried out on its
 * own when the next /wait went to another node (whose park names the written /wait, and this node gets a drop for
 * it), after {@link #HOLD_MILLIS} without a /wait, and before the node stops. Until then the item stays in flight to
 * the written /wait, as it would while a separate settle is on its way: the next item waits for it, and if this
 * node dies meanwhile the item is handed out again (a duplicate the client has seen, never a loss).
 *
 * <p>Holding pays only when nearly every client comes back to this node: with one node or a sticky balancer, all
 * but those that leave; with N nodes behind a balancer that spreads requests, about 1 in N. A held settle whose
 * peer waits elsewhere next costs that peer's next item a drop message, the settle and a wake-up before its take
 * (three cluster steps and two event-bus hops where a settle at once leaves one step, the next park's). So the node
 * counts, for every written hand-over, whether the peer's next /wait came here within the hold, and holds only while
 * that share is at least {@link #HOLDING_SHARE}. Measured behind HAProxy's round robin over three nodes, the share
 * was about a half (not a third: the balancer's turn and the clients' timing are not independent), and holding at a
 * half doubled the cross-node delivery p50. With a member of a release that cannot settle within a park in the
 * cluster, nothing is held.
 */
final class HeldSettles {

  /** How long a settle is held for the next /wait at most. */
  static final long HOLD_MILLIS = 1_000;
  /** The share of returning clients from which settles are held (one node or a sticky balancer: nearly 1). */
  static final double HOLDING_SHARE = 0.85;
  /** Each outcome moves the share of returning clients by 1/WEIGHT of the difference. */
  private static final double WEIGHT = 32;

  /** Carries out a settle of a written hand-over now (with retries), and forgets the /wait's vouch. */
  interface Settler {
    Future<Void> settleWritten(int peerId, Waiter waiter);
  }

  /** One written hand-over: held (its settle not yet carried out) or only counted (settled at once). */
  private static final class Written {
    final int peerId;
    final Waiter waiter;
    final long writtenAt;
    /** Set by whoever carries out the settle (a park, a drop, the clock, shutdown) or counts its outcome. */
    final AtomicBoolean settleClaimed;
    final AtomicBoolean outcomeCounted = new AtomicBoolean();

    Written(int peerId, Waiter waiter, long writtenAt, boolean held) {
      this.peerId = peerId;
      this.waiter = waiter;
      this.writtenAt = writtenAt;
      this.settleClaimed = new AtomicBoolean(!held);
    }
  }

  private final BooleanSupplier clusterSettlesOnPark;
  private final Settler settler;
  private final ConcurrentMap<Integer, Written> byPeer = new ConcurrentHashMap<>();
  private final ConcurrentMap<Long, Written> byToken = new ConcurrentHashMap<>();
  /**
   * Drops that came while their /wait's item was still being written (token, and when): the peer's next /wait parked
   * on another node before the write's completion reached this one. Its settle goes as soon as it is written; the
   * clock forgets an entry after the hold.
   */
  private final ConcurrentMap<Long, Long> droppedWhileWriting = new ConcurrentHashMap<>();
  /** In the order written, for the clock: each is looked at once, when its hold is over. */
  private final Queue<Written> byAge = new ConcurrentLinkedQueue<>();
  /** The share of written hand-overs whose peer's next /wait came back here within the hold. */
  private double returning = 1.0;
  /** Set at shutdown: from then on every settle goes at once. */
  private volatile boolean released;

  HeldSettles(BooleanSupplier clusterSettlesOnPark, Settler settler) {
    this.clusterSettlesOnPark = clusterSettlesOnPark;
    this.settler = settler;
  }

  /**
   * A hand-over to {@code waiter} was written: its settle is held for the next /wait, or carried out now by the
   * settler when holding does not pay (or the cluster cannot settle within a park).
   */
  void written(int peerId, Waiter waiter, long now) {
    boolean hold = !released && clusterSettlesOnPark.getAsBoolean() && returningShare() >= HOLDING_SHARE;
    Written written = new Written(peerId, waiter, now, hold);
    Written before = byPeer.put(peerId, written);
    if (before != null) {
      settleNow(before, false); // one item in flight per peer: the earlier one's /wait is long gone
    }
    if (hold) {
      byToken.put(waiter.token(), written);
    } else {
      settler.settleWritten(peerId, waiter);
    }
    byAge.add(written);
    if (droppedWhileWriting.remove(waiter.token()) != null) {
      settleNow(written, false); // its peer already waits elsewhere: nothing to hold it for
    }
  }

  /**
   * A /wait of the peer arrived here: the waiter whose settle its park step carries, if one is held (then nobody
   * else settles it), else null. Either way the peer came back within the hold, if it did.
   */
  Waiter takeForPark(int peerId, long now) {
    Written written = byPeer.remove(peerId);
    if (written == null) {
      return null;
    }
    forgetToken(written);
    if (now - written.writtenAt <= HOLD_MILLIS) {
      count(written, true);
    }
    return written.settleClaimed.compareAndSet(false, true) ? written.waiter : null;
  }

  /**
   * The peer's next /wait came here before its hand-over to {@code waiter} was written, so its park could not
   * carry the settle: settled now, if held.
   */
  void cameBackEarly(int peerId, Waiter waiter) {
    Written written = byPeer.get(peerId);
    if (written != null && written.waiter.equals(waiter)) {
      settleNow(written, true);
    }
  }

  /**
   * The cluster dropped this /wait: the peer waits on another node now (or is gone). A settle held for it is
   * carried out now, and the next /wait's node is woken by it if an item waits.
   */
  void dropped(Waiter waiter) {
    Written written = byToken.get(waiter.token());
    if (written != null) {
      settleNow(written, false);
    }
  }

  /**
   * The cluster dropped this /wait while its item was being written here (a hand-over under way): the drop and the
   * write's completion race, so whichever comes second settles.
   */
  void droppedWhileWriting(Waiter waiter, long now) {
    droppedWhileWriting.put(waiter.token(), now);
    dropped(waiter); // written meanwhile: settled now
  }

  /** The clock: every hand-over written more than the hold ago without its peer's /wait here is settled now. */
  void expire(long now) {
    droppedWhileWriting.values().removeIf(droppedAt -> now - droppedAt > HOLD_MILLIS);
    for (Written oldest = byAge.peek(); oldest != null && now - oldest.writtenAt > HOLD_MILLIS; oldest = byAge.peek()) {
      byAge.poll();
      settleNow(oldest, false);
    }
  }

  /** Shutdown: every held settle is carried out now; completes with each. */
  List<Future<Void>> releaseAll() {
    released = true;
    List<Future<Void>> settles = new ArrayList<>();
    for (Written written : byAge) {
      if (written.settleClaimed.compareAndSet(false, true)) {
        forget(written);
        settles.add(settler.settleWritten(written.peerId, written.waiter));
      }
    }
    return settles;
  }

  /** Held settles right now (for the tests). */
  int held() {
    return (int) byAge.stream().filter(written -> !written.settleClaimed.get()).count();
  }

  private void settleNow(Written written, boolean returned) {
    forget(written);
    count(written, returned);
    if (written.settleClaimed.compareAndSet(false, true)) {
      settler.settleWritten(written.peerId, written.waiter);
    }
  }

  private void forget(Written written) {
    byPeer.remove(written.peerId, written);
    forgetToken(written);
  }

  private void forgetToken(Written written) {
    byToken.remove(written.waiter.token(), written);
  }

  private void count(Written written, boolean returned) {
    if (written.outcomeCounted.compareAndSet(false, true)) {
      synchronized (this) {
        returning += ((returned ? 1.0 : 0.0) - returning) / WEIGHT;
      }
    }
  }

  synchronized double returningShare() {
    return returning;
  }
}
