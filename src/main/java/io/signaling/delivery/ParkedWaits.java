package io.signaling.delivery;

import io.signaling.directory.MailItem;
import io.signaling.directory.ParkOutcome;
import io.signaling.directory.PeerDirectory;
import io.signaling.directory.PeerOwner;
import io.signaling.directory.Waiter;
import io.signaling.guard.CountedWarning;
import io.signaling.ops.SignalingMetrics;
import io.signaling.protocol.Response;
import io.signaling.protocol.Status;
import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ConcurrentMap;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The /wait connections parked on this node, by token: the node's side of delivery. The cluster knows only (node,
 * token) for each waiting peer; wake-ups arrive here by token and are carried out on the connection's own event
 * loop, each as a transition of its {@link WaitState}. An item leaves the mailbox only when a live connection takes
 * it, and goes back to the head if writing it fails.
 */
public final class ParkedWaits implements WakeUps.Listener {

  private static final Logger LOG = LoggerFactory.getLogger(ParkedWaits.class);
  /**
   * Tries of a take or a settle: after the first, five more 100 ms apart and doubling, so 3.1 s of waiting in all,
   * well within the in-flight limit.
   */
  private static final int CLUSTER_ATTEMPTS = 6;

  private final Vertx vertx;
  private final PeerDirectory directory;
  private final WakeUps wakeUps;
  private final LongSupplier clock;
  private final SignalingMetrics metrics;
  /**
   * Draws waiter tokens. A token is what a wake-up or a hand-over names its /wait by, so it is random: a message
   * that reaches this node without the token having been read from the cluster names no /wait at all.
   */
  private final SecureRandom tokens = new SecureRandom();
  private final CountedWarning strangerWarnings;
  private final ConcurrentMap<Long, ParkedWait> parked = new ConcurrentHashMap<>();
  /** The newest /wait here of each peer, until it is done. */
  private final ConcurrentMap<Integer, ParkedWait> newestByPeer = new ConcurrentHashMap<>();
  /** Tokens whose item is being written or settled: a repeated hand-over for them is not an orphan. */
  private final java.util.Set<Long> handingOver = ConcurrentHashMap.newKeySet();
  /** Unparks under way because the node drains: shutdown waits for them before leaving the cluster. */
  private final Queue<Future<Void>> releases = new ConcurrentLinkedQueue<>();
  /** Settles of written hand-overs held for the next /wait's park. */
  private final HeldSettles heldSettles;
  /** Peers whose /wait here the cluster confirmed: their messages need no sender check. */
  private final KnownSenders knownSenders = new KnownSenders();
  private final long holdClock;
  /** --wait-timeout in milliseconds; 0: a /wait stays parked until something comes. */
  private final long waitTimeoutMillis;
  private final long timeoutClock;

  /**
   * @param waitTimeout how long a /wait may stay parked with nothing for it before it is answered with
   *     {@link #NOTHING_NEW}; zero for never
   */
  public ParkedWaits(Vertx vertx, PeerDirectory directory, WakeUps wakeUps, LongSupplier clock,
                  SignalingMetrics metrics, Duration waitTimeout) {
    this.vertx = vertx;
    this.directory = directory;
    this.wakeUps = wakeUps;
    this.clock = clock;
    this.metrics = metrics;
    this.strangerWarnings = CountedWarning.perMinute(clock);
    this.heldSettles = new HeldSettles(directory::settlesOnPark,
        (peerId, waiter) -> settle(peerId, waiter, true, 0));
    this.holdClock = vertx.setPeriodic(HeldSettles.HOLD_MILLIS / 4, tick -> heldSettles.expire(clock.getAsLong()));
    this.waitTimeoutMillis = waitTimeout.toMillis();
    // Looked at four times per timeout (at least once a second): a /wait is answered within a quarter past it.
    this.timeoutClock = waitTimeoutMillis == 0 ? -1
        : vertx.setPeriodic(Math.min(1_000, Math.max(50, waitTimeoutMillis / 4)), tick -> timeOut(clock.getAsLong()));
  }

