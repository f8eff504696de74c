package io.signaling.testing;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

/**
 * One fault under traffic, measured: three nodes (quorum two), each in a network namespace of its own, behind
 * HAProxy from the project's template; 50 pairs ping-ponging numbered messages through it, and a new client signing
 * in every quarter second. The figures say what the clients saw: acknowledged messages lost, messages delivered to
 * a peer other than their addressee, ids handed to two peers, traffic peers removed, the longest time without any
 * acknowledgement, and how long after the fault ended the cluster was one again.
 *
 * <p>A drill changes the network of the namespace it runs in, so it runs only in one of its own:
 * {@link #runIsolated} starts it as {@code main} under {@code unshare --net} and reads its figures back. The
 * tests ({@code cluster.SplitBrainIT}) and the load-test script {@code loadtest/faults} both go through it.
 */
public final class FaultDrill {

  /** What is done to the cluster. */
  public enum Fault {
    /**
     * SIGSTOP the oldest node (Hazelcast's master) for 20 s, then SIGCONT: a long GC pause, a stalled VM, a hung
     * pod.
     */
    FREEZE,
    /** Cut one node off from the two others for 30 s (the balancer still reaches it), then heal. */
    PARTITION,
    /** SIGKILL two of the three at once, more than one backup covers; then start them again. */
    KILL_TWO;

    String label() {
      return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
  }

  static final int NODES = 3;
  static final int PAIRS = 50;
  static final long FREEZE_MILLIS = 20_000;
  static final long PARTITION_MILLIS = 30_000;
  /** Printed before the figures on the drill's standard output. */
  static final String MARKER = "FAULT-DRILL-FIGURES ";

  private FaultDrill() {
  }

  /** Runs one drill in this process, which must be in a network namespace of its own, and prints its figures. */
  public static void main(String[] args) {
    Fault fault = Fault.valueOf(args[0].toUpperCase(Locale.ROOT).replace('-', '_'));
    JsonObject figures = run(fault, args.length > 1 ? args[1] : "drill-" + fault.label());
    System.out.println(MARKER + figures.encode());
    System.exit(0);
  }

