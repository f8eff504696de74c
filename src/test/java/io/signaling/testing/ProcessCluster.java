package io.signaling.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Nodes in JVMs of their own, from the packaged jar, behind a real HAProxy configured from the project's own
 * template (src/main/haproxy/haproxy.cfg.in): the closest thing to a Kubernetes Service that runs here.
 */
public final class ProcessCluster implements AutoCloseable {

  /** The jar this build packaged: the release under test. */
  public static final Path JAR = Path.of("target", "signaling-server.jar");

  private final Path logs;
  private final String clusterName = TestNodes.randomClusterName();
  private final List<Node> nodes = new ArrayList<>();
  private final List<String> extraFlags;
  private final List<String> jvmOptions;
  private final NodeNetwork network;
  private Haproxy haproxy;

  /** One node's ports and its current process. */
  public static final class Node {
    final int index;
    final int port = Ports.free();
    final int managementPort = Ports.free();
    final int clusterPort = Ports.free();
    Process process;
    long startedNanos;
    /** The jar the node runs: this build's, or an earlier release's during an upgrade. */
    Path jar = JAR;

    Node(int index) {
      this.index = index;
    }

    public Process process() {
      return process;
    }

    public int managementPort() {
      return managementPort;
    }
  }

  private ProcessCluster(Path logs, NodeNetwork network, List<String> jvmOptions, List<String> extraFlags) {
    this.logs = logs;
    this.network = network;
    this.jvmOptions = jvmOptions;
    this.extraFlags = extraFlags;
  }

  /**
   * Starts the nodes, then HAProxy in front of them. Each is ready before the next starts, unless they need one
   * another to be ready at all (a {@code --cluster-size} above one gives them a quorum): then all start at once.
   */
  public static ProcessCluster start(String name, int size, String... extraFlags) {
    return start(name, size, List.of("-Xmx512m"), extraFlags);
  }

  /** The same with the nodes' JVM options (a heap, a collector) given. */
  public static ProcessCluster start(String name, int size, List<String> jvmOptions, String... extraFlags) {
    return start(name, size, JAR, jvmOptions, extraFlags);
  }

  /** The same with every node running the given jar (an earlier release's). */
  public static ProcessCluster start(String name, int size, Path jar, List<String> jvmOptions, String... extraFlags) {
    return start(name, size, NodeNetwork.loopback(), jar, jvmOptions, extraFlags);
  }

  /** The same with each node where the network puts it (in a namespace of its own, say). */
  public static ProcessCluster start(String name, int size, NodeNetwork network, Path jar, List<String> jvmOptions,
                                     String... extraFlags) {
    ProcessCluster cluster = new ProcessCluster(Path.of("target", "it-logs", name), network, jvmOptions,
        List.of(extraFlags));
    try {
      Files.createDirectories(cluster.logs);
      for (int i = 0; i < size; i++) {
        Files.deleteIfExists(cluster.log(i)); // a node's log holds its processes of this run only
        cluster.nodes.add(new Node(i));
        cluster.nodes.get(i).jar = jar;
      }
      boolean together = cluster.extraFlags.contains("--cluster-size");
      for (Node node : cluster.nodes) {
        cluster.spawn(node);
        if (!together) {
          cluster.awaitReady(node);
        }
      }
      if (together) {
        cluster.nodes.forEach(cluster::awaitReady);
      }
      cluster.startBalancer();
      return cluster;
    } catch (IOException e) {
      cluster.close();
      throw new UncheckedIOException(e);
    } catch (RuntimeException | AssertionError e) {
      cluster.close();
      throw e;
    }
  }

  /** The log file of a node's process. */
  public Path log(int index) {
    return logs.resolve("node" + index + ".log");
  }

