package io.signaling.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Pairs of peers exchanging numbered messages as peerconnection_client does: each receiver re-issues /wait after
 * every reply and at once when its /wait is closed without one; each sender sends its next message once its
 * partner got the previous one (so traffic is paced by events, and a lost message shows as a stall).
 */
public final class PairTraffic {

  private static final String END = "end";
  /** The names of the traffic's peers; other clients may come and go beside them. */
  static final String NAME_PREFIX = "pair-peer-";
  private static final long STALL_MILLIS = 30_000;

  private final WireClient client;
  private final List<Peer> peers = new ArrayList<>();
  private final ExecutorService threads;
  private final List<Future<?>> loops = new ArrayList<>();
  private final AtomicInteger acked = new AtomicInteger();
  /** Counted down by each receiver once it has read the joins queued for it at sign-in. */
  private CountDownLatch drained;
  /** When the last message was acknowledged; 0 before the first, so warm-up is not counted as a gap. */
  private final AtomicLong lastAckNanos = new AtomicLong();
  private final AtomicLong longestAckGapNanos = new AtomicLong();
  private volatile boolean stopping;

  /** One signed-in peer: what it sent (as a sender) and what it got (as a receiver). */
  public static final class Peer {
    final int id;
    Peer partner;
    /** Peers that signed in after this one: their joins come first in its mailbox. */
    int joinsQueued;
    final List<Integer> acked = Collections.synchronizedList(new ArrayList<>());
    final List<String> unacked = Collections.synchronizedList(new ArrayList<>());
    final List<Integer> stalls = Collections.synchronizedList(new ArrayList<>());
    final List<Integer> received = new ArrayList<>();
    final List<String> leaves = Collections.synchronizedList(new ArrayList<>());
    final List<String> waitErrors = Collections.synchronizedList(new ArrayList<>());
    volatile boolean gotEnd;
    private int highest = -1;

    Peer(int id) {
      this.id = id;
    }

    synchronized void received(int number) {
      received.add(number);
      highest = Math.max(highest, number);
      notifyAll();
    }

    synchronized boolean awaitReceived(int number, long stallMillis) throws InterruptedException {
      long deadline = System.currentTimeMillis() + stallMillis;
      while (highest < number) {
        long left = deadline - System.currentTimeMillis();
        if (left <= 0) {
          return false;
        }
        wait(left);
      }
      return true;
    }
  }

  private final long stallMillis;

  private PairTraffic(WireClient client, int pairs, long stallMillis) {
    this.client = client;
    this.stallMillis = stallMillis;
    this.threads = Executors.newFixedThreadPool(4 * pairs);
  }

  /** Signs in {@code 2 * pairs} peers and starts their loops; a message not there within 30 s is a stall. */
  public static PairTraffic start(WireClient client, int pairs) {
    return start(client, pairs, STALL_MILLIS);
  }

  /**
   * The same with a longer wait before a message counts as a stall: a message acknowledged by the small side of a
   * split just before it stopped arrives only once the halves merge.
   */
  public static PairTraffic start(WireClient client, int pairs, long stallMillis) {
    PairTraffic traffic = new PairTraffic(client, pairs, stallMillis);
    for (int i = 0; i < 2 * pairs; i++) {
      traffic.peers.add(new Peer(client.signInId(NAME_PREFIX + i)));
    }
    for (int i = 0; i < traffic.peers.size(); i++) {
      traffic.peers.get(i).partner = traffic.peers.get(i ^ 1);
      traffic.peers.get(i).joinsQueued = traffic.peers.size() - 1 - i;
    }
    traffic.drained = new CountDownLatch(traffic.peers.size());
    for (Peer peer : traffic.peers) {
      traffic.loops.add(traffic.threads.submit(() -> traffic.receive(peer)));
    }
    for (Peer peer : traffic.peers) {
      traffic.loops.add(traffic.threads.submit(() -> traffic.send(peer)));
    }
    return traffic;
  }

