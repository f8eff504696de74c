package io.signaling.cluster;

import static io.signaling.testing.WireAssertions.assertAnswered;
import static org.assertj.core.api.Assertions.assertThat;

import io.signaling.ops.ManagementServer;
import io.signaling.testing.Conditions;
import io.signaling.testing.ProcessCluster;
import io.signaling.testing.WireClient;
import io.signaling.testing.WireClient.PendingRequest;
import io.signaling.testing.WireResponse;
import java.io.IOException;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntConsumer;
import org.junit.jupiter.api.Test;

/**
 * The attack that killed a whole cluster, re-run: three nodes with the heap the chart gives a 1 GiB pod, one
 * client signing in 1,100 peers from eight addresses and posting 15 times 64 kB to each while keeping them alive.
 * The per-address rate limits are off here (a patient or distributed attacker gets past them), so that only the
 * memory bounds stand in the way. Every node must live, the peers of other clients must get every message
 * acknowledged to them, and a client of another address must be served all along.
 */
class MemoryFloodIT {

  private static final int PEERS = 1_100;
  private static final int ROUNDS = 15;
  private static final int ATTACK_ADDRESSES = 8;
  private static final byte[] BODY_64K = new byte[64 * 1024];
  /**
   * Peers of clients of their own, flooded like the others, whose every acknowledged message is read back at the
   * end (signed in late: few joins ahead of them). They stay within every bound, so all 15 are accepted.
   */
  private static final int SAMPLE = 20;

