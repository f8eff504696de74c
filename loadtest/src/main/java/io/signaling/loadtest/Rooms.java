package io.signaling.loadtest;

import io.vertx.core.Context;
import io.vertx.core.Future;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Scenario (e), rooms: how the cost of a sign-in changes as the cluster fills. Background peers sign in, in rooms of
 * {@code roomSize} (or all in the default room), each keeping a /wait parked; at each level of peers online, fresh
 * rooms of {@code group} peers come at a steady rate for a window: all sign in, the first sends an offer to the
 * second, which answers, and all sign out. Per level: sign-in p50 and p99, and the nodes' CPU time per sign-in
 * (utime + stime from /proc/<pid>/stat of every node). The nodes' CPU over quiet windows before and after
 * (their work for the peers online: heartbeats, the counts and the sweep, which pass over every record) is
 * reported apart, per second, and taken out of the CPU per sign-in at that rate; the CPU a second over the
 * window, all of it, is reported too. Requests go to the nodes in turn, as
 * through a non-sticky balancer, from several source addresses.
 */
final class Rooms {

  record Options(List<Integer> levels, int roomSize, int group, double rate, int warmupSeconds, int windowSeconds,
                 int quietSeconds, boolean defaultRoom, int concurrency, List<URI> nodes, List<Long> serverPids, int sourceAddresses) {
  }

  /** What one level measured. */
  record Level(int online, long signIns, double signInP50, double signInP99, double cpuMillisPerSignIn,
               double windowCpuMillisPerSecond, double quietCpuMillisPerSecond, double callP50, long callsTimedOut,
               long refused) {
  }

  private static final long CALL_TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(30);

  private final Run run;
  private final Options options;
  private final SignalingClient client;
  private final List<Peer> background = new ArrayList<>();
  /** Items the background peers' /waits received (joins and leaves). */
  private final AtomicLong backgroundItems = new AtomicLong();
  private final AtomicInteger groupsUnderWay = new AtomicInteger();
  private final AtomicInteger nextGroup = new AtomicInteger();
  private final ProcessCpu nodeCpu;

  Rooms(Run run, Options options) {
    this.run = run;
    this.options = options;
    this.client = new SignalingClient(run.vertx, options.nodes(), 1, options.sourceAddresses());
    this.nodeCpu = new ProcessCpu(options.serverPids());
    run.parameters.put("levels (peers online elsewhere)", options.levels().toString());
    run.parameters.put("background room size", options.defaultRoom() ? "all in the default room" : options.roomSize());
    run.parameters.put("peers per measured room", options.group());
    run.parameters.put("measured rooms per second", options.rate());
    run.parameters.put("warm-up s", options.warmupSeconds());
    run.parameters.put("window s", options.windowSeconds());
    run.parameters.put("quiet window s", options.quietSeconds());
    run.parameters.put("nodes", options.nodes().toString());
  }

  void execute() throws Exception {
    List<Level> levels = new ArrayList<>();
    long expectedItems = 0;
    run.startClock(() -> String.format("%d online, %d groups under way, %d background items", background.size(),
        groupsUnderWay.get(), backgroundItems.get()));
    for (int target : options.levels()) {
      int before = background.size();
      expectedItems += fill(target);
      long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(10);
      while (backgroundItems.get() < expectedItems && System.nanoTime() < deadline) {
        Thread.sleep(100);
      }
      if (levels.isEmpty() && options.warmupSeconds() > 0) {
        // Fresh JVMs compile for minutes: the first level's rooms come for a while unmeasured.
        run.say("warming up for %d s", options.warmupSeconds());
        churn(options.warmupSeconds(), new Latencies("warm-up sign-in"), new Latencies("warm-up call"));
        expectedItems = backgroundItems.get();
      }
      run.say("%d peers online (from %d); their joins read; measuring %d s", background.size(), before,
          options.windowSeconds());
      Level level = measure(target);
      levels.add(level);
      // The measured rooms' joins and leaves reached the background peers too, in the default room.
      expectedItems = backgroundItems.get();
      run.say("%d online: sign-in p50 %.2f ms, p99 %.2f ms, %.3f ms node CPU per sign-in (%.1f ms/s, quiet %.1f"
          + " ms/s), call p50 %.2f ms", level.online(), level.signInP50(), level.signInP99(),
          level.cpuMillisPerSignIn(), level.windowCpuMillisPerSecond(), level.quietCpuMillisPerSecond(),
          level.callP50());
    }
    Map<String, Object> table = new LinkedHashMap<>();
    for (Level level : levels) {
      table.put(String.valueOf(level.online()), Map.of("sign-ins", level.signIns(), "sign-in p50 ms", level.signInP50(),
          "sign-in p99 ms", level.signInP99(), "node CPU ms per sign-in", level.cpuMillisPerSignIn(),
          "node CPU ms per s", level.windowCpuMillisPerSecond(),
          "quiet node CPU ms per s", level.quietCpuMillisPerSecond(), "call p50 ms", level.callP50(),
          "calls timed out", level.callsTimedOut(), "sign-ins refused", level.refused()));
    }
    run.results.put("by peers online", table);
    run.results.put("lost", levels.stream().mapToLong(Level::callsTimedOut).sum());
    Population.signOut(background, options.concurrency()).toCompletionStage().toCompletableFuture()
        .get(10, TimeUnit.MINUTES);
    client.close();
  }

