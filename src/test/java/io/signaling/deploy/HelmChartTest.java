package io.signaling.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import com.marcnuri.helm.TemplateCommand;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.signaling.config.ConfigLoader;
import io.signaling.config.Options;
import io.signaling.config.ServerConfig;
import io.signaling.guard.PeerBinding;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The chart, linted strictly and rendered with its default values and each values file under ci/, offline. */
class HelmChartTest {

  static final Path CHART = Path.of("helm", "signaling-server");
  /** Rendered for this Kubernetes version (helm template alone assumes an old one). */
  static final String KUBERNETES_VERSION = "1.32.0";

  /** Renders the chart as `helm template signaling . --namespace webrtc` would, with the given values. */
  static String render(Path valuesFile, Map<String, Object> sets) {
    return render(CHART, valuesFile, sets);
  }

  private static String render(Path chart, Path valuesFile, Map<String, Object> sets) {
    TemplateCommand template = new Helm(chart).template().withName("signaling").withNamespace("webrtc")
        .withKubeVersion(KUBERNETES_VERSION);
    if (valuesFile != null) {
      template.withValuesFile(valuesFile);
    }
    sets.forEach(template::set);
    return template.call();
  }

  /**
   * The chart's test hook as rendered: helm-java renders no hooks, so this renders a copy of the chart whose
   * test templates lose their hook annotations (and only those), after checking that the originals have them.
   */
  static Pod renderTestHook(Path valuesFile) throws IOException {
    return renderTestHook(valuesFile, Map.of());
  }

  static Pod renderTestHook(Path valuesFile, Map<String, Object> sets) throws IOException {
    Path scratch = Files.createTempDirectory(Files.createDirectories(Path.of("target")), "chart-with-tests");
    try {
      return renderTestHookIn(scratch.resolve(CHART.getFileName()), valuesFile, sets);
    } finally {
      deleteTree(scratch);
    }
  }

  private static void deleteTree(Path root) throws IOException {
    try (Stream<Path> files = Files.walk(root)) {
      for (Path file : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(file);
      }
    }
  }

  /** A folder of its own for one test's files, under target/ (mvn clean removes it), never in /tmp. */
  static Path scratch(String prefix) throws IOException {
    return Files.createTempDirectory(Files.createDirectories(Path.of("target", "scratch")), prefix);
  }

  /** A values file written for one test (a value helm's --set would turn into a number stays a string here). */
  static Path valuesFile(String yaml) throws IOException {
    Path file = Files.createTempFile(Files.createDirectories(Path.of("target", "chart-values")), "values", ".yaml");
    return Files.writeString(file, yaml);
  }

  private static Pod renderTestHookIn(Path copy, Path valuesFile, Map<String, Object> sets) throws IOException {
    try (Stream<Path> files = Files.walk(CHART)) {
      for (Path source : files.toList()) {
        Path target = copy.resolve(CHART.relativize(source).toString());
        if (Files.isDirectory(source)) {
          Files.createDirectories(target);
        } else if (source.startsWith(CHART.resolve("templates").resolve("tests"))) {
          String template = Files.readString(source);
          assertThat(template).as(source + " is a helm test hook").contains("helm.sh/hook: test");
          Files.writeString(target, template.lines().filter(line -> !line.contains("helm.sh/hook"))
              .collect(java.util.stream.Collectors.joining("\n", "", "\n")));
        } else {
          Files.copy(source, target);
        }
      }
    }
    return Manifests.parse(render(copy, valuesFile, sets)).one(Pod.class);
  }

  static Stream<Path> valuesFiles() throws IOException {
    try (Stream<Path> files = Files.list(CHART.resolve("ci"))) {
      return Stream.concat(Stream.of((Path) null), files.sorted().toList().stream());
    }
  }

  @Test
  void lintsCleanEvenStrictly() {
    LintResult lint = new Helm(CHART).lint().strict().call();
    assertThat(lint.isFailed()).as(String.join("\n", lint.getMessages())).isFalse();
    assertThat(lint.getMessages()).noneMatch(message -> message.contains("[WARNING]") || message.contains("[ERROR]"));
  }

  @ParameterizedTest(name = "values: {0}")
  @MethodSource("valuesFiles")
  void everyRenderingHoldsTogether(Path valuesFile) throws IOException {
    Manifests manifests = Manifests.parse(render(valuesFile, Map.of()));
    ManifestChecks checks = new ManifestChecks(manifests);
    ServerConfig config = checks.checkAll();
    assertThat(manifests.one(ConfigMap.class).getData()).as("every SIGNALING_* the chart sets")
        .containsKeys("SIGNALING_PORT", "SIGNALING_CLUSTER_DNS", "SIGNALING_DRAIN_DELAY", "SIGNALING_LEAVE_TIMEOUT",
            "SIGNALING_MAX_ROOM_PEERS", "SIGNALING_MAX_ROOMS");
    assertThat(config.limits().maxRoomPeers()).as("the chart's room bound reaches the node").isEqualTo(10_000);
    assertThat(config.limits().maxRooms()).isEqualTo(100_000);
    assertThat(config.cluster().dns()).endsWith(".webrtc.svc." + (valuesFile != null
        && valuesFile.endsWith("minimal-values.yaml") ? "k8s.internal" : "cluster.local"));
    assertThat(checks.deployment().getSpec().getTemplate().getMetadata().getAnnotations())
        .containsKey("checksum/config");
    assertThat(manifests.all(Pod.class)).as("no bare pods besides the test hook").isEmpty();
    checkTestHook(manifests, renderTestHook(valuesFile));
  }