  /**
   * The answer to a /wait that timed out: a notification about a nameless peer 0, which no client acts on. The
   * native client reads a notification only if its name is not empty; server_test.html adds a peer only if the
   * third field is not 0; the demo page ignores peer 0. Each then waits again. A closed connection instead would
   * make server_test.html sign out, and anything but 200 would make the native client disconnect.
   */
  public static final byte[] NOTHING_NEW = ",0,0\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

  /** The peers this node vouches for as senders. */
  public KnownSenders knownSenders() {
    return knownSenders;
  }

  /** How many /wait connections are parked here now, confirmed by the cluster as their peer's waiter. */
  public int size() {
    return (int) parked.values().stream().filter(wait -> wait.state().isParked()).count();
  }

  /**
   * Parks a /wait of this peer: the cluster hands it the mailbox head now, or keeps it as the peer's waiter. From
   * anyone but the peer's owner ({@code presenter} does not match), it is answered as for an unknown peer.
   */
  public void park(int peerId, WaitingClient connection, PeerOwner presenter) {
    long now = clock.getAsLong();
    ParkedWait wait = register(peerId, connection, now);
    connection.holdOpen();
    connection.onClientClose(() -> clientClosed(wait));
    connection.onShutdown(() -> release(wait));
    Waiter written = heldSettles.takeForPark(peerId, now);
    if (written == null) {
      directory.park(peerId, wait.waiter, now, presenter).onComplete(result -> parkDone(wait, result, presenter));
      return;
    }
    // The park settles the peer's previous item too; if it failed, that settle goes on its own (it repeats safely).
    directory.park(peerId, wait.waiter, now, presenter, written).onComplete(result -> {
      if (result.succeeded()) {
        settled(peerId, written);
      } else {
        settle(peerId, written, true, 0);
      }
      parkDone(wait, result, presenter);
    });
  }

  /** A new /wait under a token no other /wait here holds. */
  private ParkedWait register(int peerId, WaitingClient connection, long now) {
    while (true) {
      ParkedWait wait = new ParkedWait(peerId, new Waiter(wakeUps.nodeId(), tokens.nextLong()), connection, now);
      if (parked.putIfAbsent(wait.waiter.token(), wait) == null) {
        newestByPeer.put(peerId, wait);
        return wait;
      }
    }
  }

  private void parkDone(ParkedWait wait, AsyncResult<ParkOutcome> result, PeerOwner presenter) {
    if (result.failed()) {
      LOG.warn("could not park /wait of peer {}", wait.peerId, result.cause());
      finish(wait);
      wait.connection.answer(Response.refusal(Status.SERVICE_UNAVAILABLE, "Cluster state unavailable; try again."));
      return;
    }
    ParkOutcome outcome = result.result();
    Waiter superseded = outcome.superseded();
    if (superseded != null && !superseded.equals(wait.waiter)) {
      wakeUps.drop(superseded); // the newest /wait wins, as in the reference
    }
    switch (outcome.kind()) {
      case UNKNOWN_PEER -> {
        finish(wait);
        knownSenders.forget(wait.peerId);
        wait.connection.answer(Response.sorry());
      }
      case NOT_OWNER -> {
        finish(wait);
        wait.connection.answer(Response.sorry()); // exactly as for an unknown peer: nothing to learn from it
        strangerWaited(wait.peerId, presenter);
      }
      case ANSWER_NOW -> {
        knownSenders.confirmed(wait.peerId, wait.waiter.token(), presenter);
        handOver(wait, outcome.item());
      }
      case PARKED -> {
        if (wait.state() == WaitState.DONE || wait.connection.isClosed()) {
          finish(wait); // closed or dropped while the park step was on its way: undo it
          unpark(wait);
        } else {
          knownSenders.confirmed(wait.peerId, wait.waiter.token(), presenter);
          boolean woken = wait.state() == WaitState.PARKING_WOKEN;
          wait.moveTo(WaitState.PARKED);
          if (woken) {
            take(wait, 0);
          }
        }
      }
    }
  }

