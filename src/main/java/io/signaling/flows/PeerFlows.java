package io.signaling.flows;

import io.signaling.delivery.KnownSenders;
import io.signaling.delivery.WakeUps;
import io.signaling.directory.Announced;
import io.signaling.directory.DeliveryOutcome;
import io.signaling.directory.MailItem;
import io.signaling.directory.PeerDirectory;
import io.signaling.directory.PeerOwner;
import io.signaling.directory.PeerSummary;
import io.signaling.guard.Limit;
import io.signaling.guard.StorageBudget;
import io.signaling.guard.CountedWarning;
import io.signaling.ops.SignalingMetrics;
import io.signaling.ops.SignalingMetrics.MessageOutcome;
import io.signaling.protocol.PeerList;
import io.signaling.protocol.PeerName;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.LongSupplier;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The flows that span peers, the reference server's "peer channel": signing in and out with the join and leave
 * announcements to everybody else in the room, relaying a message within a room, and removing idle peers. Every step completes only
 * once the cluster has stored it, so a reply sent afterwards holds on every node.
 */
public final class PeerFlows {

  /** How a relayed message ended. */
  public enum Relay {
    STORED, ECHO, UNKNOWN_SENDER, UNKNOWN_TARGET, MAILBOX_FULL, STORAGE_FULL, SENDER_FULL, TARGET_HOLDS_TOO_MUCH
  }

  /** A new peer and the peers it must be told about, in sign-in order. */
  public record SignedIn(PeerList.Entry self, List<PeerList.Entry> others) {
  }

  /** Why a sign-in was refused after its peer was registered (it is removed again). */
  public enum Refusal {
    /** The room already holds {@code --max-room-peers} peers. */
    ROOM_FULL,
    /** The cluster already holds {@code --max-peers} peers. */
    CLUSTER_FULL,
    /** The cluster already has {@code --max-rooms} rooms open, and this sign-in would open another. */
    TOO_MANY_ROOMS,
    /** The cluster holds all the undelivered bytes it may: the joins of a new peer would not fit. */
    STORAGE_FULL
  }

  /** A sign-in refused for one of the cluster's bounds. */
  public static final class SignInRefused extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final Refusal refusal;

    SignInRefused(Refusal refusal) {
      super("sign-in refused: " + refusal, null, false, false);
      this.refusal = refusal;
    }

