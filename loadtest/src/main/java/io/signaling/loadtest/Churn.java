package io.signaling.loadtest;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Scenario (c): peers come and go while others are online. M peers stay signed in with a /wait parked; at a
 * fixed rate a new peer signs in and, after a short stay, signs out. Each sign-in and sign-out is announced to
 * every online peer, so this measures the fan-out too: the time from a sign-in (or sign-out) request to each
 * online peer's /wait receiving its join (or leave) line.
 */
final class Churn {

  record Options(int online, double perSecond, int stayMillis, int durationSeconds, int signInConcurrency) {
  }

  private final Run run;
  private final Options options;
  private final Latencies signIns;
  private final Latencies signOuts;
  private final Latencies joinsSeen;
  private final Latencies leavesSeen;
  /** When each churner's sign-in (index 0) and sign-out (index 1) request was sent, by peer id. */
  private final Map<Integer, long[]> announced = new ConcurrentHashMap<>();
  private final AtomicInteger under = new AtomicInteger();

  Churn(Run run, Options options) {
    this.run = run;
    this.options = options;
    this.signIns = run.latencies("sign-in");
    this.signOuts = run.latencies("sign-out");
    this.joinsSeen = run.latencies("join seen");
    this.leavesSeen = run.latencies("leave seen");
    run.parameters.put("online peers", options.online());
    run.parameters.put("sign-ins per second", options.perSecond());
    run.parameters.put("stay ms", options.stayMillis());
    run.parameters.put("duration s", options.durationSeconds());
  }

  void execute() throws Exception {
    Latencies setup = new Latencies("online sign-in");
    List<Peer> online = Population.signIn(run, "online-", options.online(), options.signInConcurrency(), setup,
        (index, array) -> answer -> onItem(answer)).toCompletionStage().toCompletableFuture().get(30, TimeUnit.MINUTES);
    online.forEach(Peer::startWaiting);
    long joins = (long) options.online() * (options.online() - 1) / 2;
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
    while (run.counters.get("online joins drained") < joins && System.nanoTime() < deadline) {
      Thread.sleep(100);
    }
    run.say("%d peers online and waiting; churning at %.0f/s", options.online(), options.perSecond());
    run.startClock(() -> String.format("%d in, %d out, %d notifications", run.counters.get("churn sign-ins"),
        run.counters.get("churn sign-outs"), run.counters.get("notifications received")));
    long started = System.nanoTime();
    double[] owed = {0};
    AtomicInteger next = new AtomicInteger();
    long pacer = run.vertx.setPeriodic(5, timer -> {
      owed[0] += options.perSecond() * 5 / 1000.0;
      while (owed[0] >= 1) {
        owed[0] -= 1;
        churnOnce("churn-" + next.getAndIncrement());
      }
    });
    while (System.nanoTime() - started < TimeUnit.SECONDS.toNanos(options.durationSeconds())) {
      Thread.sleep(200);
    }
    run.vertx.cancelTimer(pacer);
    double seconds = (System.nanoTime() - started) / 1e9;
    long drain = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
    while (under.get() > 0 && System.nanoTime() < drain) {
      Thread.sleep(100);
    }
    long expected = (run.counters.get("churn sign-ins") + run.counters.get("churn sign-outs")) * options.online();
    run.results.put("sign-ins per second", run.counters.get("churn sign-ins") / seconds);
    run.results.put("sign-outs per second", run.counters.get("churn sign-outs") / seconds);
    run.results.put("notifications per second", run.counters.get("churn notifications") / seconds);
    run.results.put("notifications expected", expected);
    run.results.put("notifications received", run.counters.get("churn notifications"));
    Population.signOut(online, options.signInConcurrency()).toCompletionStage().toCompletableFuture()
        .get(10, TimeUnit.MINUTES);
  }

  private void churnOnce(String name) {
    under.incrementAndGet();
    long signInStart = System.nanoTime();
    run.newContext().runOnContext(ignored -> run.client.signIn(name).onComplete(signedIn -> {
      if (signedIn.failed() || signedIn.result().status() != 200) {
        run.counters.increment("churn sign-in failures");
        under.decrementAndGet();
        return;
      }
      signIns.recordNanos(System.nanoTime() - signInStart);
      run.counters.increment("churn sign-ins");
      int id = signedIn.result().pragma();
      announced.put(id, new long[] {signInStart, 0});
      run.vertx.setTimer(Math.max(1, options.stayMillis()), stay -> {
        long signOutStart = System.nanoTime();
        announced.get(id)[1] = signOutStart;
        run.client.signOut(id).onComplete(signedOut -> {
          if (signedOut.succeeded() && signedOut.result().status() == 200) {
            signOuts.recordNanos(System.nanoTime() - signOutStart);
            run.counters.increment("churn sign-outs");
          } else {
            run.counters.increment("churn sign-out failures");
          }
          under.decrementAndGet();
        });
      });
    }));
  }

  /** A join or leave line, {@code name,id,1} or {@code name,id,0}; times it if it is about a churner. */
  private void onItem(Answer item) {
    long now = System.nanoTime();
    String line = new String(item.body(), StandardCharsets.UTF_8).trim();
    String[] fields = line.split(",");
    if (fields.length != 3) {
      run.counters.increment("unexpected items");
      return;
    }
    run.counters.increment("notifications received");
    if (!fields[0].startsWith("churn-")) {
      run.counters.increment("online joins drained");
      return;
    }
    run.counters.increment("churn notifications");
    long[] times = announced.get(Integer.parseInt(fields[1]));
    if (times == null) {
      return; // the join overtook the sign-in's answer; its time is not known yet
    }
    if (fields[2].equals("1")) {
      joinsSeen.recordNanos(now - times[0]);
    } else if (times[1] > 0) {
      leavesSeen.recordNanos(now - times[1]);
    }
  }
}