  /** The helm test pod runs the probe subcommand of the same image against the signaling Service. */
  private static void checkTestHook(Manifests manifests, Pod test) {
    Container probe = test.getSpec().getContainers().get(0);
    Container node = new ManifestChecks(manifests).container();
    assertThat(probe.getImage()).isEqualTo(node.getImage());
    assertThat(probe.getArgs().get(0)).isEqualTo("probe");
    Service signaling = manifests.all(Service.class).stream()
        .filter(service -> service.getSpec().getPorts().stream().anyMatch(port -> "signaling".equals(port.getName())))
        .findFirst().orElseThrow();
    String url = probe.getArgs().get(probe.getArgs().indexOf("--url") + 1);
    assertThat(url).isEqualTo("http://" + signaling.getMetadata().getName() + ":"
        + signaling.getSpec().getPorts().get(0).getPort());
    assertThat(probe.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
    assertThat(probe.getEnv()).extracting(io.fabric8.kubernetes.api.model.EnvVar::getName)
        .isSubsetOf(ManifestChecks.JVM_VARIABLES);
  }

  @Test
  void defaultsAreThreeNodesWithABudgetAndAPolicyButNoAutoscalerOrIngress() {
    Manifests manifests = Manifests.parse(render(null, Map.of()));
    Deployment deployment = manifests.one(Deployment.class);
    assertThat(deployment.getSpec().getReplicas()).isEqualTo(3);
    assertThat(deployment.getSpec().getTemplate().getSpec().getTerminationGracePeriodSeconds()).isEqualTo(60);
    assertThat(manifests.one(PodDisruptionBudget.class).getSpec().getMaxUnavailable().getIntVal()).isEqualTo(1);
    assertThat(manifests.all(NetworkPolicy.class)).hasSize(1);
    assertThat(manifests.all(HorizontalPodAutoscaler.class)).isEmpty();
    assertThat(manifests.all(Ingress.class)).isEmpty();
    assertThat(manifests.custom("ServiceMonitor")).isEmpty();
  }

  @Test
  void theNetworkPolicyOpensClusterPortsToTheAppsOwnPodsOnly() {
    NetworkPolicy policy = Manifests.parse(render(null, Map.of())).one(NetworkPolicy.class);
    var clusterRule = policy.getSpec().getIngress().stream()
        .filter(rule -> rule.getPorts().stream().anyMatch(port -> "hazelcast".equals(port.getPort().getStrVal())))
        .findFirst().orElseThrow();
    assertThat(clusterRule.getPorts()).extracting(port -> port.getPort().getStrVal())
        .containsExactlyInAnyOrder("hazelcast", "event-bus");
    assertThat(clusterRule.getFrom()).singleElement().satisfies(peer -> {
      assertThat(peer.getNamespaceSelector()).isNull();
      assertThat(peer.getPodSelector().getMatchLabels()).isEqualTo(policy.getSpec().getPodSelector().getMatchLabels());
    });
  }

  @Test
  void changingASettingChangesTheChecksumSoPodsRoll() {
    String before = checksum(render(null, Map.of()));
    assertThat(checksum(render(null, Map.of()))).isEqualTo(before);
    assertThat(checksum(render(null, Map.of("config.peerTimeout", "60s")))).isNotEqualTo(before);
    assertThat(checksum(render(null, Map.of("config.messagesPerPeer", "50/10s")))).isNotEqualTo(before);
  }

  private static String checksum(String rendered) {
    return Manifests.parse(rendered).one(Deployment.class).getSpec().getTemplate().getMetadata().getAnnotations()
        .get("checksum/config");
  }

  @Test
  void oneShutdownSettingDrivesBothTheGracePeriodAndTheDrain() {
    Manifests manifests = Manifests.parse(render(null, Map.of("shutdown.drainDelaySeconds", 20,
        "shutdown.leaveSeconds", 45)));
    assertThat(manifests.one(Deployment.class).getSpec().getTemplate().getSpec().getTerminationGracePeriodSeconds())
        .isEqualTo(20 + 10 + 45 + 10);
    assertThat(manifests.one(ConfigMap.class).getData())
        .containsEntry("SIGNALING_DRAIN_DELAY", "20s").containsEntry("SIGNALING_LEAVE_TIMEOUT", "45s");
  }

  @Test
  void peersAreBoundToTheirAddressOnlyWhereTheNodesSeeIt() {
    assertThat(binding(Map.of())).as("behind a plain Service").isEqualTo(PeerBinding.NONE);
    assertThat(binding(Map.of("config.proxyProtocol", true))).isEqualTo(PeerBinding.ADDRESS);
    assertThat(binding(Map.of("config.trustedProxies[0]", "10.0.0.0/8"))).isEqualTo(PeerBinding.ADDRESS);
    assertThat(binding(Map.of("config.peerBinding", "address"))).isEqualTo(PeerBinding.ADDRESS);
    assertThat(binding(Map.of("config.proxyProtocol", true, "config.peerBinding", "none")))
        .isEqualTo(PeerBinding.NONE);
    ServerConfig origins = new ManifestChecks(Manifests.parse(render(null, Map.of(
        "config.allowedOrigins[0]", "https://app.example.com", "config.allowedOrigins[1]", "http://localhost:8080"))))
        .checkAll();
    assertThat(origins.allowedOrigins().admits("https://app.example.com", "x")).isTrue();
    assertThat(origins.allowedOrigins().admits("https://evil.example", "x")).isFalse();
  }

  private static PeerBinding binding(Map<String, Object> values) {
    return new ManifestChecks(Manifests.parse(render(null, values))).checkAll().peerBinding();
  }

  @Test
  void theEventBusRunsOverMutualTlsWithAKeyTheChartGeneratesOrOneGiven() throws IOException {
    Manifests generated = Manifests.parse(render(null, Map.of()));
    Secret key = generated.one(Secret.class);
    assertThat(key.getType()).isEqualTo("kubernetes.io/tls");
    assertThat(key.getData()).containsOnlyKeys("tls.crt", "tls.key");
    ServerConfig config = new ManifestChecks(generated).checkAll();
    assertThat(config.clusterTls()).as("the node reads the generated key").isNotNull();
    assertThat(config.clusterTls().expires()).isAfter(java.time.Instant.now().plus(java.time.Duration.ofDays(3000)));
    assertThat(Manifests.parse(render(null, Map.of())).one(Secret.class).getData().get("tls.key"))
        .as("a key of its own for each release").isNotEqualTo(key.getData().get("tls.key"));

    Manifests insecure = Manifests.parse(render(null, Map.of("cluster.tls.enabled", false)));
    assertThat(insecure.all(Secret.class)).isEmpty();
    assertThat(insecure.one(ConfigMap.class).getData()).containsEntry("SIGNALING_CLUSTER_INSECURE", "true");
    assertThat(new ManifestChecks(insecure).checkAll().clusterTls()).isNull();

    Manifests given = Manifests.parse(render(null, Map.of("cluster.tls.existingSecret", "our-cluster-key",
        "cluster.tls.format", "pkcs12")));
    assertThat(given.all(Secret.class)).as("the chart makes none").isEmpty();
    Path keystore = io.signaling.testing.ClusterKeys.keystore(scratch("cluster-key"), "ours",
        "CN=ours");
    ServerConfig fromKeystore = new ManifestChecks(given).supply("our-cluster-key", Map.of(
        "keystore.p12", Files.readAllBytes(keystore),
        "password", io.signaling.testing.ClusterKeys.PASSWORD.getBytes(java.nio.charset.StandardCharsets.UTF_8)))
        .checkAll();
    assertThat(fromKeystore.clusterTls()).isNotNull();
  }

  @Test
  void signInTokensComeFromASecretOrAConfigMapTheOperatorMakes() {
    Manifests secret = Manifests.parse(render(null, Map.of("config.auth.jwtSecret.existingSecret", "tokens")));
    ServerConfig hs256 = new ManifestChecks(secret).supply("tokens", Map.of("jwt-secret",
        "a-secret-of-at-least-thirty-two-bytes".getBytes(java.nio.charset.StandardCharsets.UTF_8))).checkAll();
    assertThat(hs256.authJwtSecret()).isEqualTo("a-secret-of-at-least-thirty-two-bytes");
    Manifests jwks = Manifests.parse(render(null, Map.of("config.auth.jwks.existingConfigMap", "token-keys")));
    String publicKeys = "{\"keys\":[{\"kty\":\"EC\",\"crv\":\"P-256\",\"kid\":\"k1\",\"alg\":\"ES256\","
        + "\"x\":\"MKBCTNIcKUSDii11ySs3526iDZ8AiTo7Tu6KPAqv7D4\",\"y\":\"4Etl6SRW2YiLUrN5vfvVHuhp7x8PxltmWWlbbM4IFyM\"}]}";
    ServerConfig es256 = new ManifestChecks(jwks).supply("token-keys", Map.of("jwks.json",
        publicKeys.getBytes(java.nio.charset.StandardCharsets.UTF_8))).checkAll();
    assertThat(es256.authJwks()).hasSize(1);
    assertThatThrownBy(() -> render(null, Map.of("config.auth.jwtSecret.existingSecret", "tokens",
        "config.auth.jwks.existingConfigMap", "token-keys"))).hasMessageContaining("not both");
  }

  /**
   * Where the nodes require sign-in tokens, `helm test` carries one: signed by the probe itself with the nodes'
   * HS256 secret, or, with public keys only, one the operator gives in a Secret.
   */
  @Test
  void helmTestCarriesASignInTokenWhereTheNodesRequireOne() throws IOException {
    Pod signing = renderTestHook(null, Map.of("config.auth.jwtSecret.existingSecret", "tokens"));
    var secretVariable = signing.getSpec().getContainers().get(0).getEnv().stream()
        .filter(variable -> variable.getName().equals("SIGNALING_AUTH_JWT_SECRET")).findFirst().orElseThrow();
    assertThat(secretVariable.getValueFrom().getSecretKeyRef().getName()).isEqualTo("tokens");
    assertThat(signing.getSpec().getContainers().get(0).getArgs()).doesNotContain("--token-file");

    Pod carrying = renderTestHook(null, Map.of("config.auth.jwks.existingConfigMap", "token-keys",
        "tests.token.existingSecret", "test-token"));
    List<String> args = carrying.getSpec().getContainers().get(0).getArgs();
    String file = args.get(args.indexOf("--token-file") + 1);
    var mount = carrying.getSpec().getContainers().get(0).getVolumeMounts().stream()
        .filter(each -> file.startsWith(each.getMountPath() + "/")).findFirst().orElseThrow();
    var volume = carrying.getSpec().getVolumes().stream().filter(each -> each.getName().equals(mount.getName()))
        .findFirst().orElseThrow();
    assertThat(volume.getSecret().getSecretName()).isEqualTo("test-token");
    assertThat(volume.getSecret().getItems()).singleElement()
        .satisfies(item -> assertThat(mount.getMountPath() + "/" + item.getPath()).isEqualTo(file));
  }

  @Test
  void theQuorumIsAMajorityOfTheReplicasOrOfTheAutoscalersFloor() {
    Map<String, String> defaults = Manifests.parse(render(null, Map.of())).one(ConfigMap.class).getData();
    assertThat(defaults).containsEntry("SIGNALING_CLUSTER_SIZE", "3").containsEntry("SIGNALING_CLUSTER_QUORUM", "auto");
    assertThat(new ManifestChecks(Manifests.parse(render(null, Map.of()))).checkAll().cluster().quorum()).isEqualTo(2);
    assertThat(new ManifestChecks(Manifests.parse(render(null, Map.of("replicaCount", 5)))).checkAll().cluster()
        .quorum()).isEqualTo(3);
    Manifests autoscaled = Manifests.parse(render(null, Map.of("autoscaling.enabled", true,
        "autoscaling.minReplicas", 4)));
    assertThat(autoscaled.one(ConfigMap.class).getData()).containsEntry("SIGNALING_CLUSTER_SIZE", "4");
    assertThat(new ManifestChecks(Manifests.parse(render(null, Map.of("config.clusterQuorum", 3)))).checkAll()
        .cluster().quorum()).isEqualTo(3);
  }

  /**
   * The alert rules, taken out of the rendered PrometheusRule, are valid for Prometheus ({@code promtool check
   * rules}) and fire as the tests in src/test/resources/alerts/ expect ({@code promtool test rules}).
   */
  @Test
  void theAlertsAreValidRulesThatFireWhenTheyShouldAndOnlyThen() throws Exception {
    Path dir = scratch("alerts");
    Files.writeString(dir.resolve("rules.yaml"), alertRules());
    List<String> tests = List.of("cluster-state-test.yaml", "service-test.yaml");
    for (String test : tests) {
      Files.copy(Path.of("src", "test", "resources", "alerts", test), dir.resolve(test));
    }
    assertThat(promtool(dir, "check", "rules", "rules.yaml")).contains("SUCCESS: 11 rules found");
    for (String test : tests) {
      assertThat(promtool(dir, "test", "rules", test)).as(test).contains("SUCCESS");
    }
    assertThat(Manifests.parse(render(null, Map.of())).custom("PrometheusRule")).as("off by default").isEmpty();
  }

  /** The rule groups of the rendered PrometheusRule, as a Prometheus rules file. */
  static String alertRules() {
    var rule = Manifests.parse(render(null, Map.of("metrics.prometheusRule.enabled", true))).custom("PrometheusRule");
    assertThat(rule).hasSize(1);
    return Manifests.yaml(rule.get(0).getAdditionalProperties().get("spec"));
  }

  /** The dashboard as the chart ships it in its ConfigMap, for Grafana's sidecar. */
  static String dashboard() {
    ConfigMap map = Manifests.parse(render(null, Map.of("metrics.grafanaDashboard.enabled", true)))
        .named(ConfigMap.class, "signaling-signaling-server-dashboard").orElseThrow();
    assertThat(map.getMetadata().getLabels()).containsEntry("grafana_dashboard", "1");
    return map.getData().get("signaling-server.json");
  }

  @Test
  void theDashboardIsGrafanaJsonWhosePanelsAskPrometheusForTheReleasesNamespace() {
    io.vertx.core.json.JsonObject dashboard = new io.vertx.core.json.JsonObject(dashboard());
    assertThat(dashboard.getString("uid")).isEqualTo("signaling-server");
    io.vertx.core.json.JsonArray panels = dashboard.getJsonArray("panels");
    assertThat(panels.size()).isGreaterThanOrEqualTo(10);
    for (int i = 0; i < panels.size(); i++) {
      io.vertx.core.json.JsonObject panel = panels.getJsonObject(i);
      io.vertx.core.json.JsonArray targets = panel.getJsonArray("targets");
      assertThat(targets.size()).as(panel.getString("title")).isPositive();
      for (int t = 0; t < targets.size(); t++) {
        assertThat(targets.getJsonObject(t).getString("expr")).as(panel.getString("title"))
            .contains("namespace=\"$namespace\"");
      }
    }
    assertThat(Manifests.parse(render(null, Map.of())).named(ConfigMap.class, "signaling-signaling-server-dashboard"))
        .as("off by default").isEmpty();
  }

  /** Runs promtool (from Debian's prometheus package, installed by .ci/install-deps); fails with its output. */
  private static String promtool(Path dir, String... arguments) {
    List<String> command = new java.util.ArrayList<>(List.of("promtool"));
    command.addAll(List.of(arguments));
    return io.signaling.testing.Commands.run(dir, command);
  }

  static Stream<Arguments> badValues() {
    return Stream.of(
        Arguments.of("replicaCount", "three"),
        Arguments.of("replicaCount", 0),
        Arguments.of("ports.signaling", 70000),
        Arguments.of("config.peerTimeout", "30 seconds"),
        Arguments.of("config.maxBodyBytes", "64 kilobytes"),
        Arguments.of("image.pullPolicy", "Sometimes"),
        Arguments.of("service.type", "ExternalName"),
        Arguments.of("jvm.heapPercentage", 95),
        Arguments.of("cluster.name", "has spaces"),
        Arguments.of("replicaCont", 3),
        Arguments.of("autoscaling.enabled", "yes-please"),
        Arguments.of("config.signInsPerAddress", "lots"),
        Arguments.of("config.maxStoredBytes", "most of it"),
        Arguments.of("config.proxyProtocol", "maybe"),
        Arguments.of("config.clusterQuorum", "most"),
        Arguments.of("config.clusterQuorum", 0),
        Arguments.of("resources.limits.cpu", "banana"),
        Arguments.of("resources.requests.memory", "lots"),
        Arguments.of("image.digest", "latest"),
        Arguments.of("placement.hostSpread", "always"),
        Arguments.of("placement.backupsApart", "rack"));
  }

  @ParameterizedTest(name = "{0}={1}")
  @MethodSource("badValues")
  void theSchemaRejectsBadValues(String key, Object value) {
    assertThatThrownBy(() -> render(null, Map.of(key, value))).hasMessageContaining("values don't meet the specifications");
  }

  /**
   * Every value has a {@code # --} comment right above it, or sits inside a block that has one (resources, the
   * security contexts, the Ingress annotations are documented as a whole).
   */
  @Test
  void everyValueIsCommented() throws IOException {
    List<String> lines = Files.readAllLines(CHART.resolve("values.yaml"));
    java.util.Deque<int[]> documentedBlocks = new java.util.ArrayDeque<>(); // {indent, documented 0/1}
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i);
      java.util.regex.Matcher key = java.util.regex.Pattern.compile("^( *)([A-Za-z][\\w./-]*):(.*)$").matcher(line);
      if (!key.matches()) {
        continue;
      }
      int indent = key.group(1).length();
      while (!documentedBlocks.isEmpty() && documentedBlocks.peek()[0] >= indent) {
        documentedBlocks.pop();
      }
      int above = i - 1;
      while (above >= 0 && lines.get(above).strip().startsWith("#") && !lines.get(above).contains("# --")) {
        above--; // up a comment of several lines to its first
      }
      boolean commented = above >= 0 && lines.get(above).contains("# --");
      boolean insideDocumented = documentedBlocks.stream().anyMatch(block -> block[1] == 1);
      boolean leaf = !key.group(3).isBlank();
      if (leaf) {
        assertThat(commented || insideDocumented).as("a comment for '" + line.strip() + "' (line " + (i + 1) + ")")
            .isTrue();
      } else {
        documentedBlocks.push(new int[] {indent, commented ? 1 : 0});
      }
    }
  }

  @Test
  void operatorsNeedNotForkForEnvironmentVolumesSidecarsAnnotationsOrADigest() throws IOException {
    Path values = valuesFile("""
        image:
          digest: sha256:%s
        deploymentAnnotations:
          team: rtc
        extraEnv:
          - name: SIGNALING_MAX_PEERS
            value: "500"
        extraVolumes:
          - name: extra-certs
            emptyDir: {}
        extraVolumeMounts:
          - name: extra-certs
            mountPath: /etc/extra-certs
        sidecars:
          - name: log-shipper
            image: fluent/fluent-bit:3.2
        initContainers:
          - name: warm-up
            image: busybox:1.37
        service:
          annotations:
            example.com/owner: rtc
        """.formatted("a".repeat(64)));
    Manifests manifests = Manifests.parse(render(values, Map.of()));
    ManifestChecks checks = new ManifestChecks(manifests);
    ServerConfig config = checks.checkAll();
    assertThat(config.limits().maxPeers()).as("extraEnv overrides the chart's own setting").isEqualTo(500);
    assertThat(checks.container().getImage()).isEqualTo("registry.example.com/signaling-server@sha256:"
        + "a".repeat(64));
    var pod = checks.deployment().getSpec().getTemplate().getSpec();
    assertThat(pod.getContainers()).extracting(Container::getName).containsExactly("signaling-server", "log-shipper");
    assertThat(pod.getInitContainers()).extracting(Container::getName).containsExactly("warm-up");
    assertThat(pod.getVolumes()).extracting(io.fabric8.kubernetes.api.model.Volume::getName).contains("extra-certs");
    assertThat(checks.container().getVolumeMounts()).extracting(io.fabric8.kubernetes.api.model.VolumeMount::getMountPath)
        .contains("/etc/extra-certs", "/tmp");
    assertThat(checks.deployment().getMetadata().getAnnotations()).containsEntry("team", "rtc");
    assertThat(manifests.all(Service.class)).filteredOn(service -> service.getSpec().getClusterIP() == null)
        .singleElement().satisfies(service ->
            assertThat(service.getMetadata().getAnnotations()).containsEntry("example.com/owner", "rtc"));
  }

  static Stream<Arguments> crossFieldMistakes() {
    return Stream.of(
        Arguments.of("ports: {management: 8888}", "are both 8888"),
        Arguments.of("config: {maxQueuedBytes: 32k}", "config.maxQueuedBytes (32k) is smaller than"
            + " config.maxBodyBytes (64k)"),
        Arguments.of("autoscaling: {enabled: true, minReplicas: 5, maxReplicas: 3}",
            "autoscaling.minReplicas (5) is above autoscaling.maxReplicas (3)"),
        Arguments.of("config: {clusterQuorum: 4}", "no node would ever be ready"),
        Arguments.of("podDisruptionBudget: {maxUnavailable: 2}", "above config.backups (1)"),
        Arguments.of("extraEnv: [{name: SIGNALING_CLUSTER_HOST, value: 127.0.0.1}]",
            "may not set SIGNALING_CLUSTER_HOST"),
        Arguments.of("ingress: {enabled: true, hosts: []}", "needs at least one host"),
        Arguments.of("shutdown: {drainDelaySeconds: 6}", "must exceed probes.readiness.periodSeconds"),
        Arguments.of("ingress: {enabled: true}\nlongPoll: {waitTimeoutSeconds: 3600}",
            "must be above 0 and below ingress.timeoutSeconds"),
        Arguments.of("ingress: {enabled: true}\nlongPoll: {waitTimeoutSeconds: 0}",
            "must be above 0 and below ingress.timeoutSeconds"),
        Arguments.of("ingress: {enabled: true, className: alb, timeoutSeconds: 5000}", "above 4000"),
        Arguments.of("autoscaling: {enabled: true, scaleDownPeriodSeconds: 30}",
            "shorter than a pod's drain and leave (60 s)"));
  }

  @ParameterizedTest(name = "{1}")
  @MethodSource("crossFieldMistakes")
  void crossFieldMistakesAreRefusedWithWhatToChange(String values, String message) throws IOException {
    Path file = valuesFile(values);
    assertThatThrownBy(() -> render(file, Map.of())).hasMessageContaining(message);
  }

  @Test
  void theDemoPageIsOffAndProbesTolerateAPause() {
    ManifestChecks checks = new ManifestChecks(Manifests.parse(render(null, Map.of())));
    assertThat(checks.checkAll().demoPage()).as("a public calling page is a demo, not a service").isFalse();
    var readiness = checks.container().getReadinessProbe();
    assertThat(readiness.getTimeoutSeconds()).isEqualTo(2);
    assertThat(readiness.getFailureThreshold()).isEqualTo(3);
    assertThat(checks.container().getStartupProbe().getTimeoutSeconds()).isEqualTo(2);
    assertThat(new ManifestChecks(Manifests.parse(render(null, Map.of("probes.readiness.timeoutSeconds", 5))))
        .container().getReadinessProbe().getTimeoutSeconds()).isEqualTo(5);
  }

  /**
   * By default the pods spread evenly over machines, enforced, and each says which machine it is on, so a
   * record's backup sits on another machine than its owner even when two pods share one (the surge pod of a
   * rollout, more pods than machines). Zones can be added to both; written-out constraints replace the spread.
   */
  @Test
  void podsSpreadOverMachinesAndKeepBackupsOnAnotherMachine() {
    ManifestChecks byDefault = new ManifestChecks(Manifests.parse(render(null, Map.of())));
    var spread = byDefault.deployment().getSpec().getTemplate().getSpec().getTopologySpreadConstraints();
    assertThat(spread).singleElement().satisfies(constraint -> {
      assertThat(constraint.getTopologyKey()).isEqualTo("kubernetes.io/hostname");
      assertThat(constraint.getWhenUnsatisfiable()).isEqualTo("DoNotSchedule");
      assertThat(constraint.getMaxSkew()).isEqualTo(1);
      assertThat(constraint.getLabelSelector().getMatchLabels())
          .isEqualTo(byDefault.deployment().getSpec().getSelector().getMatchLabels());
    });
    assertThat(failureDomainField(byDefault)).isEqualTo("spec.nodeName");

    ManifestChecks zones = new ManifestChecks(Manifests.parse(render(null, Map.of("placement.zoneSpread", "soft",
        "placement.hostSpread", "soft", "placement.backupsApart", "zone"))));
    assertThat(zones.deployment().getSpec().getTemplate().getSpec().getTopologySpreadConstraints())
        .extracting(constraint -> constraint.getTopologyKey() + " " + constraint.getWhenUnsatisfiable())
        .containsExactly("kubernetes.io/hostname ScheduleAnyway", "topology.kubernetes.io/zone ScheduleAnyway");
    assertThat(failureDomainField(zones)).isEqualTo("metadata.labels['topology.kubernetes.io/zone']");

    ManifestChecks none = new ManifestChecks(Manifests.parse(render(null, Map.of("placement.hostSpread", "none",
        "placement.backupsApart", "none"))));
    assertThat(none.deployment().getSpec().getTemplate().getSpec().getTopologySpreadConstraints()).isEmpty();
    assertThat(failureDomainField(none)).isNull();
    // What the node makes of it: its machine's name as the failure domain, which turns Hazelcast's groups on.
    assertThat(ConfigLoader.load(new String[0], byDefault.environment("127.0.0.5")).cluster().failureDomain())
        .isEqualTo("machine-of-127.0.0.5");
  }

  /** The fieldRef the pod's failure domain comes from, or null when the chart sets none. */
  private static String failureDomainField(ManifestChecks checks) {
    return checks.container().getEnv().stream()
        .filter(variable -> variable.getName().equals(Options.FAILURE_DOMAIN.environmentVariable()))
        .map(variable -> variable.getValueFrom().getFieldRef().getFieldPath()).findFirst().orElse(null);
  }

  /** Under 1792 MB the JVM would pick Serial; the chart names G1 (loadtest/gc-pauses), or what jvm.gc says. */
  @Test
  void theCollectorIsNamedNotLeftToTheJvm() {
    assertThat(javaOptions(Map.of())).contains("-XX:+UseG1GC").doesNotContain("UseZGC");
    assertThat(javaOptions(Map.of("jvm.gc", "Z"))).contains("-XX:+UseZGC").doesNotContain("G1");
    assertThat(javaOptions(Map.of("jvm.gc", ""))).doesNotContain("GC");
    assertThatThrownBy(() -> render(null, Map.of("jvm.gc", "Shenandoah")))
        .hasMessageContaining("values don't meet the specifications");
  }

  private static String javaOptions(Map<String, Object> values) {
    return new ManifestChecks(Manifests.parse(render(null, values))).container().getEnv().stream()
        .filter(variable -> variable.getName().equals("JAVA_TOOL_OPTIONS")).findFirst().orElseThrow().getValue();
  }

  @Test
  void theIngressBodyLimitFollowsTheNodesAndPlainHttpIsNotRedirected() throws IOException {
    Map<String, String> plain = Manifests.parse(render(null, Map.of("ingress.enabled", true,
        "config.maxBodyBytes", "32k"))).one(Ingress.class).getMetadata().getAnnotations();
    assertThat(plain).containsEntry("nginx.ingress.kubernetes.io/proxy-body-size", "32768")
        .containsEntry("nginx.ingress.kubernetes.io/proxy-buffering", "off")
        .doesNotContainKey("nginx.ingress.kubernetes.io/ssl-redirect");
    Map<String, String> tls = Manifests.parse(render(valuesFile("""
        ingress:
          enabled: true
          tls: [{secretName: signaling-tls, hosts: [signaling.example.com]}]
          annotations:
            nginx.ingress.kubernetes.io/proxy-read-timeout: "7200"
        """), Map.of())).one(Ingress.class).getMetadata().getAnnotations();
    assertThat(tls).as("the native client cannot follow a 308 to https")
        .containsEntry("nginx.ingress.kubernetes.io/ssl-redirect", "false")
        .as("an operator's annotation wins").containsEntry("nginx.ingress.kubernetes.io/proxy-read-timeout", "7200");
    assertThat(Manifests.parse(render(null, Map.of("ingress.enabled", true, "ingress.className", "traefik")))
        .one(Ingress.class).getMetadata().getAnnotations()).as("nginx's annotations only for nginx")
        .isNullOrEmpty();
  }

  @Test
  void everyHopOfTheLongPollPathOutlastsAQuietWaitAndTheNodeAnswersFirst() {
    ServerConfig bare = new ManifestChecks(Manifests.parse(render(null, Map.of()))).checkAll();
    assertThat(bare.longPoll().tcpKeepAlive()).isEqualTo(java.time.Duration.ofSeconds(60));
    assertThat(bare.longPoll().waitTimeout()).as("no proxy in front: never, as the reference").isZero();

    Manifests nginx = Manifests.parse(render(null, Map.of("ingress.enabled", true)));
    assertThat(nginx.one(Ingress.class).getMetadata().getAnnotations())
        .containsEntry("nginx.ingress.kubernetes.io/proxy-read-timeout", "3600");
    assertThat(new ManifestChecks(nginx).checkAll().longPoll().waitTimeout())
        .as("the node answers a quiet /wait before the proxy would").isEqualTo(java.time.Duration.ofSeconds(3240));

    Manifests alb = Manifests.parse(render(null, Map.of("ingress.enabled", true, "ingress.className", "alb")));
    assertThat(alb.one(Ingress.class).getMetadata().getAnnotations())
        .containsEntry("alb.ingress.kubernetes.io/load-balancer-attributes", "idle_timeout.timeout_seconds=3600")
        .containsEntry("alb.ingress.kubernetes.io/target-type", "ip");

    Manifests gce = Manifests.parse(render(null, Map.of("ingress.enabled", true, "ingress.className", "gce",
        "ingress.timeoutSeconds", 1800)));
    var backend = gce.custom("BackendConfig");
    assertThat(backend).hasSize(1);
    @SuppressWarnings("unchecked")
    Map<String, Object> spec = (Map<String, Object>) backend.get(0).getAdditionalProperties().get("spec");
    assertThat(spec).containsEntry("timeoutSec", 1800);
    assertThat(spec.get("healthCheck").toString()).contains("requestPath=/health/ready", "port=8889");
    Service signaling = gce.named(Service.class, "signaling-signaling-server").orElseThrow();
    assertThat(signaling.getMetadata().getAnnotations()).containsEntry("cloud.google.com/backend-config",
        "{\"default\": \"" + backend.get(0).getMetadata().getName() + "\"}");
    assertThat(new ManifestChecks(gce).checkAll().longPoll().waitTimeout()).isEqualTo(java.time.Duration.ofSeconds(1620));

    assertThat(Manifests.parse(render(null, Map.of("ingress.enabled", true, "ingress.className",
        "azure-application-gateway"))).one(Ingress.class).getMetadata().getAnnotations())
        .containsEntry("appgw.ingress.kubernetes.io/request-timeout", "3600");
    assertThat(new ManifestChecks(Manifests.parse(render(null, Map.of("longPoll.waitTimeoutSeconds", 300,
        "longPoll.tcpKeepAliveSeconds", 0)))).checkAll().longPoll())
        .isEqualTo(new ServerConfig.LongPoll(java.time.Duration.ZERO, java.time.Duration.ofSeconds(300)));
  }

  @Test
  void metricsAreScrapedOneWayOnly() {
    Map<String, String> byPod = Manifests.parse(render(null, Map.of())).one(Deployment.class).getSpec()
        .getTemplate().getMetadata().getAnnotations();
    assertThat(byPod).containsEntry("prometheus.io/scrape", "true");
    Manifests monitored = Manifests.parse(render(null, Map.of("metrics.serviceMonitor.enabled", true)));
    assertThat(monitored.custom("ServiceMonitor")).hasSize(1);
    assertThat(monitored.one(Deployment.class).getSpec().getTemplate().getMetadata().getAnnotations())
        .doesNotContainKey("prometheus.io/scrape");
  }

  @Test
  void theTestPodIsNoNodeAndTheNetworkPolicyLetsItCheckEveryPod() throws IOException {
    Path production = CHART.resolve("ci").resolve("production-values.yaml");
    Manifests manifests = Manifests.parse(render(production, Map.of()));
    Pod test = renderTestHook(production, Map.of());
    Map<String, String> testLabels = test.getMetadata().getLabels();
    Deployment deployment = manifests.one(Deployment.class);
    assertThat(selects(deployment.getSpec().getSelector().getMatchLabels(), testLabels))
        .as("the Deployment's selector takes the test pod").isFalse();
    for (Service service : manifests.all(Service.class)) {
      assertThat(selects(service.getSpec().getSelector(), testLabels))
          .as("Service " + service.getMetadata().getName() + " routes traffic to the test pod").isFalse();
    }
    assertThat(selects(manifests.one(PodDisruptionBudget.class).getSpec().getSelector().getMatchLabels(), testLabels))
        .as("the PDB counts the test pod").isFalse();
    NetworkPolicy policy = manifests.one(NetworkPolicy.class);
    for (String port : List.of("signaling", "management")) {
      var rule = policy.getSpec().getIngress().stream()
          .filter(each -> each.getPorts().stream().anyMatch(p -> port.equals(p.getPort().getStrVal())))
          .findFirst().orElseThrow();
      assertThat(rule.getFrom()).as("who may reach the " + port + " port").anySatisfy(peer ->
          assertThat(peer.getPodSelector() != null && selects(peer.getPodSelector().getMatchLabels(), testLabels))
              .isTrue());
    }
    List<String> args = test.getSpec().getContainers().get(0).getArgs();
    assertThat(args).containsSequence("--members", "signaling-signaling-server-members.webrtc.svc.cluster.local")
        .containsSequence("--signaling-port", "9000").containsSequence("--management-port", "9001")
        .as("autoscaled: as many members as pods").doesNotContain("--expect-members");
    List<String> fixed = renderTestHook(null, Map.of("config.proxyProtocol", true)).getSpec().getContainers().get(0)
        .getArgs();
    assertThat(fixed).containsSequence("--expect-members", "3").contains("--proxy-protocol");
  }

  /** Whether a label selector (its matchLabels) takes a pod with these labels. */
  private static boolean selects(Map<String, String> selector, Map<String, String> labels) {
    return labels.entrySet().containsAll(selector.entrySet());
  }

  @Test
  void theAutoscalerWatchesConnectionsWithCpuBesideAndLetsOneNodeLeaveAtATime() {
    HorizontalPodAutoscaler hpa = Manifests.parse(render(null, Map.of("autoscaling.enabled", true)))
        .one(HorizontalPodAutoscaler.class);
    assertThat(hpa.getSpec().getMetrics()).hasSize(2);
    var connections = hpa.getSpec().getMetrics().get(0).getPods();
    assertThat(connections.getMetric().getName()).isEqualTo("signaling_connections_open");
    assertThat(connections.getTarget().getAverageValue().getAmount()).as("70 % of 16,000").isEqualTo("11200");
    assertThat(hpa.getSpec().getMetrics().get(1).getResource().getName()).isEqualTo("cpu");
    var scaleDown = hpa.getSpec().getBehavior().getScaleDown();
    assertThat(scaleDown.getPolicies()).singleElement().satisfies(policy -> {
      assertThat(policy.getValue()).isEqualTo(1);
      assertThat(policy.getPeriodSeconds()).isEqualTo(120);
    });
    assertThat(Manifests.parse(render(null, Map.of("autoscaling.enabled", true, "autoscaling.metric", "cpu")))
        .one(HorizontalPodAutoscaler.class).getSpec().getMetrics()).singleElement()
        .satisfies(metric -> assertThat(metric.getResource().getName()).isEqualTo("cpu"));

    Manifests keda = Manifests.parse(render(null, Map.of("autoscaling.enabled", true, "autoscaling.keda.enabled", true)));
    assertThat(keda.all(HorizontalPodAutoscaler.class)).as("KEDA makes its own").isEmpty();
    assertThat(keda.one(Deployment.class).getSpec().getReplicas()).isNull();
    @SuppressWarnings("unchecked")
    Map<String, Object> spec = (Map<String, Object>) keda.custom("ScaledObject").get(0).getAdditionalProperties()
        .get("spec");
    assertThat(spec.get("scaleTargetRef").toString()).contains("name=signaling-signaling-server");
    @SuppressWarnings("unchecked")
    Map<String, Object> trigger = (Map<String, Object>) ((List<Object>) spec.get("triggers")).get(0);
    assertThat(trigger).containsEntry("type", "prometheus");
    @SuppressWarnings("unchecked")
    Map<String, Object> query = (Map<String, Object>) trigger.get("metadata");
    assertThat(query).containsEntry("threshold", "11200").containsEntry("query",
        "sum(signaling_connections_open{namespace=\"webrtc\",pod=~\"signaling-signaling-server-.*\"})");
  }
}
