package io.signaling.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.signaling.config.ConfigLoader;
import io.signaling.config.ServerConfig;
import io.signaling.testing.Conditions;
import io.signaling.testing.CrossNodeRelay;
import io.signaling.testing.Ports;
import io.signaling.testing.PrometheusText;
import io.signaling.testing.TestNodes;
import io.signaling.testing.WireClient;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A cold start: every pod of a five-replica Deployment starts at once, as after a full outage or a first
 * install, with the environment the chart gives a pod (as in {@link KubernetesPodsIT}). Each pod has its own view
 * of the headless Service's DNS name (a hosts file of its own), so DNS can lag the way it does while endpoints
 * are published: one pod sees some of the others, another sees the rest. Whatever each sees, no pod may serve
 * unless it is in a majority of the replicas, so two clusters never serve at once, and once DNS lists every pod
 * they become one cluster. (Pods that all find each other from the start: {@link KubernetesPodsIT}.)
 */
class ColdStartIT {

  private static final List<String> POD_IPS = List.of("127.0.78.1", "127.0.78.2", "127.0.78.3", "127.0.78.4",
      "127.0.78.5");
  private static final int QUORUM = 3;
  private static final HttpClient MANAGEMENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(2)).build();

  private final List<Process> pods = new ArrayList<>();
  private final List<String> servedInMinority = new ArrayList<>();

  @AfterEach
  void stopPods() throws InterruptedException {
    KubernetesPodsIT.stop(pods);
  }

  @Test
  void whileDnsListsSomePodsToSomeAndTheRestToOthersOnlyTheMajorityServesThenAllJoinIt() throws Exception {
    List<String> fewer = POD_IPS.subList(0, 2);
    List<String> more = POD_IPS.subList(2, 5);
    Start start = start("cold-start");
    for (String pod : POD_IPS) {
      start.listInDns(pod, fewer.contains(pod) ? fewer : more);
    }
    start.launchAll();

    Conditions.await("the three pods that see each other serve as one cluster", 180_000, () -> {
      start.checkAlive();
      return more.stream().allMatch(pod -> start.ready(pod) && start.members(pod) == more.size());
    }, start::state);
    Conditions.await("the two that see only each other form a cluster of two", 60_000,
        () -> fewer.stream().allMatch(pod -> start.members(pod) == fewer.size()), start::state);
    for (String pod : fewer) {
      assertThat(start.ready(pod)).as("%s, in a cluster of 2 of 5, serves nobody", pod).isFalse();
    }

    // DNS catches up: every pod now finds all five, and the two join the three.
    for (String pod : POD_IPS) {
      start.listInDns(pod, POD_IPS);
    }
    awaitOneCluster(start);
  }

  /** All five ready, each seeing five members, and a message from a pod of one former half to the other. */
  private void awaitOneCluster(Start start) {
    Conditions.await("five pods ready in one cluster of five", 180_000, () -> {
      start.checkAlive();
      return POD_IPS.stream().allMatch(pod -> start.ready(pod) && start.members(pod) == POD_IPS.size());
    }, start::state);
    assertThat(servedInMinority).as("pods that reported ready while seeing fewer than %d members", QUORUM).isEmpty();
    int port = start.config.listen().port();
    CrossNodeRelay.check(new WireClient(POD_IPS.get(0), port), new WireClient(POD_IPS.get(4), port),
        new WireClient(POD_IPS.get(2), port), "offer", () -> { });
  }

  /** Renders the chart for five replicas; the test writes each pod's DNS and starts them. */
  private Start start(String name) throws IOException {
    Map<String, Object> values = Map.of("replicaCount", POD_IPS.size(), "ports.signaling", Ports.free(),
        "ports.management", Ports.free(), "ports.hazelcast", Ports.free(), "ports.eventBus", Ports.free(),
        "cluster.name", TestNodes.randomClusterName());
    Start start = new Start(new ManifestChecks(Manifests.parse(HelmChartTest.render(null, values))),
        Files.createDirectories(Path.of("target", name)));
    assertThat(start.config.cluster().quorum()).as("the chart's quorum for five replicas").isEqualTo(QUORUM);
    return start;
  }

  /** The pods of one start, and what the test sees of them. */
  private final class Start {
    final ManifestChecks chart;
    final ServerConfig config;
    final Path work;

    Start(ManifestChecks chart, Path work) {
      this.chart = chart;
      this.work = work;
      this.config = ConfigLoader.load(new String[0], chart.environment(POD_IPS.get(0)));
    }

    /** What the headless Service's name resolves to for this pod: the pods listed so far. */
    void listInDns(String pod, List<String> listed) throws IOException {
      StringBuilder hosts = new StringBuilder("127.0.0.1 localhost\n");
      listed.forEach(ip -> hosts.append(ip).append(' ').append(config.cluster().dns()).append('\n'));
      Path file = work.resolve("hosts-" + pod);
      Path next = work.resolve("hosts-" + pod + ".next");
      Files.writeString(next, hosts.toString());
      Files.move(next, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
          java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    /** Every pod at once: each JVM is started before any has come up. */
    void launchAll() throws IOException {
      for (int i = 0; i < POD_IPS.size(); i++) {
        String pod = POD_IPS.get(i);
        // The JVM keeps a name it resolved for 30 s; DNS here changes under the pods, so it is asked each second.
        pods.add(KubernetesPodsIT.startPod(chart, pod, work.resolve("hosts-" + pod), List.of("-Dsun.net.inetaddr.ttl=1"),
            work.resolve("pod" + i + ".log")));
      }
    }

    void checkAlive() {
      pods.forEach(pod -> assertThat(pod.isAlive()).as("a pod exited; see " + work).isTrue());
    }

    /**
     * Whether the pod reports ready; a ready pod whose metrics then say it sees fewer members than the quorum is
     * recorded (a pod too busy to answer its metrics in time says nothing).
     */
    boolean ready(String pod) {
      boolean ready = status(pod, chart.container().getReadinessProbe().getHttpGet().getPath()) == 200;
      int members = members(pod);
      if (ready && members >= 0 && members < QUORUM) {
        servedInMinority.add(pod + " ready with " + members + " members");
      }
      return ready;
    }

    /** The members the pod sees, from its metrics; -1 while it does not answer them. */
    int members(String pod) {
      String text = body(pod, chart.deployment().getSpec().getTemplate().getMetadata().getAnnotations()
          .get("prometheus.io/path"));
      return text == null ? -1 : (int) new PrometheusText(text).value("signaling_cluster_members");
    }

    String state() {
      StringBuilder state = new StringBuilder("(");
      for (String pod : POD_IPS) {
        state.append(pod).append(": members ").append(members(pod)).append(", ready ")
            .append(status(pod, "/health/ready") == 200).append("; ");
      }
      return state.append("logs in ").append(work).append(')').toString();
    }

    private int status(String pod, String path) {
      HttpResponse<String> response = get(pod, path);
      return response == null ? -1 : response.statusCode();
    }

    private String body(String pod, String path) {
      HttpResponse<String> response = get(pod, path);
      return response == null || response.statusCode() != 200 ? null : response.body();
    }

    private HttpResponse<String> get(String pod, String path) {
      URI uri = URI.create("http://" + pod + ":" + config.management().port() + path);
      try {
        return MANAGEMENT.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(2)).build(),
            HttpResponse.BodyHandlers.ofString());
      } catch (IOException e) {
        return null;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
  }
}