  /**
   * Runs the drill in a new network namespace (as root, or as root of a new user namespace) and returns its
   * figures. The drill's output goes to {@code target/it-logs/<name>/drill.log}, beside its nodes' logs.
   */
  public static JsonObject runIsolated(Fault fault, String name) {
    try {
      Path logs = Path.of("target", "it-logs", name);
      Files.createDirectories(logs);
      Path log = logs.resolve("drill.log");
      List<String> command = new ArrayList<>(List.of("unshare", "--net"));
      if (!"root".equals(System.getProperty("user.name"))) {
        command.add("--map-root-user");
      }
      command.addAll(List.of("--", Path.of(System.getProperty("java.home"), "bin", "java").toString(),
          "-cp", System.getProperty("java.class.path"), FaultDrill.class.getName(), fault.label(), name));
      Process drill = new ProcessBuilder(command).redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.to(log.toFile())).start();
      if (!drill.waitFor(10, TimeUnit.MINUTES)) {
        drill.destroyForcibly();
        throw new AssertionError("the " + fault.label() + " drill did not finish; see " + log);
      }
      return Files.readAllLines(log).stream().filter(line -> line.startsWith(MARKER))
          .map(line -> new JsonObject(line.substring(MARKER.length()))).findFirst()
          .orElseThrow(() -> new AssertionError("the " + fault.label() + " drill failed; see " + log));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  static JsonObject run(Fault fault, String name) {
    // The peers kill-two counts never /wait: the idle sweep must not remove them while the drill runs. The other
    // drills keep the default, under which a peer whose /wait stalls for 30 s is removed, and counted as such.
    String peerTimeout = fault == Fault.KILL_TWO ? "10m" : "30s";
    try (NodeNamespaces network = NodeNamespaces.create(NODES);
         ProcessCluster cluster = ProcessCluster.start(name, NODES, network, ProcessCluster.JAR, List.of("-Xmx384m"),
             "--cluster-size", String.valueOf(NODES), "--peer-timeout", peerTimeout)) {
      return fault == Fault.KILL_TWO ? killTwo(cluster) : underTraffic(fault, cluster, network);
    }
  }

  /** Freeze or partition one node while the traffic runs; measure until the cluster is one again and traffic flows. */
  private static JsonObject underTraffic(Fault fault, ProcessCluster cluster, NodeNamespaces network) {
    // The master is frozen, the harder case: the others must first agree on a new one.
    int victim = fault == Fault.FREEZE ? cluster.oldest(0) : 2;
    long duration = fault == Fault.FREEZE ? FREEZE_MILLIS : PARTITION_MILLIS;
    // A message the small side acknowledged just before it stopped is delivered once the halves merge.
    PairTraffic traffic = PairTraffic.start(cluster.client(), PAIRS, duration + 60_000);
    traffic.awaitAcked(300);
    SignInProber newcomers = SignInProber.start(cluster.client());
    ScheduledExecutorService clock = Executors.newSingleThreadScheduledExecutor();
    long faultAt = System.nanoTime();
    if (fault == Fault.FREEZE) {
      cluster.freeze(victim);
    } else {
      network.cutOff(victim, IntStream.range(0, NODES).filter(i -> i != victim).boxed().toList());
    }
    int atFault = traffic.acked();
    var ended = clock.schedule(() -> {
      if (fault == Fault.FREEZE) {
        cluster.thaw(victim);
      } else {
        network.heal(victim);
      }
      return System.nanoTime();
    }, duration, TimeUnit.MILLISECONDS);
    // The majority serves while the fault lasts: this many acknowledgements come before it ends.
    traffic.awaitAcked(atFault + 300);
    boolean servedDuringFault = !ended.isDone();
    long endedAt = join(ended);
    clock.shutdown();
    Conditions.await("one whole cluster after the " + fault.label(), 120_000, () -> whole(cluster));
    long wholeAfter = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - endedAt);
    int atHeal = traffic.acked();
    traffic.awaitAcked(atHeal + 300);
    newcomers.stop();
    PairTraffic.Report report = traffic.stop();

    List<Integer> ids = new ArrayList<>(report.ids());
    ids.addAll(newcomers.ids());
    return new JsonObject()
        .put("fault", fault.label())
        .put("faultMillis", duration)
        .put("acked", report.acked())
        .put("ackedDuringFault", atHeal - atFault)
        .put("servedDuringFault", servedDuringFault)
        .put("lost", new JsonArray(report.lost()))
        .put("stalls", new JsonArray(report.stalls()))
        .put("stallMillis", duration + 60_000)
        .put("misdelivered", new JsonArray(report.misdelivered()))
        .put("duplicates", report.duplicates())
        .put("reordered", report.reordered().size())
        .put("peersRemoved", report.leaves().size())
        .put("unacked", report.unacked().size())
        .put("waitErrors", report.waitErrors().size())
        .put("longestAckGapMillis", report.longestAckGapMillis())
        .put("idsHandedTwice", new JsonArray(handedTwice(ids)))
        .put("signIns", newcomers.ids().size())
        .put("signInsRefused", byStatus(newcomers.refusals()))
        .put("wholeAfterMillis", wholeAfter)
        .put("faultToWholeMillis", TimeUnit.NANOSECONDS.toMillis(endedAt - faultAt) + wholeAfter);
  }

