package io.signaling.loadtest;

import io.vertx.core.Future;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Floods a node the way hostile clients flooded the first version, all at once, while a well-behaved pair on an address
 * of its own ping-pongs tagged messages and its delivery is measured. The floods, each with a bounded number of
 * requests under way, from the run's source addresses (127.0.0.1..N):
 * <ul>
 *   <li>sign-in and sign-out as fast as answered (each announced to everybody online);</li>
 *   <li>id probing: {@code GET /message?peer_id=X&to=X} for random X;</li>
 *   <li>idle sockets, up to a number held, opened at a bounded pace and re-opened as the node closes them (the
 *   connection-slot attack);</li>
 *   <li>64 kB messages to a peer that never reads (the memory attack);</li>
 *   <li>a Content-Type with a bare CR and a header of the attacker's (header injection).</li>
 * </ul>
 * The report counts each flood's answers by status, and the pair's delivery latency, failures and losses.
 */
final class Abuse {

  record Options(int warmupSeconds, int durationSeconds, int inFlight, int idleSockets, int idleOpensPerSecond,
                 int pairAddress, int pairMessagesPerSecond) {
  }

  private static final byte[] BODY_64K = new byte[64 * 1024];

  private final Run run;
  private final Options options;
  private final Latencies delivery;
  private final Streams streams;
  private final AtomicBoolean flooding = new AtomicBoolean(true);
  private final java.util.concurrent.atomic.AtomicInteger idleHeld = new java.util.concurrent.atomic.AtomicInteger();
  /** Messages of the pair queued or posted and not yet answered. */
  private final java.util.concurrent.atomic.AtomicInteger pairSendsUnderWay = new java.util.concurrent.atomic.AtomicInteger();

  Abuse(Run run, Options options) {
    this.run = run;
    this.options = options;
    this.delivery = run.latencies("pair delivery");
    this.streams = new Streams(run.counters);
    run.parameters.put("warm-up s (the pair alone)", options.warmupSeconds());
    run.parameters.put("duration s", options.durationSeconds());
    run.parameters.put("idle sockets opened per second at most", options.idleOpensPerSecond());
    run.parameters.put("requests under way per flood", options.inFlight());
    run.parameters.put("idle sockets held", options.idleSockets());
    run.parameters.put("pair's address", "127.0.0." + options.pairAddress());
    run.parameters.put("pair's messages per second, each way", options.pairMessagesPerSecond());
  }

  void execute() throws Exception {
    SignalingClient pairClient = new SignalingClient(run.vertx, run.server, options.pairAddress(), 1);
    int alice = signIn(pairClient, "pair-alice");
    int bob = signIn(pairClient, "pair-bob");
    Peer[] pair = new Peer[2];
    pair[0] = new Peer(pairClient, run.newContext(), alice, run.counters, item -> arrived(item, alice));
    pair[1] = new Peer(pairClient, run.newContext(), bob, run.counters, item -> arrived(item, bob));
    pair[0].startWaiting();
    pair[1].startWaiting();
    int sink = signIn(run.client, "never-reads");
    int hoarder = signIn(run.client, "hoarder");

    run.startClock(() -> String.format("pair %d delivered, floods: %d sign-ins, %d probes, %d messages",
        run.counters.get("pair delivered"), run.counters.get("sign-in flood 200"),
        run.counters.get("probe flood sent"), run.counters.get("message flood sent")));
    // Each member sends at a steady pace, one message at a time, as a client in a call does.
    long talking = run.vertx.setPeriodic(1000 / Math.max(1, options.pairMessagesPerSecond()), tick -> {
      send(pair[0], bob);
      send(pair[1], alice);
    });
    Thread.sleep(TimeUnit.SECONDS.toMillis(options.warmupSeconds()));
    run.endWarmUp();
    run.say("warm-up done; flooding for %d s", options.durationSeconds());
    long started = System.nanoTime();
    for (int i = 0; i < options.inFlight(); i++) {
      signInFlood();
      probeFlood();
      messageFlood(hoarder, sink);
      injectionFlood(hoarder, sink);
    }
    // Idle sockets are opened at a bounded pace, as the attack re-opened them (about 1,400 a second), up to a
    // number held; each closed by the node is opened again.
    long pacer = run.vertx.setPeriodic(10, tick -> {
      for (int i = 0; i < Math.max(1, options.idleOpensPerSecond() / 100) && idleHeld.get() < options.idleSockets();
           i++) {
        idleFlood();
      }
    });
    Thread.sleep(TimeUnit.SECONDS.toMillis(options.durationSeconds()));
    flooding.set(false);
    run.vertx.cancelTimer(pacer);
    run.vertx.cancelTimer(talking);
    double seconds = (System.nanoTime() - started) / 1e9;
    // The pair's last messages are answered (a send queued before the timer stopped still goes out), and then
    // allowed to land, before losses are counted: an acknowledgement after the count would read as a loss.
    long drain = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while ((pairSendsUnderWay.get() > 0 || streams.unreceived() > 0) && System.nanoTime() < drain) {
      Thread.sleep(50);
    }
    run.results.put("pair messages per second", run.counters.get("pair delivered") / seconds);
    run.results.put("lost", streams.unreceived());
    run.results.put("pair failures", run.counters.get("pair failures"));
    for (String flood : List.of("sign-in flood", "probe flood", "message flood", "injection flood")) {
      run.results.put(flood + " per second", run.counters.get(flood + " sent") / seconds);
    }
    pair[0].stopWaiting();
    pair[1].stopWaiting();
    Future.all(pairClient.signOut(alice), pairClient.signOut(bob), run.client.signOut(sink),
        run.client.signOut(hoarder)).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    pairClient.close();
  }

