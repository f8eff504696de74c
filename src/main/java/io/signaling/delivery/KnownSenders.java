package io.signaling.delivery;

import io.signaling.directory.PeerOwner;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The peers this node can vouch for as the sender of a /message without asking the cluster: those whose /wait the
 * cluster confirmed here (parked, or answered at once) for an owner, for as long as the cluster still names that
 * /wait as the peer's: until its hand-over is settled, it is closed or dropped, or the peer is removed here. Every
 * removal elsewhere reaches this node as a drop of that /wait ({@link WakeUps}), since the removed record names it.
 *
 * <p>A native client keeps a /wait open while it sends, so on one node (or behind a sticky balancer) the sender's
 * check costs nothing; elsewhere the cluster is asked as before. What it allows beyond the cluster's own check: a
 * message posted by its sender just as that sender signs out on another node, before the drop arrives here, is
 * relayed as if posted a moment earlier; only the same owner can post it.
 */
public final class KnownSenders {

  /** The /wait (its token) that vouches for a peer, and the owner the cluster confirmed it for. */
  private record Vouch(long token, PeerOwner owner) {
  }

  private final ConcurrentMap<Integer, Vouch> byPeer = new ConcurrentHashMap<>();

  /** Whether {@code presenter} may send as {@code peerId} by what this node knows; false means: ask the cluster. */
  public boolean vouchesFor(int peerId, PeerOwner presenter) {
    Vouch vouch = byPeer.get(peerId);
    return vouch != null && presenter != null && vouch.owner().equals(presenter);
  }

  /** The cluster confirmed this /wait as the peer's, for that owner. */
  void confirmed(int peerId, long token, PeerOwner owner) {
    if (owner != null) {
      byPeer.put(peerId, new Vouch(token, owner));
    }
  }

  /** That /wait no longer stands for the peer (a newer one may already vouch: it stays). */
  void ended(int peerId, long token) {
    Vouch vouch = byPeer.get(peerId);
    if (vouch != null && vouch.token() == token) {
      byPeer.remove(peerId, vouch);
    }
  }

  /** The peer is gone, or the cluster refused a /wait of it: nothing here vouches for it. */
  public void forget(int peerId) {
    byPeer.remove(peerId);
  }

  /** The node lost the cluster or stops: it vouches for nobody. */
  void clear() {
    byPeer.clear();
  }

  /** How many peers are vouched for now (for the tests). */
  int size() {
    return byPeer.size();
  }
}