  /** Signs background peers in up to {@code target}; returns how many joins their /waits will receive. */
  private long fill(int target) throws Exception {
    int from = background.size();
    long joins = 0;
    for (int index = from; index < target; index++) {
      joins += options.defaultRoom() ? index : index % options.roomSize();
    }
    AtomicInteger next = new AtomicInteger(from);
    List<Future<Void>> lanes = new ArrayList<>();
    List<Peer> added = java.util.Collections.synchronizedList(new ArrayList<>());
    for (int lane = 0; lane < options.concurrency(); lane++) {
      lanes.add(signInNext(next, target, added));
    }
    Future.all(lanes).toCompletionStage().toCompletableFuture().get(30, TimeUnit.MINUTES);
    added.forEach(Peer::startWaiting);
    background.addAll(added);
    return joins;
  }

  private Future<Void> signInNext(AtomicInteger next, int target, List<Peer> added) {
    int index = next.getAndIncrement();
    if (index >= target) {
      return Future.succeededFuture();
    }
    Context context = run.newContext();
    String room = options.defaultRoom() ? "" : "bg-" + index / options.roomSize();
    return Future.<Answer>future(promise -> context.runOnContext(ignored ->
            client.signIn(room, "bg-" + index).onComplete(promise)))
        .compose(answer -> {
          if (answer.status() != 200) {
            return Future.failedFuture("a background sign-in was answered " + answer.status() + ": " + answer.text());
          }
          added.add(new Peer(client, context, answer.pragma(), run.counters, item -> backgroundItems.incrementAndGet()));
          return signInNext(next, target, added);
        });
  }

  private Level measure(int online) throws Exception {
    Latencies signIns = run.latencies("sign-in at " + online + " online");
    Latencies calls = run.latencies("call at " + online + " online");
    long timedOutBefore = run.counters.get("calls timed out");
    long refusedBefore = run.counters.get("sign-ins refused");
    long signedInBefore = run.counters.get("measured sign-ins");
    // The nodes' own work for the peers online, measured when nothing else happens: after a settling pause (the
    // garbage of the fill, the compiler) and again after the window, averaged.
    Thread.sleep(TimeUnit.SECONDS.toMillis(options.quietSeconds()));
    double quietBefore = quietCpuMillisPerSecond();
    double cpuBefore = nodeCpu.seconds();
    long started = System.nanoTime();
    churn(options.windowSeconds(), signIns, calls);
    double cpuSeconds = nodeCpu.seconds() - cpuBefore;
    double measuredSeconds = (System.nanoTime() - started) / 1e9;
    long signedIn = run.counters.get("measured sign-ins") - signedInBefore;
    double quietMillisPerSecond = (quietBefore + quietCpuMillisPerSecond()) / 2;
    // The run's clock closes an interval of each every second; the last one is closed here, and the whole
    // window is their total.
    signIns.tick(run.elapsedSeconds());
    calls.tick(run.elapsedSeconds());
    org.HdrHistogram.Histogram signInTimes = signIns.total();
    org.HdrHistogram.Histogram callTimes = calls.total();
    double cpuMillis = !nodeCpu.isKnown() || signedIn == 0 ? Double.NaN
        : (cpuSeconds * 1000.0 - quietMillisPerSecond * measuredSeconds) / signedIn;
    return new Level(online, signedIn, Latencies.millis(signInTimes, 50), Latencies.millis(signInTimes, 99), cpuMillis,
        cpuSeconds * 1000.0 / measuredSeconds, quietMillisPerSecond, Latencies.millis(callTimes, 50), run.counters.get("calls timed out") - timedOutBefore,
        run.counters.get("sign-ins refused") - refusedBefore);
  }

