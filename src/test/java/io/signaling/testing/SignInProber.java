package io.signaling.testing;

import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * New clients arriving all through a fault: a sign-in (then its sign-out) every {@value #PACE_MILLIS} ms through
 * the balancer, each id handed out kept, so that a test can check no id went to two peers and count the refusals.
 * Paced by a scheduler: each sign-in goes out a quarter second after the previous one was answered.
 */
public final class SignInProber {

  private static final long PACE_MILLIS = 250;
  public static final String NAME_PREFIX = "probe-";

  private final WireClient client;
  private final List<Integer> ids = new ArrayList<>();
  private final Map<Integer, Integer> refusals = new TreeMap<>();
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
  private int next;

  private SignInProber(WireClient client) {
    this.client = client;
  }

  /** Starts probing at once, then {@value #PACE_MILLIS} ms after each answer. */
  public static SignInProber start(WireClient client) {
    SignInProber prober = new SignInProber(client);
    prober.timer.scheduleWithFixedDelay(prober::probe, 0, PACE_MILLIS, TimeUnit.MILLISECONDS);
    return prober;
  }

  private void probe() {
    WireResponse reply;
    try {
      reply = client.signIn(NAME_PREFIX + next++);
    } catch (UncheckedIOException e) {
      reply = new WireResponse(new byte[0], false);
    }
    synchronized (this) {
      if (reply.status() == 200) {
        ids.add(reply.pragma());
      } else {
        refusals.merge(reply.status(), 1, Integer::sum);
      }
    }
    if (reply.status() == 200) {
      try {
        client.signOut(reply.pragma());
      } catch (UncheckedIOException e) {
        // the sign-out is not what is measured; the idle sweep removes the peer if it did not get through
      }
    }
  }

  /** Stops after the sign-in under way. */
  public void stop() {
    timer.shutdown();
    try {
      if (!timer.awaitTermination(1, TimeUnit.MINUTES)) {
        throw new AssertionError("the sign-in prober did not stop");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /** Every id a sign-in got, in order. */
  public synchronized List<Integer> ids() {
    return List.copyOf(ids);
  }

  /** Sign-ins refused, by status (-1: no answer). */
  public synchronized Map<Integer, Integer> refusals() {
    return Map.copyOf(refusals);
  }
}