  /**
   * A /wait for a bound peer from another client. One is an attack, refused; a stream of them, for peers whose
   * clients are only trying to wait, means this node does not see its clients' own addresses.
   */
  private void strangerWaited(int peerId, PeerOwner presenter) {
    long since = strangerWarnings.count(1);
    if (since > 0) {
      LOG.warn("a /wait for peer {} came from {}, not from the client that signed it in; refused as for an unknown"
          + " peer ({} such /wait(s) since the last warning). One is another client trying a listed id. Many, for"
          + " many peers, mean something between the clients and this node rewrites their addresses (a proxy"
          + " without --proxy-protocol, a Kubernetes Service with externalTrafficPolicy: Cluster): give the node"
          + " the clients' addresses (--proxy-protocol, --trusted-proxies) or turn binding off (--peer-binding"
          + " none)", peerId, presenter.address().isEmpty() ? "another token subject" : presenter.address(), since);
    }
  }

  /**
   * An item the cluster already put in flight to a parked /wait here. If that /wait is gone (closed, released
   * or superseded before the item arrived), the hand-over failed: the item goes back to the head at once.
   */
  @Override
  public void handOver(Waiter waiter, int peerId, MailItem item) {
    ParkedWait wait = parked.get(waiter.token());
    if (wait == null) {
      settleIfOrphaned(peerId, waiter);
      return;
    }
    if (wait.peerId != peerId) {
      // No node hands a peer's item to another peer's /wait: the message was made up, not sent by a node.
      LOG.warn("ignoring a hand-over for peer {} to the /wait of peer {}", peerId, wait.peerId);
      return;
    }
    wait.connection.context().runOnContext(ignored -> {
      switch (wait.state()) {
        case PARKING -> wait.moveTo(WaitState.PARKING_WOKEN); // once parked, its take returns this very item
        case PARKING_WOKEN, TAKING -> {
          // the take to come, or the one under way, returns this very item
        }
        case PARKED -> {
          handOver(wait, item);
        }
        case DONE -> settleIfOrphaned(peerId, waiter);
      }
    });
  }

  /** The /wait gone without writing the item (unless it is being written now): back to the head it goes. */
  private void settleIfOrphaned(int peerId, Waiter waiter) {
    if (!handingOver.contains(waiter.token())) {
      settle(peerId, waiter, false, 0);
    }
  }

  @Override
  public void wake(Waiter waiter) {
    ParkedWait wait = parked.get(waiter.token());
    if (wait != null) {
      wait.connection.context().runOnContext(ignored -> take(wait, 0));
    }
  }

  /**
   * Takes the next item for a woken /wait. A failed call is retried: it may have taken effect (the item is then
   * in flight to this very waiter), and a take repeated by the same waiter gets that same item.
   */
  private void take(ParkedWait wait, int attempt) {
    if (wait.state() == WaitState.PARKING) {
      wait.moveTo(WaitState.PARKING_WOKEN); // the cluster parked it and woke it before our park step came back
      return;
    }
    if (wait.state() != WaitState.PARKED) {
      return; // already woken, taking (one item per /wait), or done
    }
    wait.moveTo(WaitState.TAKING);
    directory.take(wait.peerId, wait.waiter, clock.getAsLong()).onComplete(result -> {
      if (wait.state() == WaitState.TAKING) {
        wait.moveTo(WaitState.PARKED);
      }
      if (result.failed()) {
        LOG.warn("could not take an item for peer {} (attempt {})", wait.peerId, attempt + 1, result.cause());
        retryLater(attempt, () -> take(wait, attempt + 1));
      } else if (result.result() != null) {
        handOver(wait, result.result());
      }
    });
  }

