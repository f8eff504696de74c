package io.signaling.loadtest;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.TimeUnit;

/**
 * Scenario (b): pairs of peers set up calls as conductor.cc does. The caller posts an offer and trickles its ICE
 * candidates; the callee answers on the offer and trickles its own; once both sides have everything the call is
 * set up, and the caller hangs up (a bye). Calls start at a fixed rate (open loop, so a slow server meets a
 * growing queue, as in production) or back to back (closed loop).
 */
final class CallSetup {

  record Options(int pairs, double setupsPerSecond, int warmUpSeconds, int durationSeconds, int candidates,
                 int sdpBytes, int signInConcurrency) {
  }

  /** How long the calls under way get to end after the measured window, before the count. */
  private static final int DRAIN_SECONDS = 15;

  private final Run run;
  private final Options options;
  private final Payloads payloads;
  private final Streams streams;
  private final Latencies delivery;
  private final Latencies setups;
  private final Queue<Call> idle = new ArrayDeque<>();
  private final java.util.Map<Integer, Call> callOfPeer = new java.util.concurrent.ConcurrentHashMap<>();
  private volatile boolean starting = true;
  private int abandonedCalls;

  /** One pair and the state of its current call; touched on the caller's and the callee's event loops. */
  private final class Call {
    final Peer caller;
    final Peer callee;
    long startedNanos;
    int callerHas;
    int calleeHas;
    boolean complete;
    /** A message of it was refused: it can never end, and the pair calls no more (guarded by CallSetup's lock). */
    boolean abandoned;

    Call(Peer caller, Peer callee) {
      this.caller = caller;
      this.callee = callee;
    }

    synchronized void start() {
      startedNanos = System.nanoTime();
      callerHas = 0;
      calleeHas = 0;
      complete = false;
      post(this, caller, callee, seq -> payloads.description("offer", seq));
      for (int i = 0; i < options.candidates(); i++) {
        int index = i;
        post(this, caller, callee, seq -> payloads.candidate(seq, index));
      }
    }

    synchronized void arrived(Peer at, byte[] body) {
      if (contains(body, "\"type\":\"bye\"")) {
        release(this);
        return;
      }
      if (at == callee) {
        calleeHas++;
        if (contains(body, "\"type\":\"offer\"")) {
          post(this, callee, caller, seq -> payloads.description("answer", seq));
          for (int i = 0; i < options.candidates(); i++) {
            int index = i;
            post(this, callee, caller, seq -> payloads.candidate(seq, index));
          }
        }
      } else {
        callerHas++;
      }
      int wanted = 1 + options.candidates();
      if (!complete && callerHas == wanted && calleeHas == wanted) {
        complete = true;
        setups.recordNanos(System.nanoTime() - startedNanos);
        run.counters.increment("calls set up");
        post(this, caller, callee, payloads::bye);
      }
    }
  }

  CallSetup(Run run, Options options) {
    this.run = run;
    this.options = options;
    this.payloads = new Payloads(options.sdpBytes());
    this.streams = new Streams(run.counters);
    this.delivery = run.latencies("delivery");
    this.setups = run.latencies("setup");
    run.parameters.put("pairs", options.pairs());
    run.parameters.put("setups per second", options.setupsPerSecond() > 0 ? options.setupsPerSecond() : "closed loop");
    run.parameters.put("warm-up s (not counted)", options.warmUpSeconds());
    run.parameters.put("duration s", options.durationSeconds());
    run.parameters.put("ICE candidates per side", options.candidates());
    run.parameters.put("SDP bytes", options.sdpBytes());
    run.parameters.put("messages per call", 3 + 2 * options.candidates());
  }

  private void post(Call call, Peer from, Peer to, java.util.function.LongFunction<byte[]> body) {
    long[] seq = {-1};
    from.send(to.id(), () -> {
      seq[0] = streams.nextSeq(from.id(), to.id());
      run.counters.increment("messages sent");
      return body.apply(seq[0]);
    }, answer -> {
      if (answer.status() == 200) {
        streams.acknowledged(from.id(), to.id(), seq[0]);
      } else {
        run.counters.increment("message answered " + answer.status());
        abandon(call);
      }
    });
  }

  private void onItem(Peer at, Answer item) {
    Streams.Arrival arrival = streams.arrived(item, at.id(), delivery);
    if (arrival == Streams.Arrival.NOTIFICATION) {
      return;
    }
    run.counters.increment("messages received");
    if (arrival == Streams.Arrival.MESSAGE) {
      Call call = callOfPeer.get(at.id());
      if (call != null) {
        call.arrived(at, item.body());
      }
    }
  }

  private synchronized void release(Call call) {
    if (starting && options.setupsPerSecond() <= 0) {
      call.start(); // closed loop: the pair calls again at once
    } else {
      idle.add(call);
    }
  }

  /** A message of the call was refused, so it cannot end: it no longer counts as under way, and is not started again. */
  private synchronized void abandon(Call call) {
    if (!call.abandoned) {
      call.abandoned = true;
      abandonedCalls++;
    }
  }

