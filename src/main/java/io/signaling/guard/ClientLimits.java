package io.signaling.guard;

import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * What each client address may spend on this node: open connections, sign-ins and unknown-peer answers per
 * interval, and messages per peer per interval. One address (one NAT, one attacker) can only use its own
 * share, so a client from another address is still served. Shared by the node's event loops.
 *
 * <p>Counts are per node: behind a balancer that spreads requests over n nodes an address gets up to n times
 * each rate in all, which still bounds it. Entries are forgotten once they hold no connection and every bucket
 * has filled up again, so the table holds the addresses active within about one refill period; it is capped at
 * {@code maxTracked} addresses besides (past it, new addresses are refused, which counts as
 * {@link Limit#ADDRESSES_TRACKED}).
 */
public final class ClientLimits {

  /**
   * Addresses (and peers at an address) tracked at most: about 150 bytes each, so 30 MB at most. A node sees
   * far fewer, as idle entries go within a minute; past it is a flood from very many addresses.
   */
  public static final int MAX_TRACKED = 200_000;

  /** The bounds, each off when 0 (or {@link Rate#OFF}). */
  public record Settings(int connectionsPerAddress, Rate signInsPerAddress, Rate unknownPeersPerAddress,
                         Rate messagesPerPeer, int maxTracked) {
  }

  /** Whether a request may go on, and if not, when to try again. */
  public record Admission(Limit refusedBy, long retryAfterSeconds) {

    public static final Admission ADMITTED = new Admission(null, 0);

    public boolean admitted() {
      return refusedBy == null;
    }
  }

  private final Settings settings;
  private final LongSupplier nanoClock;
  private final Consumer<Limit> onRefusal;
  private final Map<String, AddressState> addresses = new ConcurrentHashMap<>();
  private final Map<String, TokenBucket> senders = new ConcurrentHashMap<>();

  /** @param onRefusal told every time a limit bites (the metric) */
  public ClientLimits(Settings settings, LongSupplier nanoClock, Consumer<Limit> onRefusal) {
    this.settings = settings;
    this.nanoClock = nanoClock;
    this.onRefusal = onRefusal;
  }

  /** One address's counters. */
  private final class AddressState {
    int connections;
    /** Removed from the table: a thread that found it just before must look again. */
    boolean retired;
    final TokenBucket signIns;
    final TokenBucket unknownPeers;

    AddressState(long now) {
      signIns = settings.signInsPerAddress().isOff() ? null : new TokenBucket(settings.signInsPerAddress(), now);
      unknownPeers = settings.unknownPeersPerAddress().isOff() ? null
          : new TokenBucket(settings.unknownPeersPerAddress(), now);
    }

    boolean forgettable(long now) {
      return connections == 0 && (signIns == null || signIns.isFull(now))
          && (unknownPeers == null || unknownPeers.isFull(now));
    }
  }

  /** A connection from the address opened; unless admitted, it must be answered 429 (or 503) and closed. */
  public Admission connectionOpened(String address) {
    while (true) {
      AddressState state = state(address);
      if (state == null) {
        return refuse(Limit.ADDRESSES_TRACKED, 1);
      }
      synchronized (state) {
        if (state.retired) {
          continue;
        }
        state.connections++;
        if (settings.connectionsPerAddress() > 0 && state.connections > settings.connectionsPerAddress()) {
          return refuse(Limit.CONNECTIONS_PER_ADDRESS, 1);
        }
        return Admission.ADMITTED;
      }
    }
  }

  /** Every opened connection closes once, admitted or not. */
  public void connectionClosed(String address) {
    AddressState state = addresses.get(address);
    if (state != null) {
      synchronized (state) {
        state.connections = Math.max(0, state.connections - 1);
      }
    }
  }

  /** A sign-in from the address: takes one of its sign-ins. */
  public Admission signIn(String address) {
    AddressState state = state(address);
    long now = nanoClock.getAsLong();
    if (state == null || state.signIns == null || state.signIns.tryTake(now)) {
      return Admission.ADMITTED;
    }
    return refuse(Limit.SIGN_INS_PER_ADDRESS, state.signIns.secondsUntilToken(now));
  }

  /**
   * A request naming a peer id, from the address: refused while the address has used up its unknown-peer answers,
   * so probing for ids stops being answered (and costs the cluster nothing).
   */
  public Admission peerLookup(String address) {
    AddressState state = addresses.get(address);
    long now = nanoClock.getAsLong();
    if (state == null || state.unknownPeers == null || state.unknownPeers.hasToken(now)) {
      return Admission.ADMITTED;
    }
    return refuse(Limit.UNKNOWN_PEERS_PER_ADDRESS, state.unknownPeers.secondsUntilToken(now));
  }

  /** The address was told a peer it named is unknown. */
  public void unknownPeerAnswered(String address) {
    AddressState state = addresses.get(address);
    if (state != null && state.unknownPeers != null) {
      state.unknownPeers.take(nanoClock.getAsLong());
    }
  }

  /**
   * A message from the peer, sent from the address. Counted per address and peer, so nobody can use up the
   * messages of a peer they merely name.
   */
  public Admission message(String address, int peerId) {
    if (settings.messagesPerPeer().isOff()) {
      return Admission.ADMITTED;
    }
    long now = nanoClock.getAsLong();
    String key = peerId + "@" + address;
    TokenBucket bucket = senders.get(key);
    if (bucket == null) {
      if (senders.size() >= settings.maxTracked()) {
        return refuse(Limit.ADDRESSES_TRACKED, 1);
      }
      bucket = senders.computeIfAbsent(key, ignored -> new TokenBucket(settings.messagesPerPeer(), now));
    }
    if (bucket.tryTake(now)) {
      return Admission.ADMITTED;
    }
    return refuse(Limit.MESSAGES_PER_PEER, bucket.secondsUntilToken(now));
  }

  /** Forgets what no longer limits anybody; run now and then (each node does every few seconds). */
  public void forgetIdle() {
    long now = nanoClock.getAsLong();
    for (Iterator<Map.Entry<String, AddressState>> it = addresses.entrySet().iterator(); it.hasNext(); ) {
      AddressState state = it.next().getValue();
      synchronized (state) {
        if (state.forgettable(now)) {
          state.retired = true;
          it.remove();
        }
      }
    }
    senders.values().removeIf(bucket -> bucket.isFull(now));
  }

  /** Addresses currently tracked (a gauge). */
  public int trackedAddresses() {
    return addresses.size();
  }

  private AddressState state(String address) {
    AddressState state = addresses.get(address);
    if (state != null) {
      return state;
    }
    if (addresses.size() >= settings.maxTracked()) {
      return null;
    }
    long now = nanoClock.getAsLong();
    return addresses.computeIfAbsent(address, ignored -> new AddressState(now));
  }

  private Admission refuse(Limit limit, long retryAfterSeconds) {
    onRefusal.accept(limit);
    return new Admission(limit, retryAfterSeconds);
  }
}
