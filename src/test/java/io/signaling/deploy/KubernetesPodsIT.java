package io.signaling.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.signaling.config.ConfigLoader;
import io.signaling.config.Options;
import io.signaling.config.ServerConfig;
import io.signaling.testing.Conditions;
import io.signaling.testing.CrossNodeRelay;
import io.signaling.testing.Ports;
import io.signaling.testing.ProcessCluster;
import io.signaling.testing.TestNodes;
import io.signaling.testing.PrometheusText;
import io.signaling.testing.WireClient;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Kubernetes on one machine: three node JVMs started with exactly the environment the chart gives a pod. Each
 * "pod" has its own address in 127.0.0.0/8 (its pod IP), and the headless Service's name resolves to all three
 * through a hosts file given to the JVMs, so Hazelcast's DNS discovery really runs. The only addition: a pod's
 * 0.0.0.0 is its own network namespace, so here each node binds its pod IP instead.
 */
class KubernetesPodsIT {

  static final Path JAR = Path.of("target", "signaling-server.jar");
  private static final String JAVA = Path.of(System.getProperty("java.home"), "bin", "java").toString();
  private static final List<String> POD_IPS = List.of("127.0.77.1", "127.0.77.2", "127.0.77.3");

  private final List<Process> pods = new ArrayList<>();

  @AfterEach
  void stopPods() throws InterruptedException {
    stop(pods);
  }

  /** SIGTERM to every pod, then SIGKILL to any still running after 90 s. */
  static void stop(List<Process> pods) throws InterruptedException {
    pods.forEach(pod -> pod.toHandle().destroy());
    for (Process pod : pods) {
      if (!pod.waitFor(90, TimeUnit.SECONDS)) {
        pod.destroyForcibly();
      }
    }
  }

