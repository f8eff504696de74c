package io.signaling.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HTTPGetAction;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretKeySelector;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.signaling.config.ConfigLoader;
import io.signaling.config.Option;
import io.signaling.config.Options;
import io.signaling.config.ServerConfig;
import io.signaling.ops.ManagementServer;
import io.signaling.testing.ClusterKeys;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * What must hold of any rendering of our manifests, the chart's or k8s/'s: selectors select the pods, every
 * port the node listens on is the one the Services, probes and policy name, every variable set is one the node
 * reads (and the node accepts the whole configuration), and the pod is hardened and drains in time.
 */
final class ManifestChecks {

  /** Variables read by the JVM, not by the node; everything else set must be a SIGNALING_* option. */
  static final Set<String> JVM_VARIABLES = Set.of("JAVA_TOOL_OPTIONS");
  /** What the downward API gives the pod IP as, for reading the configuration here. */
  private static final String SAMPLE_POD_IP = "10.244.1.7";

  private final Manifests manifests;
  private final Deployment deployment;
  private final Container container;
  private final Map<String, String> labels;
  /** Each Secret or ConfigMap volume's files, as written here: one copy per rendering, shared by its pods. */
  private final Map<String, Path> mounted = new HashMap<>();
  /** Secrets and ConfigMaps the operator makes beforehand (the chart names them), as a test makes them. */
  private final Map<String, Map<String, byte[]>> supplied = new HashMap<>();

  ManifestChecks(Manifests manifests) {
    this.manifests = manifests;
    this.deployment = manifests.one(Deployment.class);
    PodSpec pod = deployment.getSpec().getTemplate().getSpec();
    assertThat(pod.getContainers()).as("the node's container comes first; sidecars follow").isNotEmpty();
    this.container = pod.getContainers().get(0);
    this.labels = deployment.getSpec().getTemplate().getMetadata().getLabels();
  }

  /** Gives an object the manifests name but do not render (an existing Secret), as the operator would make it. */
  ManifestChecks supply(String name, Map<String, byte[]> data) {
    supplied.put(name, data);
    return this;
  }

  Deployment deployment() {
    return deployment;
  }

  Container container() {
    return container;
  }

  /** Runs every check. */
  ServerConfig checkAll() {
    checkSelectors();
    Map<String, String> environment = environment();
    checkVariablesAreOptions(environment);
    ServerConfig config = ConfigLoader.load(new String[0], environment);
    checkPorts(config);
    checkProbes();
    checkMembership(config);
    checkHardening();
    checkDrainFits(config);
    return config;
  }

  void checkSelectors() {
    assertSelects(deployment.getSpec().getSelector(), "the Deployment's selector");
    for (Service service : manifests.all(Service.class)) {
      assertThat(service.getSpec().getSelector()).isNotEmpty();
      assertThat(labels).as("Service " + service.getMetadata().getName() + " selects the pods")
          .containsAllEntriesOf(service.getSpec().getSelector());
    }
    manifests.all(PodDisruptionBudget.class).forEach(pdb -> assertSelects(pdb.getSpec().getSelector(), "the PDB"));
    for (NetworkPolicy policy : manifests.all(NetworkPolicy.class)) {
      assertSelects(policy.getSpec().getPodSelector(), "the NetworkPolicy");
    }
    for (HorizontalPodAutoscaler hpa : manifests.all(HorizontalPodAutoscaler.class)) {
      assertThat(hpa.getSpec().getScaleTargetRef().getKind()).isEqualTo("Deployment");
      assertThat(hpa.getSpec().getScaleTargetRef().getName()).isEqualTo(deployment.getMetadata().getName());
      assertThat(deployment.getSpec().getReplicas()).as("the HPA owns the replica count").isNull();
    }
    for (GenericKubernetesResource monitor : manifests.custom("ServiceMonitor")) {
      @SuppressWarnings("unchecked")
      Map<String, String> wanted = (Map<String, String>) ((Map<String, Object>) ((Map<String, Object>) monitor
          .getAdditionalProperties().get("spec")).get("selector")).get("matchLabels");
      assertThat(manifests.all(Service.class)).as("a Service the ServiceMonitor selects")
          .anySatisfy(service -> assertThat(service.getMetadata().getLabels()).containsAllEntriesOf(wanted));
    }
  }

