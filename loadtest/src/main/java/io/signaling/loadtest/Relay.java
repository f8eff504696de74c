package io.signaling.loadtest;

import io.vertx.core.Context;
import io.vertx.core.Future;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;

/**
 * Scenario (f), relay: what one relayed message costs the server. Pairs of peers, each keeping a /wait parked as the
 * native client does, play ping-pong with messages of {@code bodyBytes}: each side answers the message it receives
 * with the next of its own, so every pair has one message under way at a time. Per level of pairs, after a
 * warm-up: messages relayed per second, per second of the server's CPU (utime + stime from /proc/<pid>/stat, all of
 * it), and the latency from the POST to the /wait answer that carries the message; then, with the ping-pong
 * stopped and the last messages awaited, every message the server acknowledged is checked off: lost (acknowledged,
 * never received), duplicated (received twice), out of order (received after a later one of the same sender).
 *
 * <p>It speaks only the protocol, so it measures a node and the reference server alike.
 */
final class Relay {

  record Options(List<Integer> levels, int warmupSeconds, int levelWarmupSeconds, int windowSeconds, int bodyBytes,
                 int concurrency, List<Long> serverPids) {
  }

  /** What one level measured. */
  record Level(int pairs, long messages, double messagesPerSecond, double serverCpuSeconds,
               double messagesPerCpuSecond, double p50Millis, double p99Millis, long lost, long duplicated,
               long reordered, long retried, long unanswered) {
  }

  /** A message acknowledged but not received after this long is given up, so its pair goes on. */
  private static final long GIVE_UP_NANOS = TimeUnit.SECONDS.toNanos(5);
  /** A POST without an answer after this long is closed and given up (the reference leaves some unanswered). */
  private static final long ANSWER_TIMEOUT_MILLIS = 5_000;

  private final Run run;
  private final Options options;
  private final ProcessCpu serverCpu;
  private final byte[] padding;
  /** Messages received during the measured window, by the level running. */
  private final AtomicLong receivedInWindow = new AtomicLong();
  /** Join notifications the level's peers received (each is told of every peer that signs in after it). */
  private final AtomicLong joinsReceived = new AtomicLong();
  private volatile boolean measuring;
  private volatile Latencies latencies;

  Relay(Run run, Options options) {
    this.run = run;
    this.options = options;
    this.serverCpu = new ProcessCpu(options.serverPids());
    this.padding = new byte[options.bodyBytes()];
    Arrays.fill(padding, (byte) 'x');
    run.parameters.put("levels (pairs)", options.levels().toString());
    run.parameters.put("warm-up s (first level)", options.warmupSeconds());
    run.parameters.put("warm-up s (each later level)", options.levelWarmupSeconds());
    run.parameters.put("measured s per level", options.windowSeconds());
    run.parameters.put("message bytes", options.bodyBytes());
  }

  void execute() throws Exception {
    if (!serverCpu.isKnown()) {
      throw new IllegalArgumentException("--server-pid is needed: the figure is messages per server CPU-second");
    }
    run.startClock(() -> String.format("%d relayed in window", receivedInWindow.get()));
    Map<String, Object> byLevel = new LinkedHashMap<>();
    long lost = 0;
    boolean first = true;
    for (int pairs : options.levels()) {
      Level level = level(pairs, first ? options.warmupSeconds() : options.levelWarmupSeconds());
      first = false;
      lost += level.lost();
      run.say("%d pair(s): %.0f msg/s, %.0f msg per server CPU-second, p50 %.3f ms, p99 %.3f ms, lost %d,"
              + " duplicated %d, out of order %d, unanswered %d", pairs, level.messagesPerSecond(), level.messagesPerCpuSecond(),
          level.p50Millis(), level.p99Millis(), level.lost(), level.duplicated(), level.reordered(), level.unanswered());
      Map<String, Object> figures = new LinkedHashMap<>();
      figures.put("messages", level.messages());
      figures.put("messages per s", level.messagesPerSecond());
      figures.put("server CPU s", level.serverCpuSeconds());
      figures.put("messages per server CPU-second", level.messagesPerCpuSecond());
      figures.put("p50 ms", level.p50Millis());
      figures.put("p99 ms", level.p99Millis());
      figures.put("lost", level.lost());
      figures.put("duplicated", level.duplicated());
      figures.put("out of order", level.reordered());
      figures.put("sends retried", level.retried());
      figures.put("messages unanswered", level.unanswered());
      byLevel.put(String.valueOf(pairs), figures);
    }
    run.results.put("by pairs", byLevel);
    run.results.put("lost", lost);
  }

