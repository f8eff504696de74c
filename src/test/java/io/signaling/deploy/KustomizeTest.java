package io.signaling.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.signaling.config.ServerConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The plain manifests, as {@code kubectl apply -k k8s/} would send them, hold the same rules as the chart. */
class KustomizeTest {

  static final Path K8S = Path.of("k8s");

  /** The output of {@code kubectl kustomize k8s/} (offline: no API server is asked). */
  static String kustomize() throws IOException, InterruptedException {
    Process kubectl;
    try {
      kubectl = new ProcessBuilder("kubectl", "kustomize", K8S.toString()).redirectErrorStream(false).start();
    } catch (IOException e) {
      throw new AssertionError("kubectl is not installed; .ci/install-deps installs it", e);
    }
    byte[] out = kubectl.getInputStream().readAllBytes();
    String err = new String(kubectl.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(kubectl.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(kubectl.exitValue()).as(err).isZero();
    return new String(out, StandardCharsets.UTF_8);
  }

  @Test
  void theThreeNodeClusterHoldsTogether() throws Exception {
    Manifests manifests = Manifests.parse(kustomize());
    ServerConfig config = new ManifestChecks(manifests).checkAll();
    Deployment deployment = manifests.one(Deployment.class);
    assertThat(deployment.getSpec().getReplicas()).isEqualTo(3);
    assertThat(manifests.one(ConfigMap.class).getMetadata().getName())
        .as("a generated name with a hash of the settings, so a change rolls the pods").matches("signaling-config-\\w+");
    assertThat(deployment.getSpec().getTemplate().getSpec().getContainers().get(0).getImage())
        .isEqualTo("registry.example.com/signaling-server:0.1.0");
    assertThat(config.cluster().dns()).isEqualTo("signaling-members");
    assertThat(manifests.one(ConfigMap.class).getData()).as("the size the quorum is a majority of")
        .containsEntry("SIGNALING_CLUSTER_SIZE", String.valueOf(deployment.getSpec().getReplicas()));
    assertThat(config.cluster().quorum()).isEqualTo(2);
  }

  @Test
  void theIngressExampleRoutesToTheSignalingServiceWithoutTimingOutAWait() throws Exception {
    Manifests base = Manifests.parse(kustomize());
    Ingress ingress = Manifests.parse(Files.readString(K8S.resolve("examples").resolve("ingress.yaml")))
        .one(Ingress.class);
    var backend = ingress.getSpec().getRules().get(0).getHttp().getPaths().get(0).getBackend().getService();
    Service service = base.named(Service.class, backend.getName()).orElseThrow();
    assertThat(service.getSpec().getPorts()).anySatisfy(port ->
        assertThat(port.getName()).isEqualTo(backend.getPort().getName()));
    assertThat(Integer.parseInt(ingress.getMetadata().getAnnotations()
        .get("nginx.ingress.kubernetes.io/proxy-read-timeout"))).isGreaterThanOrEqualTo(600);
    assertThat(ingress.getMetadata().getAnnotations())
        .containsEntry("nginx.ingress.kubernetes.io/proxy-buffering", "off");
  }
}