  private void assertSelects(LabelSelector selector, String what) {
    assertThat(selector.getMatchExpressions()).as(what).isNullOrEmpty();
    assertThat(selector.getMatchLabels()).as(what).isNotEmpty();
    assertThat(labels).as(what + " selects the pod template's labels").containsAllEntriesOf(selector.getMatchLabels());
  }

  Map<String, String> environment() {
    return environment(SAMPLE_POD_IP);
  }

  /** The container's environment as the node sees it in a pod with this IP: its ConfigMaps, then its own variables. */
  Map<String, String> environment(String podIp) {
    Map<String, String> environment = new LinkedHashMap<>();
    for (EnvFromSource source : container.getEnvFrom()) {
      boolean secret = source.getSecretRef() != null;
      String name = secret ? source.getSecretRef().getName() : source.getConfigMapRef().getName();
      objectData(name, secret, List.of()).forEach((key, value) ->
          environment.put(key, new String(value, StandardCharsets.UTF_8)));
    }
    for (EnvVar variable : container.getEnv()) {
      if (variable.getValueFrom() != null && variable.getValueFrom().getSecretKeyRef() != null) {
        SecretKeySelector secret = variable.getValueFrom().getSecretKeyRef();
        environment.put(variable.getName(), new String(objectData(secret.getName(), true, List.of(secret.getKey()))
            .get(secret.getKey()), StandardCharsets.UTF_8));
      } else if (variable.getValueFrom() != null) {
        environment.put(variable.getName(), podField(variable.getName(), variable.getValueFrom().getFieldRef().getFieldPath(),
            podIp));
      } else {
        environment.put(variable.getName(), mountedHere(variable.getValue()));
      }
    }
    return environment;
  }

  /** What the downward API gives a pod with this IP: the IP, its machine's name (one machine per pod), its zone. */
  private static String podField(String variable, String fieldPath, String podIp) {
    return switch (fieldPath) {
      case "status.podIP" -> podIp;
      case "spec.nodeName" -> "machine-of-" + podIp;
      case "metadata.labels['topology.kubernetes.io/zone']" -> "zone-a";
      default -> throw new AssertionError(variable + " reads " + fieldPath + ", which no test knows");
    };
  }

  /**
   * A value naming a file in a mounted Secret or ConfigMap, as the same file written here (under target/), so a
   * node on this machine reads exactly what the pod would; any other value as it is.
   */
  private String mountedHere(String value) {
    for (VolumeMount mount : container.getVolumeMounts()) {
      String prefix = mount.getMountPath() + "/";
      if (value != null && value.startsWith(prefix)) {
        return mountedFiles(mount).resolve(value.substring(prefix.length())).toAbsolutePath().toString();
      }
    }
    return value;
  }