  private Level level(int pairs, int warmupSeconds) throws Exception {
    latencies = run.latencies("relay " + pairs + " pair(s)");
    List<Pair> all = new ArrayList<>();
    for (int i = 0; i < pairs; i++) {
      all.add(new Pair(run.newContext()));
    }
    joinsReceived.set(0);
    signIn(all);
    all.forEach(Pair::startWaiting);
    readJoins(pairs);
    all.forEach(Pair::startPingPong);
    Thread.sleep(TimeUnit.SECONDS.toMillis(warmupSeconds));

    long retriedBefore = run.counters.get("sends retried");
    long unansweredBefore = run.counters.get("messages unanswered");
    latencies.restartTotal();
    receivedInWindow.set(0);
    double cpuBefore = serverCpu.seconds();
    long started = System.nanoTime();
    measuring = true;
    Thread.sleep(TimeUnit.SECONDS.toMillis(options.windowSeconds()));
    measuring = false;
    double cpu = serverCpu.seconds() - cpuBefore;
    double seconds = (System.nanoTime() - started) / 1e9;
    long messages = receivedInWindow.get();
    latencies.tick(run.elapsedSeconds()); // the last part-second into the total
    Histogram window = latencies.total();

    all.forEach(Pair::stop);
    // The last messages under way arrive, or are given up; a server that answers nothing more ends the wait.
    long settleDeadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (all.stream().anyMatch(pair -> !pair.settled()) && System.nanoTime() < settleDeadline) {
      Thread.sleep(100);
    }
    run.counters.add("pairs still busy at the end", all.stream().filter(pair -> !pair.settled()).count());
    long lost = 0;
    long duplicated = 0;
    long reordered = 0;
    for (Pair pair : all) {
      lost += pair.a.lost() + pair.b.lost();
      duplicated += pair.a.duplicated + pair.b.duplicated;
      reordered += pair.a.reordered + pair.b.reordered;
    }
    run.counters.add("lost", lost);
    run.counters.add("duplicated", duplicated);
    run.counters.add("out of order", reordered);
    signOut(all);
    return new Level(pairs, messages, messages / seconds, cpu, cpu > 0 ? messages / cpu : Double.NaN,
        Latencies.millis(window, 50), Latencies.millis(window, 99), lost, duplicated, reordered,
        run.counters.get("sends retried") - retriedBefore, run.counters.get("messages unanswered") - unansweredBefore);
  }

  /**
   * Waits for the joins of the sign-ins to be read. Everybody is in the one room the reference has: n peers'
   * sign-ins queue at least n(n-1)/2 joins (two at once may each be told of the other), read one per /wait (at 400
   * pairs, 319,600). The ping-pong starts once they are read, not behind them; a server that drops some ends the
   * wait after 5 s without one.
   */
  private void readJoins(int pairs) throws InterruptedException {
    long peers = 2L * pairs;
    long joins = peers * (peers - 1) / 2;
    long drainStart = System.nanoTime();
    long read = joinsReceived.get();
    long lastGrowth = drainStart;
    while (read < joins && System.nanoTime() - lastGrowth < TimeUnit.SECONDS.toNanos(5)) {
      Thread.sleep(100);
      long now = joinsReceived.get();
      if (now > read) {
        read = now;
        lastGrowth = System.nanoTime();
      }
    }
    run.say("%d pair(s): %d of the %d joins of the sign-ins read in %.1f s", pairs, read, joins,
        (System.nanoTime() - drainStart) / 1e9);
    run.counters.add("joins not read", Math.max(0, joins - read));
  }

  /** Signs every pair's peers in, {@code concurrency} at a time (the reference listens with a backlog of 5). */
  private void signIn(List<Pair> pairs) throws Exception {
    List<Side> sides = new ArrayList<>();
    pairs.forEach(pair -> {
      sides.add(pair.a);
      sides.add(pair.b);
    });
    for (int from = 0; from < sides.size(); from += options.concurrency()) {
      List<Side> batch = sides.subList(from, Math.min(sides.size(), from + options.concurrency()));
      Future.all(batch.stream().map(Side::signIn).toList()).await(60, TimeUnit.SECONDS);
    }
  }

  /** Signs every peer out; one left unanswered (the reference leaves some) is counted and given up. */
  private void signOut(List<Pair> pairs) throws Exception {
    List<Future<Answer>> out = new ArrayList<>();
    for (Pair pair : pairs) {
      for (Side side : List.of(pair.a, pair.b)) {
        side.peer.stopWaiting();
        out.add(run.client.signOut(side.peer.id(), ANSWER_TIMEOUT_MILLIS)
            .onFailure(failure -> run.counters.increment("sign-outs unanswered")));
      }
    }
    // Each ends, answered or not, within the answer and connect timeouts; one that failed is counted above.
    Future.join(out).transform(ended -> Future.succeededFuture())
        .await(ANSWER_TIMEOUT_MILLIS + 15_000, TimeUnit.MILLISECONDS);
  }

  /** Two peers that answer each other's messages, both on one event loop (so their state needs no locks). */
  private final class Pair {
    final Context context;
    final Side a;
    final Side b;

    Pair(Context context) {
      this.context = context;
      this.a = new Side(this);
      this.b = new Side(this);
      a.partner = b;
      b.partner = a;
    }

    void startWaiting() {
      a.peer.startWaiting();
      b.peer.startWaiting();
    }