  public int acked() {
    return acked.get();
  }

  /** Blocks until the senders together have had {@code total} messages acknowledged. */
  public void awaitAcked(int total) {
    synchronized (acked) {
      long deadline = System.currentTimeMillis() + 120_000;
      while (acked.get() < total) {
        long left = deadline - System.currentTimeMillis();
        if (left <= 0) {
          throw new AssertionError("only " + acked.get() + " of " + total + " messages acknowledged");
        }
        try {
          acked.wait(left);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new AssertionError(e);
        }
      }
    }
  }

  /** Stops the senders, lets every receiver get the end marker, and returns what happened. */
  public Report stop() {
    stopping = true;
    try {
      for (Future<?> loop : loops) {
        loop.get(3, TimeUnit.MINUTES);
      }
    } catch (Exception e) {
      throw new AssertionError("traffic did not finish", e);
    } finally {
      threads.shutdownNow();
    }
    return new Report(peers, TimeUnit.NANOSECONDS.toMillis(longestAckGapNanos.get()));
  }

  private Void send(Peer self) throws InterruptedException {
    // Messages start once every mailbox is past its sign-in joins, so a stall means a message, not a backlog.
    if (!drained.await(3, TimeUnit.MINUTES)) {
      throw new AssertionError("receivers did not read their sign-in joins");
    }
    for (int number = 0; !stopping; number++) {
      WireResponse reply = exchange(WireClient.messageRequest(self.id, self.partner.id, "m" + number));
      if (reply.status() == 200) {
        self.acked.add(number);
        noteAck();
        if (!self.partner.awaitReceived(number, stallMillis)) {
          self.stalls.add(number);
          break; // reported as a failure; the end marker still goes, so the run ends and says what happened
        }
      } else {
        self.unacked.add(number + ": " + reply.status());
      }
    }
    for (int attempt = 0; attempt < 100; attempt++) {
      if (exchange(WireClient.messageRequest(self.id, self.partner.id, END)).status() == 200) {
        return null;
      }
    }
    throw new AssertionError("peer " + self.id + " could not send its end marker");
  }

  private Void receive(Peer self) {
    int joinsSeen = 0;
    if (self.joinsQueued == 0) {
      drained.countDown();
    }
    while (!self.gotEnd) {
      WireResponse reply;
      try {
        reply = client.startWait(self.id).response();
      } catch (UncheckedIOException e) {
        self.waitErrors.add("connect: " + e.getMessage());
        continue;
      }
      if (reply.raw().length == 0) {
        continue; // closed without a reply: re-wait at once, as peerconnection_client does
      }
      if (reply.status() != 200) {
        self.waitErrors.add("status " + reply.status());
        continue;
      }
      if (reply.pragma() == self.id) {
        if (reply.body().endsWith(",0\n")) {
          if (reply.body().startsWith(NAME_PREFIX)) { // a peer of the traffic was removed
            self.leaves.add(reply.body());
          }
        } else if (reply.body().startsWith(NAME_PREFIX) && ++joinsSeen == self.joinsQueued) {
          drained.countDown();
        }
        continue;
      }
      if (reply.pragma() != self.partner.id) {
        self.waitErrors.add("message from " + reply.pragma());
        continue;
      }
      if (reply.body().equals(END)) {
        self.gotEnd = true;
      } else {
        self.received(Integer.parseInt(reply.body().substring(1)));
      }
    }
    return null;
  }

  private WireResponse exchange(String request) {
    try {
      return client.exchange(request);
    } catch (UncheckedIOException e) {
      return new WireResponse(new byte[0], false);
    }
  }

  private void noteAck() {
    long now = System.nanoTime();
    long previous = lastAckNanos.getAndSet(now);
    if (previous != 0) {
      longestAckGapNanos.accumulateAndGet(now - previous, Math::max);
    }
    synchronized (acked) {
      acked.incrementAndGet();
      acked.notifyAll();
    }
  }