  /** The files of a Secret or ConfigMap volume, written once per rendering. */
  private Path mountedFiles(VolumeMount mount) {
    return mounted.computeIfAbsent(mount.getName(), name -> {
      Volume volume = deployment.getSpec().getTemplate().getSpec().getVolumes().stream()
          .filter(each -> each.getName().equals(name)).findFirst().orElseThrow();
      boolean secret = volume.getSecret() != null;
      String object = secret ? volume.getSecret().getSecretName() : volume.getConfigMap().getName();
      List<String> wanted = container.getEnv().stream().map(EnvVar::getValue)
          .filter(value -> value != null && value.startsWith(mount.getMountPath() + "/"))
          .map(value -> value.substring(mount.getMountPath().length() + 1)).toList();
      try {
        Path directory = Files.createDirectories(Path.of("target", "pod-files", UUID.randomUUID().toString(), name));
        for (Map.Entry<String, byte[]> file : objectData(object, secret, wanted).entrySet()) {
          Files.write(directory.resolve(file.getKey()), file.getValue());
        }
        return directory;
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    });
  }

  /**
   * A Secret's or ConfigMap's data: as rendered, or, for one the operator makes beforehand (not rendered), a
   * stand-in of the same shape: a fresh certificate and key for a kubernetes.io/tls Secret.
   */
  private Map<String, byte[]> objectData(String name, boolean secret, List<String> keys) {
    Map<String, byte[]> data = new HashMap<>();
    if (supplied.containsKey(name)) {
      data.putAll(supplied.get(name));
    } else if (secret && manifests.named(Secret.class, name).isPresent()) {
      Secret rendered = manifests.named(Secret.class, name).get();
      rendered.getData().forEach((key, base64) -> data.put(key, Base64.getDecoder().decode(base64)));
    } else if (!secret && manifests.named(ConfigMap.class, name).isPresent()) {
      manifests.named(ConfigMap.class, name).get().getData()
          .forEach((key, text) -> data.put(key, text.getBytes(StandardCharsets.UTF_8)));
    } else if (secret && Set.copyOf(keys).equals(Set.of("tls.crt", "tls.key"))) {
      Path[] pair = ClusterKeys.pem(Path.of("target", "pod-files", UUID.randomUUID().toString()), name, "ec");
      try {
        data.put("tls.crt", Files.readAllBytes(pair[0]));
        data.put("tls.key", Files.readAllBytes(pair[1]));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    } else {
      throw new AssertionError((secret ? "Secret " : "ConfigMap ") + name + " is not rendered, and the test has"
          + " no stand-in for its keys " + keys);
    }
    if (!keys.isEmpty()) {
      assertThat(data).as((secret ? "Secret " : "ConfigMap ") + name).containsKeys(keys.toArray(String[]::new));
    }
    return data;
  }

  void checkVariablesAreOptions(Map<String, String> environment) {
    Set<String> read = Stream.concat(Options.ALL.stream().map(Option::environmentVariable), JVM_VARIABLES.stream())
        .collect(Collectors.toSet());
    assertThat(read).as("variables the node (or its JVM) reads").containsAll(environment.keySet());
    assertThat(environment.get(Options.CLUSTER_HOST.environmentVariable())).as("the pod IP is the cluster host")
        .isEqualTo(SAMPLE_POD_IP);
    assertThat(environment.get("JAVA_TOOL_OPTIONS")).as("heap sized from the memory limit")
        .contains("-XX:MaxRAMPercentage=").contains("-XX:+ExitOnOutOfMemoryError");
    assertThat(deployment.getSpec().getTemplate().getSpec().getEnableServiceLinks())
        .as("no SIGNALING_PORT=tcp://... from service links").isFalse();
  }

  void checkPorts(ServerConfig config) {
    Map<String, Integer> declared = new HashMap<>();
    for (ContainerPort port : container.getPorts()) {
      declared.put(port.getName(), port.getContainerPort());
    }
    assertThat(declared).as("every port the node listens on, by name").containsExactlyInAnyOrderEntriesOf(Map.of(
        "signaling", config.listen().port(), "management", config.management().port(),
        "hazelcast", config.cluster().port(), "event-bus", config.cluster().eventBusPort()));
    for (Service service : manifests.all(Service.class)) {
      for (ServicePort port : service.getSpec().getPorts()) {
        assertThat(resolve(port.getTargetPort(), declared)).as("Service " + service.getMetadata().getName()
            + " port " + port.getName() + " targets a port the node listens on").isNotNull();
      }
    }
    for (NetworkPolicy policy : manifests.all(NetworkPolicy.class)) {
      for (NetworkPolicyIngressRule rule : policy.getSpec().getIngress()) {
        for (NetworkPolicyPort port : rule.getPorts()) {
          assertThat(resolve(port.getPort(), declared)).as("NetworkPolicy port " + port.getPort()).isNotNull();
        }
      }
    }
    for (Ingress ingress : manifests.all(Ingress.class)) {
      ingress.getSpec().getRules().forEach(rule -> rule.getHttp().getPaths().forEach(path -> {
        Service backend = manifests.named(Service.class, path.getBackend().getService().getName())
            .orElseThrow(() -> new AssertionError("the Ingress routes to a Service that is not rendered"));
        assertThat(backend.getSpec().getPorts()).extracting(ServicePort::getName)
            .contains(path.getBackend().getService().getPort().getName());
      }));
    }
  }

  /** A named or numbered port, as the node's port number; null when the container has no such port. */
  private static Integer resolve(IntOrString port, Map<String, Integer> declared) {
    if (port.getStrVal() != null) {
      return declared.get(port.getStrVal());
    }
    return declared.containsValue(port.getIntVal()) ? port.getIntVal() : null;
  }

  void checkProbes() {
    assertProbe(container.getStartupProbe(), ManagementServer.LIVENESS_PATH);
    assertProbe(container.getReadinessProbe(), ManagementServer.READINESS_PATH);
    assertProbe(container.getLivenessProbe(), ManagementServer.LIVENESS_PATH);
  }

  private static void assertProbe(Probe probe, String expectedPath) {
    assertThat(probe).isNotNull();
    HTTPGetAction get = probe.getHttpGet();
    assertThat(get.getPath()).isEqualTo(expectedPath).isIn(ManagementServer.PATHS);
    assertThat(get.getPort().getStrVal()).as("probes go to the management port").isEqualTo("management");
  }

  /** Probe paths as rendered, for asking a running node for each. */
  List<String> probePaths() {
    return Stream.of(container.getStartupProbe(), container.getReadinessProbe(), container.getLivenessProbe())
        .map(probe -> probe.getHttpGet().getPath()).distinct().toList();
  }

  void checkMembership(ServerConfig config) {
    Service members = manifests.all(Service.class).stream()
        .filter(service -> "None".equals(service.getSpec().getClusterIP())
            && !service.getMetadata().getLabels().getOrDefault("app.kubernetes.io/component", "").equals("metrics"))
        .findFirst().orElseThrow(() -> new AssertionError("no headless Service for membership"));
    assertThat(members.getSpec().getPublishNotReadyAddresses()).as("starting nodes find each other").isTrue();
    assertThat(config.cluster().dns()).as("--cluster-dns is the headless Service")
        .startsWith(members.getMetadata().getName());
    assertThat(config.cluster().members()).isEmpty();
    assertThat(deployment.getSpec().getStrategy().getRollingUpdate().getMaxUnavailable().getIntVal())
        .as("a rolling update stops an old node only once a new one is ready").isZero();
  }

  void checkHardening() {
    PodSpec pod = deployment.getSpec().getTemplate().getSpec();
    assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
    assertThat(pod.getAutomountServiceAccountToken()).isFalse();
    var security = container.getSecurityContext();
    assertThat(security.getReadOnlyRootFilesystem()).isTrue();
    assertThat(security.getAllowPrivilegeEscalation()).isFalse();
    assertThat(security.getCapabilities().getDrop()).containsExactly("ALL");
    assertThat(security.getCapabilities().getAdd()).isNullOrEmpty();
    assertThat(container.getResources().getRequests()).containsKeys("cpu", "memory");
    assertThat(container.getResources().getLimits()).containsKey("memory");
    assertThat(container.getVolumeMounts()).anySatisfy(mount -> assertThat(mount.getMountPath()).isEqualTo("/tmp"));
  }

  void checkDrainFits(ServerConfig config) {
    long needed = config.timing().drainDelay().plus(config.timing().shutdownGrace())
        .plus(config.cluster().leaveTimeout()).toSeconds();
    assertThat(deployment.getSpec().getTemplate().getSpec().getTerminationGracePeriodSeconds())
        .as("the grace period covers drain-delay + shutdown-grace + leave-timeout").isGreaterThan(needed);
    Probe readiness = container.getReadinessProbe();
    assertThat(config.timing().drainDelay().toSeconds())
        .as("not ready for longer than the readiness probe takes to fail, so endpoints and load balancers drop the"
            + " node before it stops accepting")
        .isGreaterThan((long) readiness.getPeriodSeconds() * readiness.getFailureThreshold());
  }
}