  /** Calls under way: neither ended (its callee read the bye) nor abandoned. */
  private synchronized int callsUnderWay() {
    return options.pairs() - idle.size() - abandonedCalls;
  }

  private synchronized Call nextIdle() {
    return idle.poll();
  }

  void execute() throws Exception {
    int peerCount = 2 * options.pairs();
    run.say("signing in %d peers", peerCount);
    Latencies signIns = run.latencies("sign-in");
    List<Peer> peers = Population.signIn(run, "call-", peerCount, options.signInConcurrency(), signIns,
        (index, array) -> answer -> onItem(array[index], answer)).toCompletionStage().toCompletableFuture()
        .get(10, TimeUnit.MINUTES);
    for (int i = 0; i < options.pairs(); i++) {
      Call call = new Call(peers.get(2 * i), peers.get(2 * i + 1));
      callOfPeer.put(call.caller.id(), call);
      callOfPeer.put(call.callee.id(), call);
      idle.add(call);
    }
    peers.forEach(Peer::startWaiting);
    // Each peer first drains the joins of those who signed in after it, as a real client would.
    long joins = (long) peerCount * (peerCount - 1) / 2;
    run.awaitUntil("joins delivered", () -> run.counters.get("notifications received"), joins, Duration.ofMinutes(1));
    run.say("all %d peers wait; %d joins delivered; starting calls", peerCount, run.counters.get("notifications received"));

    run.startClock(() -> String.format("%d calls set up, %d messages", run.counters.get("calls set up"),
        run.counters.get("messages received")));
    long pacer = startCalls();
    Thread.sleep(TimeUnit.SECONDS.toMillis(options.warmUpSeconds()));
    run.endWarmUp();
    long callsBefore = run.counters.get("calls set up");
    long messagesBefore = run.counters.get("messages received");
    long started = System.nanoTime();
    run.say("warm-up over; measuring for %d s", options.durationSeconds());
    while (System.nanoTime() - started < TimeUnit.SECONDS.toNanos(options.durationSeconds())) {
      Thread.sleep(200);
    }
    long ended = System.nanoTime();
    streams.timeFrom(ended);
    long calls = run.counters.get("calls set up") - callsBefore;
    long messages = run.counters.get("messages received") - messagesBefore;
    starting = false;
    if (pacer >= 0) {
      run.vertx.cancelTimer(pacer);
    }
    double seconds = (System.nanoTime() - started) / 1e9;
    // Let the calls under way finish (bounded), then count what never arrived. Every received message is not
    // enough: a call under way sends its next one on an arrival, and its acknowledgement after the count read as
    // a loss (one in about eight passes, arriving milliseconds later).
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(DRAIN_SECONDS);
    while ((callsUnderWay() > 0 || streams.unreceived() > 0) && System.nanoTime() < deadline) {
      Thread.sleep(100);
    }
    run.results.put("calls set up (measured)", calls);
    run.results.put("setups per second", calls / seconds);
    run.results.put("messages per second", messages / seconds);
    List<String> unreceived = streams.unreceivedItems(10);
    long lost = streams.unreceived();
    run.results.put("lost", lost);
    if (lost > 0) {
      // Lost, or only late past the drain (a hand-over recovered by a node's sweep)? Which, and when, tells.
      long late = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (streams.unreceived() > 0 && System.nanoTime() < late) {
        Thread.sleep(100);
      }
      run.counters.add("lost messages that arrived within 30 s more", lost - streams.unreceived());
      unreceived.forEach(item -> run.say("not received %d s after the end: %s (times from the end)",
          DRAIN_SECONDS, streams.story(item, ended)));
    }
    run.results.put("duplicated", run.counters.get("duplicated"));
    run.results.put("out of order", run.counters.get("out of order"));
    run.say("signing out");
    Population.signOut(peers, options.signInConcurrency()).toCompletionStage().toCompletableFuture()
        .get(5, TimeUnit.MINUTES);
  }

  /** Starts calls at the configured rate on idle pairs; returns the pacing timer, or -1 in closed loop. */
  private long startCalls() {
    if (options.setupsPerSecond() <= 0) {
      Call call;
      while ((call = nextIdle()) != null) {
        call.start();
      }
      return -1;
    }
    double[] owed = {0};
    long periodMillis = 5;
    return run.vertx.setPeriodic(periodMillis, timer -> {
      owed[0] += options.setupsPerSecond() * periodMillis / 1000.0;
      while (owed[0] >= 1) {
        owed[0] -= 1;
        Call call = nextIdle();
        if (call == null) {
          run.counters.increment("calls not started: no idle pair");
        } else {
          call.start();
        }
      }
    });
  }

  private static boolean contains(byte[] body, String ascii) {
    int limit = Math.min(body.length, 64) - ascii.length();
    outer:
    for (int i = 0; i <= limit; i++) {
      for (int j = 0; j < ascii.length(); j++) {
        if (body[i + j] != ascii.charAt(j)) {
          continue outer;
        }
      }
      return true;
    }
    return false;
  }
}