  /**
   * The node that is the cluster's oldest member, Hazelcast's master (it decides the member list and the partition
   * table), read from the last member list that node {@code reader} logged: the first member listed is the master.
   */
  public int oldest(int reader) {
    try {
      List<String> lines = Files.readAllLines(log(reader));
      for (int at = lines.size() - 2; at >= 0; at--) {
        if (lines.get(at).startsWith("Members {")) {
          String first = lines.get(at + 1);
          for (Node node : nodes) {
            if (first.contains("[" + host(node.index) + "]:" + node.clusterPort + " ")) {
              return node.index;
            }
          }
          throw new AssertionError("the master is none of the nodes: " + first);
        }
      }
      throw new AssertionError("node " + reader + " logged no member list");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A client of the whole cluster, through the load balancer. */
  public WireClient client() {
    return haproxy.client();
  }

  public Node node(int index) {
    return nodes.get(index);
  }

  /** The address the node binds. */
  public String host(int index) {
    return network.host(index);
  }

  /**
   * SIGSTOP: the node freezes with everything it holds, as in a long GC pause or a stalled VM; the others see it
   * fall silent. {@link #thaw} lets it go on.
   */
  public void freeze(int index) {
    signal("STOP", nodes.get(index).process);
  }

  /** SIGCONT after {@link #freeze}. */
  public void thaw(int index) {
    signal("CONT", nodes.get(index).process);
  }

  private static void signal(String signal, Process process) {
    Commands.run("kill", "-" + signal, String.valueOf(process.pid()));
  }

  /** SIGKILL: the node vanishes without a word, as a crashed pod does. */
  public void kill(int index) {
    Process process = nodes.get(index).process;
    process.toHandle().destroyForcibly();
    waitForExit(process);
  }

  /** SIGTERM, as Kubernetes stops a pod; returns the exit code once the node is gone. */
  public int terminate(int index) {
    Process process = nodes.get(index).process;
    process.toHandle().destroy();
    return waitForExit(process);
  }

  /** Starts the node again on its ports, from another jar (an upgrade or a downgrade), and waits until it is ready. */
  public void restart(int index, Path jar) {
    nodes.get(index).jar = jar;
    restart(index);
  }

  /** Starts the node again on its ports and waits until it is ready. */
  public void restart(int index) {
    try {
      spawn(nodes.get(index));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    awaitReady(nodes.get(index));
  }

  private void spawn(Node node) throws IOException {
    String members = nodes.stream().map(each -> network.host(each.index) + ":" + each.clusterPort)
        .collect(Collectors.joining(","));
    String host = network.host(node.index);
    List<String> command = new ArrayList<>(network.launcher(node.index));
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(jvmOptions);
    command.addAll(List.of("-jar", node.jar.toString(),
        "--host", host, "--port", String.valueOf(node.port),
        "--management-host", host, "--management-port", String.valueOf(node.managementPort),
        "--cluster-name", clusterName, "--cluster-host", host,
        "--cluster-port", String.valueOf(node.clusterPort), "--cluster-members", members,
        "--drain-delay", "3s", "--shutdown-grace", "2s",
        "--proxy-protocol", "true")); // HAProxy (the project's template) sends PROXY v2
    command.addAll(TestNodes.NO_CLIENT_LIMITS);
    if (!host.startsWith("127.")) {
      command.addAll(ClusterKeys.sharedFlags()); // off loopback, as in production: the event bus needs its key
    }
    command.addAll(extraFlags);
    Path log = logs.resolve("node" + node.index + ".log");
    node.process = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
    node.startedNanos = System.nanoTime();
  }

  private void awaitReady(Node node) {
    Path log = log(node.index);
    long started = node.startedNanos;
    Conditions.await("node " + node.index + " is ready (log: " + log + ")", 90_000, () -> {
      if (!node.process.isAlive()) {
        throw new AssertionError("node " + node.index + " exited; see " + log);
      }
      return probe(network.host(node.index), node.managementPort, "/health/ready") == 200;
    });
    System.out.printf("ProcessCluster: node %d ready %d ms after its JVM started%n", node.index,
        (System.nanoTime() - started) / 1_000_000);
  }

  private void startBalancer() {
    haproxy = Haproxy.start(logs, nodes.stream()
        .map(node -> new Haproxy.Backend(network.host(node.index), node.port, node.managementPort)).toList());
  }

  /** The status of a GET on a node's management port, or -1 when it does not answer. */
  public static int probe(int port, String path) {
    return probe("127.0.0.1", port, path);
  }

  /**
   * One client for every probe: a client per probe would leave each connection open in its own pool, and a node
   * closes the connections of an address past 16 on its management port.
   */
  private static final HttpClient PROBES = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  /** The status of a GET on a management port at this address, or -1 when it does not answer. */
  public static int probe(String host, int port, String path) {
    try {
      return PROBES.send(
          HttpRequest.newBuilder(URI.create("http://" + host + ":" + port + path)).build(),
          HttpResponse.BodyHandlers.discarding()).statusCode();
    } catch (IOException e) {
      return -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }

  /** The body of a GET on a management port at this address, or null when it does not answer within 5 s. */
  public static String body(String host, int port, String path) {
    try {
      return PROBES.send(HttpRequest.newBuilder(URI.create("http://" + host + ":" + port + path))
              .timeout(java.time.Duration.ofSeconds(5)).build(),
          HttpResponse.BodyHandlers.ofString()).body();
    } catch (IOException e) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }

  private static int waitForExit(Process process) {
    try {
      if (!process.waitFor(90, TimeUnit.SECONDS)) {
        throw new AssertionError("process " + process.pid() + " did not exit");
      }
      return process.exitValue();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  @Override
  public void close() {
    if (haproxy != null) {
      haproxy.close();
    }
    for (Node node : nodes) {
      if (node.process != null && node.process.isAlive()) {
        node.process.toHandle().destroy();
      }
    }
    for (Node node : nodes) {
      if (node.process != null) {
        try {
          if (!node.process.waitFor(60, TimeUnit.SECONDS)) {
            node.process.destroyForcibly();
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
    }
  }
}