  /**
   * Two of three killed at once lose the partitions only they held. The survivor, alone below the quorum, serves
   * nobody until the two are back; then the peers it kept are still reachable, a message to a lost peer's id is
   * refused, and no new peer gets an id that an old one had.
   */
  private static JsonObject killTwo(ProcessCluster cluster) {
    WireClient client = cluster.client();
    List<Integer> before = new ArrayList<>();
    for (int i = 0; i < 2 * PAIRS; i++) {
      before.add(client.signInId("kept-" + i));
    }
    // The oldest node counts the peers every few seconds: the loss is measured against the count before it.
    Conditions.await("the peers counted", 60_000, () -> metric(cluster, 0, "signaling_cluster_peers") == before.size());
    Thread second = new Thread(() -> cluster.kill(2));
    second.start();
    cluster.kill(1);
    joinThread(second);
    // Below its quorum the survivor serves nobody: the balancer has no node to send a sign-in to.
    Conditions.await("the survivor alone and not ready", 60_000, () -> !ready(cluster, 0));
    int aloneSignIn = client.signIn("while-alone").status();
    cluster.restart(1);
    cluster.restart(2);
    Conditions.await("one whole cluster after the restarts", 120_000, () -> whole(cluster));
    Conditions.await("the loss reported", 60_000, () -> peersLostCounted(cluster) > 0);

    WireResponse listing = client.signIn("after-the-loss");
    Set<Integer> known = new HashSet<>(idsListed(listing));
    List<Integer> kept = before.stream().filter(known::contains).toList();
    List<Integer> lost = before.stream().filter(id -> !known.contains(id)).toList();
    List<Integer> fresh = new ArrayList<>();
    for (int i = 0; i < 2 * PAIRS; i++) {
      fresh.add(client.signInId("fresh-" + i));
    }
    List<Integer> reusedIds = fresh.stream().filter(before::contains).toList();
    // From a surviving peer to every lost one: each must be refused, since nobody holds that id now.
    List<String> routed = new ArrayList<>();
    if (!kept.isEmpty()) {
      for (int gone : lost) {
        WireResponse reply = client.message(kept.get(0), gone, "to a lost peer");
        if (reply.status() == 200) {
          routed.add(kept.get(0) + "->" + gone);
        }
      }
    }
    return new JsonObject()
        .put("fault", Fault.KILL_TWO.label())
        .put("peers", before.size())
        .put("peersKept", kept.size())
        .put("peersLost", lost.size())
        .put("signInWhileAlone", aloneSignIn)
        .put("messagesToLostPeersStored", new JsonArray(routed))
        .put("freshIdsOfOldPeers", new JsonArray(reusedIds))
        .put("idsHandedTwice", new JsonArray(handedTwice(concat(before, fresh))))
        .put("partitionsLostCounted", metric(cluster, 0, "signaling_partitions_lost_total"))
        .put("peersLostCounted", peersLostCounted(cluster));
  }

  private static double peersLostCounted(ProcessCluster cluster) {
    return IntStream.range(0, NODES).mapToDouble(i -> Math.max(0, metric(cluster, i, "signaling_peers_lost_total")))
        .sum();
  }

  /** Every node ready and seeing all the others: one cluster. */
  private static boolean whole(ProcessCluster cluster) {
    return IntStream.range(0, NODES).allMatch(i -> ready(cluster, i)
        && metric(cluster, i, "signaling_cluster_members") == NODES);
  }

  private static boolean ready(ProcessCluster cluster, int index) {
    return ProcessCluster.probe(cluster.host(index), cluster.node(index).managementPort(), "/health/ready") == 200;
  }

  /** A sample of a node's metrics, -1 if the node does not answer. */
  private static double metric(ProcessCluster cluster, int index, String name) {
    String metrics = ProcessCluster.body(cluster.host(index), cluster.node(index).managementPort(), "/metrics");
    return metrics == null ? -1 : new PrometheusText(metrics).sample(name).orElse(-1.0);
  }

  private static JsonObject byStatus(java.util.Map<Integer, Integer> counts) {
    JsonObject json = new JsonObject();
    counts.forEach((status, count) -> json.put(String.valueOf(status), count));
    return json;
  }

  private static List<Integer> idsListed(WireResponse signIn) {
    List<Integer> ids = new ArrayList<>();
    for (String line : signIn.body().split("\n")) {
      String[] fields = line.split(",");
      if (fields.length == 3) {
        ids.add(Integer.parseInt(fields[1]));
      }
    }
    return ids;
  }

  private static List<Integer> handedTwice(List<Integer> ids) {
    Set<Integer> seen = new HashSet<>();
    return ids.stream().filter(id -> !seen.add(id)).toList();
  }

  private static List<Integer> concat(List<Integer> first, List<Integer> second) {
    List<Integer> all = new ArrayList<>(first);
    all.addAll(second);
    return all;
  }

  private static long join(java.util.concurrent.Future<Long> future) {
    try {
      return future.get(5, TimeUnit.MINUTES);
    } catch (Exception e) {
      throw new AssertionError("the fault did not end", e);
    }
  }

  private static void joinThread(Thread thread) {
    try {
      thread.join(120_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }
}