  @Test
  void threePodsFindEachOtherByDnsReportReadyAndRelayAMessage() throws Exception {
    int signalingPort = Ports.free();
    // The Service's port equals the pods' here: its name resolves to one pod, with no kube-proxy to map ports.
    Map<String, Object> values = Map.of("ports.signaling", signalingPort, "service.port", signalingPort,
        "ports.management", Ports.free(),
        "ports.hazelcast", Ports.free(), "ports.eventBus", Ports.free(), "cluster.name", TestNodes.randomClusterName());
    Manifests manifests = Manifests.parse(HelmChartTest.render(null, values));
    ManifestChecks chart = new ManifestChecks(manifests);
    Deployment deployment = chart.deployment();
    Container container = chart.container();
    ServerConfig config = ConfigLoader.load(new String[0], chart.environment(POD_IPS.get(0)));
    Service signalingService = manifests.named(Service.class, deployment.getMetadata().getName()).orElseThrow();
    Path work = Files.createDirectories(Path.of("target", "kubernetes-pods"));

    // The cluster's DNS: the headless Service lists every pod, the signaling Service is one address of them.
    StringBuilder hosts = new StringBuilder("127.0.0.1 localhost\n");
    POD_IPS.forEach(ip -> hosts.append(ip).append(' ').append(config.cluster().dns()).append('\n'));
    hosts.append(POD_IPS.get(0)).append(' ').append(signalingService.getMetadata().getName()).append('\n');
    Path hostsFile = Files.writeString(work.resolve("hosts"), hosts.toString());
    for (int i = 0; i < POD_IPS.size(); i++) {
      pods.add(startPod(chart, POD_IPS.get(i), hostsFile, List.of(), work.resolve("pod" + i + ".log")));
    }

    // Every probe path the chart renders answers 200 on every pod once it has joined.
    int management = config.management().port();
    for (String podIp : POD_IPS) {
      Conditions.await("pod " + podIp + " is ready", 120_000, () -> {
        pods.forEach(pod -> assertThat(pod.isAlive()).as("pod exited; see " + work).isTrue());
        return ProcessCluster.probe(podIp, management, container.getReadinessProbe().getHttpGet().getPath()) == 200;
      });
      for (String path : chart.probePaths()) {
        assertThat(ProcessCluster.probe(podIp, management, path)).as(podIp + path).isEqualTo(200);
      }
    }
    for (String podIp : POD_IPS) {
      String metricsPath = deployment.getSpec().getTemplate().getMetadata().getAnnotations().get("prometheus.io/path");
      PrometheusText metrics = new PrometheusText(get("http://" + podIp + ":" + management + metricsPath));
      assertThat(metrics.value("signaling_cluster_members")).as("members seen by " + podIp).isEqualTo(3.0);
    }

    // A message crosses pods: sign-ins on two pods, the receiver waits on the third.
    int port = config.listen().port();
    CrossNodeRelay.check(new WireClient(POD_IPS.get(0), port), new WireClient(POD_IPS.get(2), port),
        new WireClient(POD_IPS.get(1), port), "offer", () -> { });

    // The chart's helm test, as its pod runs it: the probe subcommand against the signaling Service's name, then
    // against each pod the headless Service's name lists.
    Container test = HelmChartTest.renderTestHook(null, values).getSpec().getContainers().get(0);
    long testMemory = Quantity.getAmountInBytes(test.getResources().getLimits().get("memory")).longValueExact();
    List<String> probe = new ArrayList<>(List.of(JAVA, "-Djdk.net.hosts.file=" + hostsFile.toAbsolutePath(),
        "-XX:MaxRAM=" + testMemory, "-jar", JAR.toString()));
    probe.addAll(test.getArgs());
    Map<String, String> testEnvironment = new HashMap<>();
    test.getEnv().forEach(variable -> testEnvironment.put(variable.getName(), variable.getValue()));
    Process helmTest = start(probe, testEnvironment, work.resolve("helm-test.log"));
    assertThat(helmTest.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(helmTest.exitValue()).as("helm test; see " + work.resolve("helm-test.log")).isZero();
    assertThat(Files.readString(work.resolve("helm-test.log"))).contains("probe: OK")
        .as("every pod the headless Service lists, checked on its own")
        .contains("probe: OK, 3 pod(s) form one cluster and a message went from each pod to the next");

    // SIGTERM, as the kubelet sends it: each pod drains and exits 0 within its grace period.
    long grace = deployment.getSpec().getTemplate().getSpec().getTerminationGracePeriodSeconds();
    pods.forEach(pod -> pod.toHandle().destroy());
    for (Process pod : pods) {
      assertThat(pod.waitFor(grace, TimeUnit.SECONDS)).as("exits within terminationGracePeriodSeconds").isTrue();
      assertThat(pod.exitValue()).isZero();
    }
  }

  /**
   * A node JVM started as the chart's pod with this IP: the environment the chart gives the pod, binding the pod IP
   * (a pod's 0.0.0.0 is its own network namespace), the container's memory limit as MaxRAM (what the JVM sizes its
   * heap from, standing in for the cgroup), and the cluster's DNS from the hosts file given.
   */
  static Process startPod(ManifestChecks chart, String podIp, Path hostsFile, List<String> moreJvmOptions, Path log)
      throws IOException {
    Map<String, String> environment = new HashMap<>(chart.environment(podIp));
    environment.put(Options.HOST.environmentVariable(), podIp);
    environment.put(Options.MANAGEMENT_HOST.environmentVariable(), podIp);
    long memoryLimit = Quantity.getAmountInBytes(chart.container().getResources().getLimits().get("memory"))
        .longValueExact();
    List<String> command = new ArrayList<>(List.of(JAVA, "-Djdk.net.hosts.file=" + hostsFile.toAbsolutePath(),
        "-XX:MaxRAM=" + memoryLimit));
    command.addAll(moreJvmOptions);
    command.addAll(List.of("-jar", JAR.toString()));
    return start(command, environment, log);
  }

  /** A pod's process: its environment is only what its spec gives (plus PATH and HOME from the image). */
  static Process start(List<String> command, Map<String, String> environment, Path log) throws IOException {
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.to(log.toFile()));
    builder.environment().keySet().retainAll(List.of("PATH", "HOME"));
    builder.environment().putAll(environment);
    return builder.start();
  }

  private static String get(String url) throws IOException, InterruptedException {
    HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(url).isEqualTo(200);
    return response.body();
  }
}
