package io.signaling.flows;

import io.signaling.delivery.WakeUps;
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
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongSupplier;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The flows that span peers, the reference server's "peer channel": signing in and out with the join and leave
 * announcements to everybody else, relaying a message, and removing idle peers. Every step completes only
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

  /** The cluster holds all the undelivered bytes it may: the joins of a new peer would not fit. */
  public static final class StorageFullException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    StorageFullException() {
      super("the cluster holds all the undelivered items it may");
    }
  }

  /** The cluster already holds {@code --max-peers} peers. */
  public static final class ClusterFullException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    ClusterFullException(int maxPeers) {
      super("the cluster already holds " + maxPeers + " peers");
    }
  }

  /**
   * What these flows bound: name length (the reference's cut), peers in the whole cluster, and announcements this
   * node fans out at once (each touches every online peer).
   */
  public record Limits(int maxNameBytes, int maxPeers, int maxAnnouncing) {
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
  /** At most one warning a minute about dropped notifications: a stuck client would otherwise flood the log. */
  private final CountedWarning missedWarnings;

  public PeerFlows(PeerDirectory directory, WakeUps wakeUps, Limits limits, StorageBudget budget, LongSupplier clock,
               SignalingMetrics metrics) {
    this.directory = directory;
    this.budget = budget;
    this.wakeUps = wakeUps;
    this.limits = limits;
    this.gate = new AnnouncementGate(limits.maxAnnouncing());
    this.clock = clock;
    this.missedWarnings = CountedWarning.perMinute(clock);
    this.metrics = metrics;
  }

  /**
   * Registers the peer, then lists everybody and announces the join to them. Registering before listing means
   * of two simultaneous sign-ins at least one sees the other in its list, and the other gets its join.
   */
  public Future<SignedIn> signIn(byte[] requestedName, String clientAddress, PeerOwner owner) {
    return register(requestedName, owner, 1).compose(peer ->
        // Before anybody hears of the peer (its join goes out after): a peer that can be sent anything is always
        // charged to its client address. After the registration, which is what makes the id this peer's.
        directory.rememberAddress(peer.id(), clientAddress).compose(remembered ->
            gate.inTurn(() -> listAndAnnounceJoin(peer.id(), peer.name()))));
  }

  /** Registers the peer under a random id, drawing again while the id is taken (rarely: see PeerIds). */
  private Future<PeerList.Entry> register(byte[] requestedName, PeerOwner owner, int attempt) {
    int id = directory.candidateId();
    byte[] name = PeerName.normalize(requestedName, id, limits.maxNameBytes());
    return directory.register(id, name, clock.getAsLong(), owner).compose(registered -> {
      if (registered) {
        return Future.succeededFuture(new PeerList.Entry(name, id));
      }
      if (attempt >= REGISTER_ATTEMPTS) {
        return Future.failedFuture(new IllegalStateException(
            REGISTER_ATTEMPTS + " random peer ids in a row were taken; is the id source broken?"));
      }
      return register(requestedName, owner, attempt + 1);
    });
  }

  private Future<SignedIn> listAndAnnounceJoin(int id, byte[] name) {
    return directory.list().compose(everybody -> {
      if (everybody.size() > limits.maxPeers()) {
        return directory.remove(id)
            .transform(ignored -> Future.failedFuture(new ClusterFullException(limits.maxPeers())));
      }
      List<PeerSummary> others = everybody.stream()
          .filter(peer -> peer.id() != id)
          .sorted(Comparator.comparingLong(PeerSummary::joinedAt).thenComparingInt(PeerSummary::id))
          .toList();
      MailItem join = MailItem.notification(PeerList.line(name, id, true), clock.getAsLong());
      if (budget.reserve(0, 0, join.cost() * others.size()) != null) {
        return directory.remove(id).compose(removed -> directory.forgetAddress(id))
            .transform(ignored -> Future.failedFuture(new StorageFullException()));
      }
      return announce(join, ids(others)).map(announced ->
          new SignedIn(new PeerList.Entry(name, id), others.stream().map(PeerFlows::entry).toList()));
    });
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
      directory.forgetAddress(id);
      return announceLeaves(List.of(removed)).map(true);
    });
  }

  /**
   * Stores a message in the target's mailbox and wakes its /wait; a message to oneself is echoed instead. The
   * sender must be {@code presenter}'s peer; anyone may be the target.
   */
  public Future<Relay> relay(int from, int to, String contentType, byte[] body, PeerOwner presenter) {
    return directory.exists(from, presenter).compose(senderKnown -> {
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
      return directory.deliver(to, message).map(outcome -> switch (outcome.kind()) {
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
          removed.forEach(peer -> directory.forgetAddress(peer.id()));
        }
        return announceLeaves(removed).map(removed.size());
      });
    });
  }

  /** Drops any /wait still parked for the removed peers, then tells everybody left, one leave at a time. */
  private Future<Void> announceLeaves(List<PeerSummary> removed) {
    if (removed.isEmpty()) {
      return Future.succeededFuture();
    }
    removed.stream().filter(peer -> peer.waiter() != null).forEach(peer -> wakeUps.drop(peer.waiter()));
    List<Future<Void>> announcements = removed.stream()
        .map(peer -> gate.inTurn(() -> directory.list().compose(remaining -> {
          MailItem leave = MailItem.notification(PeerList.line(peer.name(), peer.id(), false), clock.getAsLong());
          budget.chargeAnyway(leave.cost() * remaining.size()); // a leave cannot be refused, but it takes room
          return announce(leave, ids(remaining));
        })))
        .toList();
    return Future.all(announcements).mapEmpty();
  }

  private Future<Void> announce(MailItem notification, Set<Integer> everybody) {
    // A peer whose client address holds its share gets no more notifications until it reads: counted as dropped.
    Set<Integer> recipients = everybody.stream().filter(id -> !budget.holdsItsShare(id)).collect(Collectors.toSet());
    int skipped = everybody.size() - recipients.size();
    for (int i = 0; i < skipped; i++) {
      metrics.notification(false, 0);
    }
    return directory.deliverToEach(recipients, notification).map(outcomes -> {
      int full = skipped;
      for (Map.Entry<Integer, DeliveryOutcome> each : outcomes.entrySet()) {
        DeliveryOutcome outcome = each.getValue();
        if (outcome.kind() == DeliveryOutcome.Kind.MAILBOX_FULL) {
          full++;
          metrics.notification(false, outcome.depth());
        } else if (outcome.kind() == DeliveryOutcome.Kind.STORED) {
          metrics.notification(true, outcome.depth());
        }
        wakeUps.follow(each.getKey(), outcome);
      }
      if (full > 0) {
        noteMissed(full);
      }
      return null;
    });
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