  /** What the traffic saw, and the checks every run must pass. */
  public static final class Report {
    private final List<Peer> peers;
    private final long longestAckGapMillis;

    Report(List<Peer> peers, long longestAckGapMillis) {
      this.peers = peers;
      this.longestAckGapMillis = longestAckGapMillis;
    }

    public int acked() {
      return peers.stream().mapToInt(peer -> peer.acked.size()).sum();
    }

    public List<String> unacked() {
      return peers.stream().flatMap(peer -> peer.unacked.stream().map(u -> peer.id + "->" + u)).toList();
    }

    /** Acknowledged messages their target never got. */
    public List<String> lost() {
      List<String> lost = new ArrayList<>();
      for (Peer peer : peers) {
        for (int number : List.copyOf(peer.acked)) {
          if (!peer.partner.received.contains(number)) {
            lost.add(peer.id + "->" + peer.partner.id + " #" + number);
          }
        }
      }
      return lost;
    }

    /**
     * Receivers that got a sender's acknowledged messages out of order: each one's first delivery must come after
     * the first delivery of every earlier one. A message delivered again later is a duplicate, counted as such; one
     * whose sender got no acknowledgement (its node froze with the request, say) may still arrive, at any time.
     */
    public List<String> reordered() {
      List<String> reordered = new ArrayList<>();
      for (Peer peer : peers) {
        java.util.Set<Integer> acknowledged = new java.util.HashSet<>(peer.partner.acked);
        java.util.Set<Integer> seen = new java.util.HashSet<>();
        int highest = -1;
        for (int number : peer.received) {
          if (!acknowledged.contains(number) || !seen.add(number)) {
            continue;
          }
          if (number < highest) {
            reordered.add(peer.partner.id + "->" + peer.id + " " + peer.received);
            break;
          }
          highest = number;
        }
      }
      return reordered;
    }

    public int duplicates() {
      return peers.stream().mapToInt(peer -> peer.received.size() - (int) peer.received.stream().distinct().count())
          .sum();
    }

    /** Messages a receiver got from a peer other than its partner: delivered to the wrong peer. */
    public List<String> misdelivered() {
      return waitErrors().stream().filter(error -> error.startsWith("message from")).toList();
    }

    /** The ids of the traffic's peers. */
    public List<Integer> ids() {
      return peers.stream().map(peer -> peer.id).toList();
    }

    public List<String> leaves() {
      return peers.stream().flatMap(peer -> peer.leaves.stream()).toList();
    }

    public List<String> waitErrors() {
      return peers.stream().flatMap(peer -> peer.waitErrors.stream()).toList();
    }

    public List<Integer> stalls() {
      return peers.stream().flatMap(peer -> peer.stalls.stream()).toList();
    }

    /** What every run must show, whatever happened to the nodes: nothing acknowledged was lost or reordered. */
    public void assertNothingLostAndNoPeerRemoved() {
      assertThat(lost()).as("acknowledged but never delivered").isEmpty();
      assertThat(stalls()).as("messages that did not arrive in time").isEmpty();
      assertThat(reordered()).as("per-sender order").isEmpty();
      assertThat(leaves()).as("peers removed").isEmpty();
      assertThat(waitErrors()).as("/wait answers other than 200").isEmpty();
    }

    public long longestAckGapMillis() {
      return longestAckGapMillis;
    }

    @Override
    public String toString() {
      return "acked=" + acked() + " unacked=" + unacked().size() + " " + unacked() + " lost=" + lost()
          + " duplicates=" + duplicates() + " reordered=" + reordered().size() + " leaves=" + leaves().size()
          + " waitErrors=" + waitErrors() + " stalls=" + stalls()
          + " longestGapBetweenAcks=" + longestAckGapMillis + "ms";
    }
  }
}