  @Override
  public void drop(Waiter waiter) {
    ParkedWait wait = parked.get(waiter.token());
    if (wait != null) {
      wait.connection.context().runOnContext(ignored -> {
        finish(wait);
        knownSenders.ended(wait.peerId, wait.waiter.token());
        wait.connection.closeWithoutAnswer();
      });
    } else if (handingOver.contains(waiter.token())) {
      // Its item is being written or held: the peer waits elsewhere now, or is gone. Settled once written, so that
      // the peer's next item is not kept waiting for the hold's clock.
      heldSettles.droppedWhileWriting(waiter, clock.getAsLong());
    } else {
      heldSettles.dropped(waiter);
    }
  }

  private void clientClosed(ParkedWait wait) {
    if (wait.state().isParked()) {
      finish(wait);
      unpark(wait);
    } else if (wait.state().isParking()) {
      parked.remove(wait.waiter.token()); // parkDone sees the closed connection and unparks
    }
  }

  /** The /wait is gone: the cluster forgets it, and an item on its way to it goes to a newer /wait, if any. */
  private Future<Waiter> unpark(ParkedWait wait) {
    knownSenders.ended(wait.peerId, wait.waiter.token());
    return directory.unpark(wait.peerId, wait.waiter, clock.getAsLong())
        .onSuccess(next -> {
          if (next != null) {
            wakeUps.wake(next);
          }
        })
        .onFailure(failure -> LOG.warn("could not unpark /wait of peer {}", wait.peerId, failure));
  }

  private void finish(ParkedWait wait) {
    wait.moveTo(WaitState.DONE);
    parked.remove(wait.waiter.token());
    newestByPeer.remove(wait.peerId, wait);
  }

  /**
   * Finishes the /wait and writes the item, then tells the cluster how it went: settled, or back at the head of the
   * mailbox if the connection was gone. Either way the peer's next parked /wait, if any, is woken for the next item.
   *
   * <p>The token is marked as handing over before the /wait leaves {@link #parked}: a hand-over of this same item
   * arriving on another thread meanwhile (the store that put it in flight, racing the take or park that returned it
   * here) must find one or the other. Finding neither, it took the /wait for gone and put the item back while it was
   * being written: the item then went out again to the next /wait (a duplicate), and this /wait's settle, still to
   * come, could settle the next item in flight to it unwritten (a loss).
   */
  private void handOver(ParkedWait wait, MailItem item) {
    handingOver.add(wait.waiter.token());
    finish(wait);
    Response response = item.isNotification()
        ? Response.notification(wait.peerId, item.body())
        : Response.message(item.senderId(), item.contentType(), item.body());
    wait.connection.handOver(response).onComplete(written -> {
      if (written.failed()) {
        LOG.debug("hand-over to peer {} failed, putting the item back", wait.peerId, written.cause());
        metrics.handOverFailed();
      } else {
        metrics.delivered(item.isNotification(), item.storedAt());
      }
      if (written.succeeded()) {
        heldSettles.written(wait.peerId, wait.waiter, clock.getAsLong());
        if (newestByPeer.containsKey(wait.peerId)) {
          // Its client read the answer and sent its next /wait here before the write's completion reached us:
          // that park went without the settle, and now waits for it.
          heldSettles.cameBackEarly(wait.peerId, wait.waiter);
        }
      } else {
        settle(wait.peerId, wait.waiter, false, 0);
      }
    });
  }

  /** A hand-over's settle is done (on its own, or within a park): that /wait no longer stands for its peer. */
  private void settled(int peerId, Waiter waiter) {
    handingOver.remove(waiter.token());
    knownSenders.ended(peerId, waiter.token());
  }

  /** Settles a hand-over, retrying while the cluster is busy (a partition migrating after a node loss, say). */
  private Future<Void> settle(int peerId, Waiter waiter, boolean delivered, int attempt) {
    Promise<Void> done = Promise.promise();
    settle(peerId, waiter, delivered, attempt, done);
    return done.future();
  }