  /** Rooms come at the rate for that long; returns once the last of them has signed out (or a minute passed). */
  private void churn(int seconds, Latencies signIns, Latencies calls) throws InterruptedException {
    long started = System.nanoTime();
    double[] owed = {0};
    long pacer = run.vertx.setPeriodic(5, timer -> {
      owed[0] += options.rate() * 5 / 1000.0;
      while (owed[0] >= 1) {
        owed[0] -= 1;
        startGroup(signIns, calls);
      }
    });
    while (System.nanoTime() - started < TimeUnit.SECONDS.toNanos(seconds)) {
      Thread.sleep(100);
    }
    run.vertx.cancelTimer(pacer);
    long drain = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (groupsUnderWay.get() > 0 && System.nanoTime() < drain) {
      Thread.sleep(50);
    }
  }

  /** One measured room: its peers sign in, the first calls the second (offer, answer), then all sign out. */
  private void startGroup(Latencies signIns, Latencies calls) {
    int number = nextGroup.getAndIncrement();
    String room = options.defaultRoom() ? "" : "call-" + number;
    groupsUnderWay.incrementAndGet();
    Context context = run.newContext();
    Peer[] peers = new Peer[options.group()];
    long[] callStarted = new long[1];
    List<Future<Answer>> signedIn = new ArrayList<>();
    for (int i = 0; i < options.group(); i++) {
      int index = i;
      long sent = System.nanoTime();
      signedIn.add(client.signIn(room, "call-" + number + "-" + i).onSuccess(answer -> {
        if (answer.status() == 200) {
          signIns.recordNanos(System.nanoTime() - sent);
          run.counters.increment("measured sign-ins");
          peers[index] = new Peer(client, context, answer.pragma(), run.counters,
              item -> context.runOnContext(ignored -> onItem(number, peers, index, item, calls, callStarted)));
        } else {
          run.counters.increment("sign-ins refused");
        }
      }));
    }
    Future.join(signedIn).onComplete(all -> context.runOnContext(ignored -> {
      if (peers[0] == null || peers[1] == null) {
        finish(peers);
        return;
      }
      for (Peer peer : peers) {
        if (peer != null) {
          peer.startWaiting();
        }
      }
      callStarted[0] = System.nanoTime();
      peers[0].send(peers[1].id(), () -> ("offer-" + number).getBytes(StandardCharsets.US_ASCII), answer -> { });
      run.vertx.setTimer(TimeUnit.NANOSECONDS.toMillis(CALL_TIMEOUT_NANOS), timeout -> context.runOnContext(late -> {
        if (callStarted[0] != 0) {
          callStarted[0] = 0;
          run.counters.increment("calls timed out");
          finish(peers);
        }
      }));
    }));
  }

  private void onItem(int number, Peer[] peers, int index, Answer item, Latencies calls, long[] callStarted) {
    String body = new String(item.body(), StandardCharsets.US_ASCII);
    if (index == 1 && body.equals("offer-" + number)) {
      peers[1].send(peers[0].id(), () -> ("answer-" + number).getBytes(StandardCharsets.US_ASCII), answer -> { });
    } else if (index == 0 && body.equals("answer-" + number) && callStarted[0] != 0) {
      calls.recordNanos(System.nanoTime() - callStarted[0]);
      callStarted[0] = 0;
      finish(peers);
    }
  }

  private void finish(Peer[] peers) {
    List<Future<Answer>> out = new ArrayList<>();
    for (Peer peer : peers) {
      if (peer != null) {
        out.add(peer.signOut());
      }
    }
    Future.join(out).onComplete(done -> groupsUnderWay.decrementAndGet());
  }

  /** The nodes' CPU over a quiet window of {@code quietSeconds}, in milliseconds a second. */
  private double quietCpuMillisPerSecond() throws InterruptedException {
    double before = nodeCpu.seconds();
    long started = System.nanoTime();
    Thread.sleep(TimeUnit.SECONDS.toMillis(options.quietSeconds()));
    return (nodeCpu.seconds() - before) * 1000.0 / ((System.nanoTime() - started) / 1e9);
  }
}