  @Test
  void threeNodesAtTheChartsHeapSurviveTheFloodAndLoseNothingAcknowledged() throws Exception {
    // Two minutes of peer timeout: the attacker's /wait "now and then" comes once, half-way.
    try (ProcessCluster cluster = ProcessCluster.start("memory-flood", 3,
        List.of("-Xmx563m", "-XX:+ExitOnOutOfMemoryError"), "--peer-timeout", "2m")) {
      WireClient balancer = cluster.client();
      ExecutorService attackers = Executors.newFixedThreadPool(16);
      int[] ids = new int[PEERS];
      Map<Integer, Set<String>> accepted = new ConcurrentHashMap<>();
      Map<Integer, Set<String>> readEarly = new ConcurrentHashMap<>();
      AtomicLong acceptedBytes = new AtomicLong();
      AtomicInteger refused = new AtomicInteger();
      List<String> sampleRefusals = Collections.synchronizedList(new ArrayList<>());
      long started = System.nanoTime();
      try {
        inParallel(attackers, PEERS, i -> ids[i] = attacker(balancer, i).signInId("flood" + i));
        System.out.printf("MemoryFloodIT: %d peers signed in after %d ms%n", PEERS,
            TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
        LegitClient legit = new LegitClient(balancer.from("127.0.30.1"));
        legit.start();
        for (int round = 0; round < ROUNDS; round++) {
          int current = round;
          inParallel(attackers, PEERS, i -> {
            int target = ids[i];
            int sender = ids[(i + 1) % PEERS];
            String tag = "r" + current + "-s" + sender;
            byte[] body = BODY_64K.clone();
            byte[] tagBytes = tag.getBytes(StandardCharsets.US_ASCII);
            System.arraycopy(tagBytes, 0, body, 0, tagBytes.length);
            // From the sender's own client: a peer is bound to the address it signed in from.
            WireResponse reply = post(attacker(balancer, (i + 1) % PEERS), sender, target, body);
            if (reply.status() == 200) {
              accepted.computeIfAbsent(target, t -> ConcurrentHashMap.newKeySet()).add(tag);
              acceptedBytes.addAndGet(body.length);
            } else {
              assertThat(reply.status()).as(reply.text()).isEqualTo(503);
              refused.incrementAndGet();
              if (isSample(i)) {
                sampleRefusals.add(reply.body());
              }
            }
          });
          if (current == ROUNDS / 2) {
            inParallel(attackers, PEERS, i -> keepAlive(attacker(balancer, i), ids[i], readEarly));
          }
          System.out.printf("MemoryFloodIT: round %d done after %d ms, %d refused so far%n", current,
              TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started), refused.get());
        }
        legit.stop();
        System.out.printf("MemoryFloodIT: %d messages (%d MB) accepted, %d refused, in %d s; the legitimate "
            + "client's round trips: %s%n", accepted.values().stream().mapToInt(Set::size).sum(),
            acceptedBytes.get() >> 20, refused.get(), TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started),
            legit.summary());
        assertThat(refused.get()).as("the bounds refused part of the flood").isPositive();
        legit.assertServedThroughout();
      } finally {
        attackers.shutdownNow();
      }

      for (int node = 0; node < 3; node++) {
        assertThat(cluster.node(node).process().isAlive()).as("node %d lives", node).isTrue();
        assertThat(ProcessCluster.probe(cluster.node(node).managementPort(), ManagementServer.READINESS_PATH))
            .as("node %d is ready", node).isEqualTo(200);
        assertThat(Files.readString(cluster.log(node))).doesNotContain("OutOfMemoryError");
      }
      // A node dies with the flood's items stored: the two left take over its partitions (and make new backups)
      // without being pushed over their heaps, and what was acknowledged is still delivered.
      cluster.kill(2);
      for (int node = 0; node < 2; node++) {
        int survivor = node;
        Conditions.await("node " + node + " serves after the loss", 60_000, () -> ProcessCluster.probe(
            cluster.node(survivor).managementPort(), ManagementServer.LIVENESS_PATH) == 200);
      }
      for (int node = 0; node < 2; node++) {
        assertThat(cluster.node(node).process().isAlive()).as("node %d lives after taking over", node).isTrue();
        assertThat(Files.readString(cluster.log(node))).doesNotContain("OutOfMemoryError");
      }
      int sampled = 0;
      for (int i = 0; i < PEERS; i++) {
        if (isSample(i)) {
          Set<String> expected = new java.util.HashSet<>(accepted.getOrDefault(ids[i], Set.of()));
          sampled += expected.size();
          expected.removeAll(readEarly.getOrDefault(ids[i], Set.of()));
          assertEveryAcceptedMessageArrives(attacker(balancer, i), ids[i], expected);
        }
      }
      // Their senders are the attacker's peers, each leaving 15 x 64 kB unread, right at the 1 MiB a sender may have
      // waiting: the sender's bound may refuse its last one or two (it counts what it stored since the last count
      // twice, to be safe). No other bound may: not the budget, not the sample's address.
      assertThat(sampleRefusals).as("refusals of messages to the sample")
          .allMatch(body -> body.contains("This peer has too many messages waiting"));
      assertThat(sampled).as("messages accepted for the sample and read back")
          .isEqualTo(SAMPLE * ROUNDS - sampleRefusals.size()).isGreaterThan(SAMPLE * (ROUNDS - 2));
    }
  }

  /** The attacker's peers share eight addresses; the sample peers have one each, as separate clients would. */
  private static WireClient attacker(WireClient balancer, int peerIndex) {
    return isSample(peerIndex) ? balancer.from("127.0.21." + (PEERS - peerIndex))
        : balancer.from("127.0.20." + (1 + peerIndex % ATTACK_ADDRESSES));
  }

  private static boolean isSample(int peerIndex) {
    return peerIndex >= PEERS - SAMPLE - 1 && peerIndex < PEERS - 1;
  }

  private static WireResponse post(WireClient client, int from, int to, byte[] body) {
    byte[] head = ("POST /message?peer_id=" + from + "&to=" + to + " HTTP/1.0\r\nContent-Type: text/plain\r\n"
        + "Content-Length: " + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
    byte[] request = new byte[head.length + body.length];
    System.arraycopy(head, 0, request, 0, head.length);
    System.arraycopy(body, 0, request, head.length, body.length);
    return client.exchange(request);
  }

  /** "A /wait now and then": it takes the oldest item, which the attacker notes as read. */
  private static void keepAlive(WireClient client, int peer, Map<Integer, Set<String>> read) {
    try (PendingRequest wait = client.startWait(peer)) {
      wait.socket().setSoTimeout(3_000); // a peer with nothing queued parks: give up and close
      WireResponse item = wait.response();
      if (item.status() == 200 && item.pragma() != peer) {
        read.computeIfAbsent(peer, p -> ConcurrentHashMap.newKeySet()).add(tagOf(item));
      }
    } catch (SocketException e) {
      throw new AssertionError(e);
    }
  }

  private static String tagOf(WireResponse item) {
    String body = new String(item.bodyBytes(), 0, Math.min(32, item.bodyBytes().length), StandardCharsets.US_ASCII);
    int end = body.indexOf('\0');
    return end < 0 ? body : body.substring(0, end);
  }

  /** Reads the peer's mailbox until every message it was acknowledged has come (notifications are skipped). */
  private static void assertEveryAcceptedMessageArrives(WireClient client, int peer, Set<String> expected) {
    Set<String> missing = ConcurrentHashMap.newKeySet();
    missing.addAll(expected);
    while (!missing.isEmpty()) {
      WireResponse item = assertAnswered(client.startWait(peer).response(), 200);
      if (item.pragma() != peer) {
        missing.remove(tagOf(item));
      }
    }
  }

  private static void inParallel(ExecutorService pool, int count, IntConsumer task) throws Exception {
    List<Future<?>> all = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      int index = i;
      all.add(pool.submit(() -> task.accept(index)));
    }
    for (Future<?> each : all) {
      each.get(5, TimeUnit.MINUTES);
    }
  }

  /**
   * Two peers of another address talking all along, as clients do: each keeps a /wait parked in turn while the
   * other sends to it, and each round trip is timed.
   */
  private static final class LegitClient {
    private final WireClient client;
    private final List<Long> roundTripsMillis = Collections.synchronizedList(new ArrayList<>());
    private final List<String> failures = Collections.synchronizedList(new ArrayList<>());
    private volatile boolean running = true;
    private Thread thread;

    LegitClient(WireClient client) {
      this.client = client;
    }

    void start() {
      int alice = client.signInId("legit-alice");
      int bob = client.signInId("legit-bob");
      drainJoins(alice, bob);
      thread = new Thread(() -> {
        for (int n = 0; running; n++) {
          boolean even = n % 2 == 0;
          exchange(even ? bob : alice, even ? alice : bob, "hello " + n);
        }
      }, "legit-client");
      thread.start();
    }

    private void exchange(int from, int to, String text) {
      long begun = System.nanoTime();
      try (PendingRequest wait = client.startWait(to)) {
        WireResponse sent = client.message(from, to, text);
        WireResponse got = wait.response();
        if (sent.status() != 200 || got.status() != 200 || !got.body().equals(text)) {
          failures.add(text + ": " + sent.status() + " / " + got.text());
        }
      } catch (RuntimeException e) {
        failures.add(text + ": " + e);
      }
      roundTripsMillis.add(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - begun));
    }

    private void drainJoins(int alice, int bob) {
      WireResponse join = client.startWait(alice).response(); // bob's join
      if (join.pragma() != alice) {
        throw new AssertionError("expected bob's join, got " + join.text());
      }
    }

    void stop() throws InterruptedException {
      running = false;
      thread.join(TimeUnit.SECONDS.toMillis(30));
    }

    String summary() {
      List<Long> sorted = new ArrayList<>(roundTripsMillis);
      Collections.sort(sorted);
      return sorted.isEmpty() ? "none" : sorted.size() + " round trips, median " + sorted.get(sorted.size() / 2)
          + " ms, max " + sorted.get(sorted.size() - 1) + " ms";
    }

    void assertServedThroughout() {
      assertThat(failures).as("the legitimate client's failures").isEmpty();
      assertThat(roundTripsMillis).as("round trips during the flood").isNotEmpty();
    }
  }
}