    void startPingPong() {
      context.runOnContext(ignored -> a.sendNext());
    }

    void stop() {
      context.runOnContext(ignored -> {
        a.stopped = true;
        b.stopped = true;
      });
    }

    /** Stopped, and the last message acknowledged has arrived (or was given up). */
    boolean settled() {
      return a.stopped && b.stopped && a.idle() && b.idle();
    }
  }

  /** One peer of a pair: what it sent, what it received, and its next message. */
  private final class Side {
    final Pair pair;
    Side partner;
    Peer peer;
    volatile boolean stopped;
    /** Its messages the server acknowledged; their sequence numbers run from 1. */
    long acknowledged;
    long sent;
    /** The join notifications received here. */
    final java.util.Set<String> joinsSeen = new java.util.HashSet<>();
    /** Sequence numbers of the partner's messages received here. */
    final BitSet received = new BitSet();
    long highestReceived;
    long duplicated;
    long reordered;
    /** The message acknowledged and not yet received by the partner (0: none). */
    volatile long awaitedSeq;
    /** A message is posted and not yet acknowledged (or is being sent again). */
    volatile boolean posting;
    long giveUpTimer = -1;

    Side(Pair pair) {
      this.pair = pair;
    }

    Future<Answer> signIn() {
      return run.client.signIn("relay").onSuccess(answer -> {
        if (answer.status() != 200) {
          throw new IllegalStateException("sign-in answered " + answer.status());
        }
        peer = new Peer(run.client, pair.context, answer.pragma(), run.counters, this::onItem);
      });
    }

    long lost() {
      return acknowledged - partner.received.cardinality();
    }

    boolean idle() {
      return awaitedSeq == 0 && !posting;
    }

    /** Sends this side's next message, numbered; a send that fails is sent again with the same number. */
    void sendNext() {
      if (stopped) {
        return;
      }
      long seq = ++sent;
      send(seq);
    }

    /**
     * Posts one message (on the pair's event loop). Refused or not connected, it is sent again under its number;
     * unanswered, it is given up (the server may hold it: if it arrives, it counts as received) and the next goes.
     */
    private void send(long seq) {
      posting = true;
      long postedAt = System.nanoTime();
      run.client.message(peer.id(), partner.peer.id(), body(seq, postedAt), ANSWER_TIMEOUT_MILLIS).onComplete(posted -> {
        if (posted.succeeded() && posted.result().status() == 200) {
          acknowledged++;
          awaitedSeq = seq;
          posting = false;
          giveUpTimer = run.vertx.setTimer(TimeUnit.NANOSECONDS.toMillis(GIVE_UP_NANOS),
              timer -> pair.context.runOnContext(ignored -> givenUp(seq)));
        } else if (posted.failed() && posted.cause() instanceof TimeoutException) {
          run.counters.increment("messages unanswered");
          posting = false;
          sendNext();
        } else if (stopped) {
          run.counters.increment("sends abandoned at the end");
          posting = false;
        } else {
          run.counters.increment("sends retried");
          run.counters.increment(posted.failed() ? "message errors" : "message answered " + posted.result().status());
          run.vertx.setTimer(50, timer -> pair.context.runOnContext(ignored -> send(seq)));
        }
      });
    }

    /** The partner never received this message: the pair goes on (the loss is counted at the end). */
    private void givenUp(long seq) {
      if (awaitedSeq == seq) {
        awaitedSeq = 0;
        partner.sendNext();
      }
    }

    /** A /wait answer: a message of the partner (a join, a leave or anything else is not counted). */
    void onItem(Answer answer) {
      if (answer.pragma() != partner.peer.id()) {
        if (answer.pragma() == peer.id() && answer.text().endsWith(",1\n")) {
          if (joinsSeen.add(answer.text())) {
            joinsReceived.incrementAndGet();
          } else {
            run.counters.increment("joins received twice");
          }
        }
        return;
      }
      String text = new String(answer.body(), 0, Math.min(40, answer.body().length), StandardCharsets.US_ASCII);
      String[] fields = text.split(" ", 3);
      long seq = Long.parseLong(fields[0]);
      long postedAt = Long.parseLong(fields[1]);
      if (received.get((int) seq)) {
        duplicated++;
        return;
      }
      received.set((int) seq);
      if (seq < highestReceived) {
        reordered++;
      }
      highestReceived = Math.max(highestReceived, seq);
      latencies.recordNanos(System.nanoTime() - postedAt);
      if (measuring) {
        receivedInWindow.incrementAndGet();
      }
      if (partner.awaitedSeq == seq) {
        partner.awaitedSeq = 0;
        run.vertx.cancelTimer(partner.giveUpTimer);
      }
      sendNext();
    }

    private byte[] body(long seq, long postedAt) {
      byte[] head = (seq + " " + postedAt + " ").getBytes(StandardCharsets.US_ASCII);
      byte[] body = padding.clone();
      System.arraycopy(head, 0, body, 0, Math.min(head.length, body.length));
      return body;
    }
  }
}
