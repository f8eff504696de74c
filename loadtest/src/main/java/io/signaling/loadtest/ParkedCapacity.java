package io.signaling.loadtest;

import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Scenario (a): how many parked /waits the nodes hold and what each costs. N peers sign in, each then keeps a
 * /wait parked (draining the join notifications queued meanwhile, as a real client does), and once all N are
 * parked the nodes' heap (after a full collection) and RSS are read again: the growth over N is the cost per
 * parked peer. Then one sender messages a sample of them, one at a time, timing each delivery.
 */
final class ParkedCapacity {

  record Options(int peers, int sample, int signInConcurrency, int settleSeconds) {
  }

  private static final Duration THIRTY_MINUTES = Duration.ofMinutes(30);

  private final Run run;
  private final Options options;
  private final ServerMetrics server;
  private final Payloads payloads = new Payloads(64);
  private final Latencies delivery;
  private final Streams streams;
  private volatile CountDownLatch arrival;

  ParkedCapacity(Run run, Options options, ServerMetrics server) {
    this.run = run;
    this.options = options;
    this.server = server;
    this.delivery = run.latencies("delivery");
    this.streams = new Streams(run.counters);
    run.parameters.put("peers", options.peers());
    run.parameters.put("sample messages", options.sample());
    run.parameters.put("sign-in concurrency", options.signInConcurrency());
    run.parameters.put("heap read after full GC", server.gcBeforeHeap());
  }

  void execute() throws Exception {
    if (!server.available()) {
      throw new IllegalArgumentException("parked needs --metrics-url of every node, to see when all are parked");
    }
    double heapBefore = server.heapAfterCollection();
    double rssBefore = server.residentBytes();
    double parkedBefore = server.sum("signaling_waits_parked");
    run.say("nodes before: heap %.0f MB, RSS %.0f MB, %.0f parked", heapBefore / 1e6, rssBefore / 1e6, parkedBefore);
    run.startClock(() -> String.format("%d signed in, %d notifications drained",
        run.counters.get("signed in"), run.counters.get("notifications received")));

    long signInStart = System.nanoTime();
    Latencies signIns = run.latencies("sign-in");
    List<Peer> peers = Population.signIn(run, "parked-", options.peers(), options.signInConcurrency(), signIns,
        (index, array) -> answer -> onItem(array[index], answer)).toCompletionStage().toCompletableFuture()
        .get(60, TimeUnit.MINUTES);
    double signInSeconds = (System.nanoTime() - signInStart) / 1e9;
    run.counters.add("signed in", peers.size());
    run.say("%d peers signed in in %.1f s; parking their /waits", peers.size(), signInSeconds);
    peers.forEach(Peer::startWaiting);
    long parkStart = System.nanoTime();
    double parked = awaitParked(parkedBefore + options.peers());
    double parkSeconds = (System.nanoTime() - parkStart) / 1e9;
    Thread.sleep(TimeUnit.SECONDS.toMillis(options.settleSeconds()));
    double heapAfter = server.heapAfterCollection();
    double rssAfter = server.residentBytes();
    run.say("%.0f parked: heap %.0f MB, RSS %.0f MB", parked, heapAfter / 1e6, rssAfter / 1e6);

    long heardBefore = run.counters.get("notifications received");
    Peer sender = Population.signIn(run, "parked-sender-", 1, 1, signIns, (index, array) -> answer -> { })
        .toCompletionStage().toCompletableFuture().get(1, TimeUnit.MINUTES).get(0);
    // The sender's join goes to every parked peer, and each re-waits: time the sample once that has settled.
    run.awaitUntil("peers heard the sender's join", () -> run.counters.get("notifications received"),
        heardBefore + options.peers(), THIRTY_MINUTES);
    awaitParked(parkedBefore + options.peers());
    Random random = new Random(42);
    for (int i = 0; i < options.sample(); i++) {
      Peer target = peers.get(random.nextInt(peers.size()));
      arrival = new CountDownLatch(1);
      long seq = streams.nextSeq(sender.id(), target.id());
      sender.send(target.id(), () -> payloads.ping(seq), answer -> {
        if (answer.status() == 200) {
          streams.acknowledged(sender.id(), target.id(), seq);
        }
      });
      if (!arrival.await(10, TimeUnit.SECONDS)) {
        run.counters.increment("sample messages not delivered in 10 s");
      }
    }
    run.results.put("peers parked", (long) (parked - parkedBefore));
    run.results.put("sign-in phase s", signInSeconds);
    run.results.put("parking phase s", parkSeconds);
    run.results.put("heap before MB", heapBefore / 1e6);
    run.results.put("heap after MB", heapAfter / 1e6);
    // Only a heap read after a full collection says what the parked peers hold; without --server-pid the reading
    // includes whatever garbage there was, and the difference can even come out negative.
    double heapPerPeer = (heapAfter - heapBefore) / options.peers() / 1024;
    if (!server.gcBeforeHeap()) {
      run.say("heap per parked peer: not measured (give --server-pid, so the node's heap is read after a full"
          + " collection)");
    } else if (heapPerPeer < 0) {
      run.say("heap per parked peer: not measured (the heap shrank by %.0f MB: below this run's noise)",
          (heapBefore - heapAfter) / 1e6);
    } else {
      run.results.put("heap per parked peer KB", heapPerPeer);
    }
    run.results.put("RSS before MB", rssBefore / 1e6);
    run.results.put("RSS after MB", rssAfter / 1e6);
    run.results.put("RSS per parked peer KB", (rssAfter - rssBefore) / options.peers() / 1024);
    run.results.put("lost", streams.unreceived());
    run.say("signing out");
    Population.signOut(List.of(sender), 1).toCompletionStage().toCompletableFuture().get(1, TimeUnit.MINUTES);
    Population.signOut(peers, options.signInConcurrency()).toCompletionStage().toCompletableFuture()
        .get(30, TimeUnit.MINUTES);
  }

  /** Polls the nodes' parked-waits gauge until it reaches the target; returns what it reached. */
  private double awaitParked(double target) throws Exception {
    return run.awaitUntil("/waits parked", () -> server.sum("signaling_waits_parked"), target, THIRTY_MINUTES);
  }

  private void onItem(Peer at, Answer item) {
    if (streams.arrived(item, at.id(), delivery) == Streams.Arrival.NOTIFICATION) {
      return;
    }
    CountDownLatch waiting = arrival;
    if (waiting != null) {
      waiting.countDown();
    }
  }
}