    public Refusal refusal() {
      return refusal;
    }
  }

  /**
   * What these flows bound: name length (the reference's cut), peers in one named room (the default room is bounded
   * by the cluster's peers alone, so nobody using it as the one lobby is refused sooner than before), and
   * announcements this node fans out at once (each touches every peer of a room).
   */
  public record Limits(int maxNameBytes, int maxRoomPeers, int maxAnnouncing) {
  }

  private static final Logger LOG = LoggerFactory.getLogger(PeerFlows.class);
  /**
   * Draws of a random id before a sign-in gives up. Even with 2^30 peers signed in (half of all ids), all eight
   * draws are taken once in 256 sign-ins; at any real count, never.
   */
  private static final int REGISTER_ATTEMPTS = 8;
  private final PeerDirectory directory;
  private final WakeUps wakeUps;
  private final Limits limits;
  private final AnnouncementGate gate;
  private final StorageBudget budget;
  private final LongSupplier clock;
  private final SignalingMetrics metrics;
  private final Occupancy occupancy;
  private final KnownSenders knownSenders;
  /** At most one warning a minute about dropped notifications: a stuck client would otherwise flood the log. */
  private final CountedWarning missedWarnings;

  public PeerFlows(PeerDirectory directory, WakeUps wakeUps, KnownSenders knownSenders, Limits limits,
                   Occupancy occupancy, StorageBudget budget, LongSupplier clock, SignalingMetrics metrics) {
    this.directory = directory;
    this.knownSenders = knownSenders;
    this.occupancy = occupancy;
    this.budget = budget;
    this.wakeUps = wakeUps;
    this.limits = limits;
    this.gate = new AnnouncementGate(limits.maxAnnouncing());
    this.clock = clock;
    this.missedWarnings = CountedWarning.perMinute(clock);
    this.metrics = metrics;
  }

  /**
   * Registers the peer in its owner's room, then lists the room and announces the join to the others there.
   * Registering before listing means of two simultaneous sign-ins at least one sees the other in its list, and
   * the other gets its join.
   */
  public Future<SignedIn> signIn(byte[] requestedName, String clientAddress, PeerOwner owner) {
    return register(requestedName, owner, 1).compose(peer ->
        // Before anybody hears of the peer (its join goes out after): a peer that can be sent anything is always
        // charged to its client address. After the registration, which is what makes the id this peer's.
        directory.rememberAddress(peer.entry().id(), clientAddress).compose(remembered ->
            gate.inTurn(() -> listAndAnnounceJoin(peer, owner.room()))));
  }

  /** A peer just registered: its list entry, and when it joined. */
  private record Registered(PeerList.Entry entry, long joinedAt) {
  }

  /** Registers the peer under a random id, drawing again while the id is taken (rarely: see PeerIds). */
  private Future<Registered> register(byte[] requestedName, PeerOwner owner, int attempt) {
    int id = directory.candidateId();
    byte[] name = PeerName.normalize(requestedName, id, limits.maxNameBytes());
    long now = clock.getAsLong();
    return directory.register(id, name, now, owner).compose(registered -> {
      if (registered) {
        return Future.succeededFuture(new Registered(new PeerList.Entry(name, id), now));
      }
      if (attempt >= REGISTER_ATTEMPTS) {
        return Future.failedFuture(new IllegalStateException(
            REGISTER_ATTEMPTS + " random peer ids in a row were taken; is the id source broken?"));
      }
      return register(requestedName, owner, attempt + 1);
    });
  }

  /**
   * Lists the room and tells its peers of the join. Through the roster ({@link #byRoster}), the roster gives the
   * room's ids and one step per partition both stores the join and reads each peer's line for the list; otherwise
   * the records are listed by a pass, then told.
   */
  private Future<SignedIn> listAndAnnounceJoin(Registered peer, String room) {
    int id = peer.entry().id();
    if (byRoster(room)) {
      return directory.roomIds(room).compose(ids -> {
        Set<Integer> others = ids; // the caller's own set
        others.remove(id);
        return admitAndTell(peer, room, others.size(), join -> {
          Set<Integer> quiet = budget.holdingTheirShare(others);
          return directory.announceTo(others, join, quiet).map(found -> {
            Map<Integer, DeliveryOutcome> outcomes = new HashMap<>(found.size() * 2);
            found.forEach((peerId, announced) -> {
              if (announced.outcome() != null) {
                outcomes.put(peerId, announced.outcome());
              }
            });
            record(join, others.size(), outcomes, quiet.size());
            return found.values().stream().map(Announced::peer).toList();
          });
        });
      });
    }
    return directory.scan(room).compose(inRoom -> {
      List<PeerSummary> others = inRoom.stream().filter(other -> other.id() != id).toList();
      return admitAndTell(peer, room, others.size(), join -> announce(join, ids(others)).map(others));
    });
  }

  /**
   * Admits the peer to a room of {@code others} other peers (its bound, the rooms' and the cluster's, the storage
   * the join takes), then has {@code tell} store the join for them, which gives back the peers it listed.
   */
  private Future<SignedIn> admitAndTell(Registered peer, String room, int others,
                                        Function<MailItem, Future<List<PeerSummary>>> tell) {
    int id = peer.entry().id();
    boolean named = !room.isEmpty();
    if (named && others + 1 > limits.maxRoomPeers()) {
      return refuse(id, Refusal.ROOM_FULL);
    }
    Occupancy.Refusal over = occupancy.admit(id, peer.joinedAt(), room, named && others == 0);
    if (over != Occupancy.Refusal.NONE) {
      return refuse(id, over == Occupancy.Refusal.ROOMS ? Refusal.TOO_MANY_ROOMS : Refusal.CLUSTER_FULL);
    }
    MailItem join = MailItem.notification(PeerList.line(peer.entry().name(), id, true), clock.getAsLong());
    if (budget.reserve(0, 0, join.cost() * others) != null) {
      occupancy.removed(id);
      return refuse(id, Refusal.STORAGE_FULL);
    }
    if (named) {
      metrics.roomJoined(others + 1);
    }
    return tell.apply(join).map(listed -> new SignedIn(peer.entry(), listed.stream()
        .sorted(PeerSummary.BY_JOINING)
        .map(PeerFlows::entry).toList()));
  }

  /** Takes back a registration nobody has heard of yet, and fails the sign-in. */
  private Future<SignedIn> refuse(int id, Refusal refusal) {
    return directory.remove(id).compose(removed -> directory.forgetAddress(id))
        .transform(ignored -> Future.failedFuture(new SignInRefused(refusal)));
  }

  /**
   * Removes the peer at once (the reference waits for a connection to close) and announces its leave; false if
   * it is unknown or not {@code presenter}'s.
   */
  public Future<Boolean> signOut(int id, PeerOwner presenter) {
    return directory.signOut(id, presenter).compose(removed -> {
      if (removed == null) {
        return Future.succeededFuture(false);
      }
      occupancy.removed(id);
      knownSenders.forget(id);
      directory.forgetAddress(id);
      return announceLeaves(List.of(removed)).map(true);
    });
  }

  /**
   * Stores a message in the target's mailbox and wakes its /wait; a message to oneself is echoed instead. The
   * sender must be {@code presenter}'s peer, in the room the request addressed; any peer of that room may be the
   * target.
   */
  public Future<Relay> relay(int from, int to, String contentType, byte[] body, PeerOwner presenter) {
    // A sender whose /wait this node holds for that owner needs no look-up: see KnownSenders for what that allows.
    Future<Boolean> senderChecked = knownSenders.vouchesFor(from, presenter)
        ? Future.succeededFuture(true) : directory.exists(from, presenter);
    return senderChecked.compose(senderKnown -> {
      if (!senderKnown) {
        metrics.message(MessageOutcome.UNKNOWN_PEER, 0);
        return Future.succeededFuture(Relay.UNKNOWN_SENDER);
      }
      if (from == to) {
        metrics.message(MessageOutcome.ECHOED, 0);
        return Future.succeededFuture(Relay.ECHO);
      }
      MailItem message = MailItem.message(from, contentType, body, clock.getAsLong());
      Limit refused = budget.reserve(from, to, message.cost());
      if (refused != null) {
        metrics.message(MessageOutcome.STORAGE_FULL, 0);
        return Future.succeededFuture(switch (refused) {
          case SENDER_BYTES -> Relay.SENDER_FULL;
          case ADDRESS_BYTES -> Relay.TARGET_HOLDS_TOO_MUCH;
          default -> Relay.STORAGE_FULL;
        });
      }
      return directory.deliver(to, message, presenter.room()).map(outcome -> switch (outcome.kind()) {
        case UNKNOWN_PEER -> {
          budget.release(from, to, message.cost());
          metrics.message(MessageOutcome.UNKNOWN_PEER, 0);
          yield Relay.UNKNOWN_TARGET;
        }
        case MAILBOX_FULL -> {
          budget.release(from, to, message.cost());
          metrics.message(MessageOutcome.MAILBOX_FULL, outcome.depth());
          yield Relay.MAILBOX_FULL;
        }
        case STORED -> {
          metrics.message(MessageOutcome.STORED, outcome.depth());
          wakeUps.follow(to, outcome);
          yield Relay.STORED;
        }
      });
    });
  }

  /** Removes this node's share of the peers that have had no parked /wait for the timeout; returns how many. */
  public Future<Integer> sweepIdle(long timeoutMillis) {
    long cutoff = clock.getAsLong() - timeoutMillis;
    return directory.idleLocalPeers(cutoff).compose(ids -> {
      List<Future<PeerSummary>> removals = ids.stream().map(id -> directory.removeIfIdle(id, cutoff)).toList();
      return Future.all(removals).compose(done -> {
        List<PeerSummary> removed = new ArrayList<>();
        removals.forEach(removal -> {
          if (removal.result() != null) {
            removed.add(removal.result());
          }
        });
        if (!removed.isEmpty()) {
          LOG.info("removed {} peer(s) idle for more than {} ms", removed.size(), timeoutMillis);
          removed.forEach(peer -> {
            occupancy.removed(peer.id());
            knownSenders.forget(peer.id());
            directory.forgetAddress(peer.id());
          });
        }
        return announceLeaves(removed).map(removed.size());
      });
    });
  }

  /** Drops any /wait still parked for the removed peers, then tells everybody left in each one's room, in turn. */
  private Future<Void> announceLeaves(List<PeerSummary> removed) {
    if (removed.isEmpty()) {
      return Future.succeededFuture();
    }
    removed.stream().filter(peer -> peer.waiter() != null).forEach(peer -> wakeUps.drop(peer.waiter()));
    List<Future<Void>> announcements = removed.stream()
        .map(peer -> gate.inTurn(() -> idsInRoom(peer.room()).compose(remaining -> {
          MailItem leave = MailItem.notification(PeerList.line(peer.name(), peer.id(), false), clock.getAsLong());
          budget.chargeAnyway(leave.cost() * remaining.size()); // a leave cannot be refused, but it takes room
          return announce(leave, remaining);
        })))
        .toList();
    return Future.all(announcements).mapEmpty();
  }

  /** The ids of the room's peers, the roster's or by a pass over the records ({@link #byRoster}). */
  private Future<Set<Integer>> idsInRoom(String room) {
    return byRoster(room) ? directory.roomIds(room) : directory.scan(room).map(PeerFlows::ids);
  }

  /**
   * Whether to find the room's peers through the roster: only while rooms are open (else a member of a release
   * before rooms keeps no entries), and not for the default room while it holds most of the peers online, as in a
   * cluster without named rooms: a pass over the records then costs less than the roster's lookup of nearly all of
   * them (a sign-in storm of 15,000 took 10-25 % longer through the roster, alternating; see the architecture
   * notes).
   */
  private boolean byRoster(String room) {
    return directory.roomsOpen() && !(room.isEmpty() && occupancy.defaultRoomHoldsMost());
  }

  private Future<Void> announce(MailItem notification, Set<Integer> everybody) {
    // The peers whose client address holds its share get no more notifications until they read.
    Set<Integer> quiet = budget.holdingTheirShare(everybody);
    Set<Integer> recipients = quiet.isEmpty() ? everybody
        : everybody.stream().filter(id -> !quiet.contains(id)).collect(Collectors.toSet());
    return directory.deliverToEach(recipients, notification).map(outcomes -> {
      record(notification, everybody.size(), outcomes, quiet.size());
      return null;
    });
  }

  /**
   * Counts what became of a notification, {@code quiet} peers not told (counted as dropped), and wakes /waits. The
   * notification was charged to the budget for all {@code charged} peers before it went out; what was not stored
   * (full mailboxes, the quiet) takes no room, and is given back.
   */
  private void record(MailItem notification, int charged, Map<Integer, DeliveryOutcome> outcomes, int quiet) {
    for (int i = 0; i < quiet; i++) {
      metrics.notification(false, 0);
    }
    int full = quiet;
    int stored = 0;
    for (Map.Entry<Integer, DeliveryOutcome> each : outcomes.entrySet()) {
      DeliveryOutcome outcome = each.getValue();
      if (outcome.kind() == DeliveryOutcome.Kind.MAILBOX_FULL) {
        full++;
        metrics.notification(false, outcome.depth());
      } else if (outcome.kind() == DeliveryOutcome.Kind.STORED) {
        stored++;
        metrics.notification(true, outcome.depth());
      }
      wakeUps.follow(each.getKey(), outcome);
    }
    if (full > 0) {
      noteMissed(full);
    }
    budget.release(0, 0, notification.cost() * (charged - stored));
  }

  private void noteMissed(int full) {
    long since = missedWarnings.count(full);
    if (since > 0) {
      LOG.warn("{} join/leave notification(s) dropped since the last warning: those peers' mailboxes are full "
          + "(their clients do not /wait); counted in signaling_notifications_total", since);
    }
  }

  private static Set<Integer> ids(List<PeerSummary> peers) {
    return peers.stream().map(PeerSummary::id).collect(Collectors.toSet());
  }

  private static PeerList.Entry entry(PeerSummary peer) {
    return new PeerList.Entry(peer.name(), peer.id());
  }
}