  private void settle(int peerId, Waiter waiter, boolean delivered, int attempt, Promise<Void> done) {
    directory.settle(peerId, waiter, delivered, clock.getAsLong())
        .onSuccess(next -> {
          settled(peerId, waiter);
          if (next != null) {
            wakeUps.wake(next);
          }
          done.complete();
        })
        .onFailure(failure -> {
          if (!retryLater(attempt, () -> settle(peerId, waiter, delivered, attempt + 1, done))) {
            settled(peerId, waiter);
            LOG.error("could not settle a hand-over to peer {}; it is handed out again after {} ms",
                peerId, PeerDirectory.IN_FLIGHT_LIMIT_MILLIS, failure);
            done.complete();
          }
        });
  }

  /** Schedules the next try of a cluster call, 100 ms after the first and doubling; false once tries run out. */
  private boolean retryLater(int attempt, Runnable nextTry) {
    if (attempt + 1 >= CLUSTER_ATTEMPTS) {
      return false;
    }
    vertx.setTimer(100L << attempt, timer -> nextTry.run());
    return true;
  }

  /** Answers every /wait parked with nothing for longer than --wait-timeout (each on its own event loop). */
  private void timeOut(long now) {
    for (ParkedWait wait : parked.values()) {
      if (wait.state() == WaitState.PARKED && now - wait.since >= waitTimeoutMillis) {
        wait.connection.context().runOnContext(ignored -> timedOut(wait));
      }
    }
  }

  /**
   * The cluster forgets the /wait first (an item on its way to it goes back to the head of the mailbox and waits
   * for the next /wait), then the client gets {@link #NOTHING_NEW} and sends its next /wait.
   */
  private void timedOut(ParkedWait wait) {
    if (wait.state() != WaitState.PARKED) {
      return; // an item came meanwhile, or the client went
    }
    finish(wait);
    unpark(wait);
    metrics.waitTimedOut();
    wait.connection.answer(Response.notification(wait.peerId, NOTHING_NEW));
  }

  /**
   * Shutdown, for one parked /wait: closes it without an answer, so its client re-waits on another node, and
   * tells the cluster it no longer waits here. Runs on the connection's event loop.
   */
  private void release(ParkedWait wait) {
    boolean wasParked = wait.state().isParked();
    finish(wait);
    wait.connection.closeWithoutAnswer();
    if (wasParked) {
      releases.add(unpark(wait).mapEmpty());
    }
  }

  /**
   * This node lost the quorum: closes every parked /wait without an answer, so that the balancer sends each
   * again to a node of the majority, where it parks anew. The cluster is not told: this node cannot reach it, and
   * the majority already forgot this node's /waits when it lost sight of it. Returns how many were closed.
   */
  public int abandonAll() {
    knownSenders.clear(); // the majority may remove any of them without this node hearing of it
    int closed = 0;
    for (ParkedWait wait : parked.values()) {
      closed++;
      wait.connection.context().runOnContext(ignored -> {
        if (wait.state() != WaitState.DONE) {
          finish(wait);
          wait.connection.closeWithoutAnswer();
        }
      });
    }
    return closed;
  }

  /**
   * Shutdown, once the node no longer accepts: releases every /wait still parked here and completes once the
   * cluster knows about all of them, those released by their connections' shutdown included.
   */
  public Future<Void> closeAll() {
    vertx.cancelTimer(holdClock);
    if (timeoutClock >= 0) {
      vertx.cancelTimer(timeoutClock);
    }
    List<Future<Void>> released = new ArrayList<>(heldSettles.releaseAll()); // no duplicate at a graceful stop
    knownSenders.clear();
    for (ParkedWait wait : parked.values()) {
      Promise<Void> done = Promise.promise();
      released.add(done.future());
      wait.connection.context().runOnContext(ignored -> {
        release(wait);
        done.complete();
      });
    }
    return Future.join(released).compose(all -> Future.join(List.copyOf(releases))).mapEmpty();
  }
}