  private static int signIn(SignalingClient client, String name) throws Exception {
    Answer answer = client.signIn(name).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    if (answer.status() != 200) {
      throw new IllegalStateException("sign-in of " + name + " answered " + answer.status() + ": " + answer.text());
    }
    return answer.pragma();
  }

  /** A pair member's /wait got an item: a message is timed and checked against its stream. */
  private void arrived(Answer item, int receiver) {
    if (streams.arrived(item, receiver, delivery) == Streams.Arrival.MESSAGE) {
      run.counters.increment("pair delivered");
    }
  }

  private void send(Peer from, int to) {
    long seq = streams.nextSeq(from.id(), to);
    pairSendsUnderWay.incrementAndGet();
    from.send(to, () -> ("{\"lt\":\"" + seq + ":" + System.nanoTime() + "\",\"type\":\"ping\"}")
        .getBytes(java.nio.charset.StandardCharsets.UTF_8), answer -> {
          pairSendsUnderWay.decrementAndGet();
          if (answer.status() == 200) {
            streams.acknowledged(from.id(), to, seq);
          } else {
            run.counters.increment("pair failures");
            run.counters.increment("pair answered " + answer.status());
          }
        });
  }

  private void signInFlood() {
    if (!flooding.get()) {
      return;
    }
    run.counters.increment("sign-in flood sent");
    run.client.signIn("flood-" + ThreadLocalRandom.current().nextInt(1_000_000)).onComplete(answer -> {
      count("sign-in flood", answer);
      if (answer.succeeded() && answer.result().status() == 200) {
        run.client.signOut(answer.result().pragma()).onComplete(out -> signInFlood());
      } else {
        signInFlood();
      }
    });
  }

  private void probeFlood() {
    if (!flooding.get()) {
      return;
    }
    run.counters.increment("probe flood sent");
    int id = 1 + ThreadLocalRandom.current().nextInt(Integer.MAX_VALUE - 1);
    run.client.raw("GET /message?peer_id=" + id + "&to=" + id + " HTTP/1.0\r\n\r\n", null).onComplete(answer -> {
      count("probe flood", answer);
      probeFlood();
    });
  }

  private void messageFlood(int from, int to) {
    if (!flooding.get()) {
      return;
    }
    run.counters.increment("message flood sent");
    run.client.message(from, to, BODY_64K).onComplete(answer -> {
      count("message flood", answer);
      messageFlood(from, to);
    });
  }

  private void injectionFlood(int from, int to) {
    if (!flooding.get()) {
      return;
    }
    run.counters.increment("injection flood sent");
    run.client.raw("POST /message?peer_id=" + from + "&to=" + to + " HTTP/1.0\r\nContent-Length: 2\r\n"
        + "Content-Type: text/plain\rSet-Cookie: injected=1\r\n\r\n", "hi".getBytes(java.nio.charset.StandardCharsets.US_ASCII))
        .onComplete(answer -> {
          count("injection flood", answer);
          injectionFlood(from, to);
        });
  }

  private void idleFlood() {
    if (!flooding.get()) {
      return;
    }
    idleHeld.incrementAndGet();
    run.counters.increment("idle sockets opened");
    run.client.idle().onComplete(closed -> {
      idleHeld.decrementAndGet();
      run.counters.increment(closed.succeeded() ? "idle sockets closed by the node" : "idle sockets not connected");
    });
  }

  private void count(String flood, io.vertx.core.AsyncResult<Answer> answer) {
    run.counters.increment(flood + " " + (answer.succeeded() ? String.valueOf(answer.result().status()) : "error"));
  }
}
