package io.signaling.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.signaling.config.ConfigException;
import io.signaling.config.ConfigLoader;
import io.signaling.config.ServerConfig;
import io.signaling.testing.ClusterKeys;
import io.signaling.testing.Commands;
import io.vertx.core.eventbus.EventBusOptions;
import io.vertx.core.http.ClientAuth;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The cluster's key as operators hand it over, and every way of handing it over wrongly, refused at start. */
class ClusterTlsTest {

  @TempDir
  static Path shared;
  /** Made once for the tests that only read them (keytool and openssl take a JVM or a process each). */
  private static Path keystore;
  private static Path[] rsa;
  private static Path[] ec;

  @TempDir
  Path keys;

  @BeforeAll
  static void makeKeys() {
    keystore = ClusterKeys.keystore(shared, "cluster", "CN=cluster");
    rsa = ClusterKeys.pem(shared, "rsa", "rsa");
    ec = ClusterKeys.pem(shared, "ec", "ec");
  }

  /** A copy of the shared keystore that a test may change. */
  private Path keystoreCopy() throws IOException {
    return Files.copy(keystore, keys.resolve("copy.p12"));
  }

  @Test
  void aKeystoreTurnsOnMutualTlsAndTrustsItsOwnCertificate() {
    ClusterTls tls = ClusterTls.fromKeystore(keystore, ClusterKeys.PASSWORD);
    assertThat(tls.trustedCertificates()).isEqualTo(1);
    assertThat(tls.expires()).isAfter(Instant.now().plus(Duration.ofDays(360)));
    assertThat(tls.fingerprint()).matches("([0-9a-f]{2}:){7}[0-9a-f]{2}");
    EventBusOptions options = tls.applyTo(new EventBusOptions());
    assertThat(options.isSsl()).isTrue();
    assertThat(options.getClientAuth()).isEqualTo(ClientAuth.REQUIRED);
    assertThat(options.getEnabledSecureTransportProtocols()).containsExactly("TLSv1.3");
    // The event bus copies its options through JSON: the key and the trust must survive that.
    EventBusOptions copied = new EventBusOptions(options.toJson());
    assertThat(copied.getKeyCertOptions()).isEqualTo(options.getKeyCertOptions());
    assertThat(copied.getTrustOptions()).isEqualTo(options.getTrustOptions());
  }

  @Test
  void trustedCertificateEntriesAreTrustedToo() throws IOException {
    Path rotating = keystoreCopy();
    ClusterKeys.trust(rotating, ClusterKeys.keystore(keys, "next", "CN=next"), "next");
    assertThat(ClusterTls.fromKeystore(rotating, ClusterKeys.PASSWORD).trustedCertificates()).isEqualTo(2);
  }

  @Test
  void aWrongPasswordIsRefusedWithoutShowingIt() {
    assertThatThrownBy(() -> ClusterTls.fromKeystore(keystore, "guessed-wrong"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("this password opens")
        .message().doesNotContain("guessed-wrong");
  }

  @Test
  void aKeystoreWithTwoKeysIsRefused() throws IOException {
    Path twoKeys = keystoreCopy();
    Commands.run(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(), "-genkeypair", "-alias",
        "second", "-keyalg", "EC", "-dname", "CN=second", "-storetype", "PKCS12", "-keystore", twoKeys.toString(),
        "-storepass", ClusterKeys.PASSWORD);
    assertThatThrownBy(() -> ClusterTls.fromKeystore(twoKeys, ClusterKeys.PASSWORD))
        .hasMessageContaining("holds 2 private keys");
  }

  @Test
  void anExpiredCertificateIsRefused() {
    Path keystore = ClusterKeys.keystore(keys, "old", "CN=old", "-startdate", "-20d", "-validity", "10");
    assertThatThrownBy(() -> ClusterTls.fromKeystore(keystore, ClusterKeys.PASSWORD))
        .hasMessageContaining("the certificate expired on");
  }

  @Test
  void pemPairsAsHelmAndOpensslWriteThem() {
    for (Path[] pair : new Path[][] {rsa, ec}) {
      ClusterTls tls = ClusterTls.fromPem(pair[0], pair[1]);
      assertThat(tls.trustedCertificates()).as(pair[1].toString()).isEqualTo(1);
      EventBusOptions options = tls.applyTo(new EventBusOptions());
      assertThat(new EventBusOptions(options.toJson()).getKeyCertOptions()).isEqualTo(options.getKeyCertOptions());
    }
  }

  @Test
  void aKeyThatIsNotTheCertificatesIsRefused() {
    assertThatThrownBy(() -> ClusterTls.fromPem(ec[0], rsa[1]))
        .hasMessageContaining("are not a PEM certificate and its private key").hasMessageContaining("does not match");
    assertThatThrownBy(() -> ClusterTls.fromPem(rsa[0], ClusterKeys.pem(keys, "other", "rsa")[1]))
        .hasMessageContaining("does not belong to the certificate");
    assertThatThrownBy(() -> ClusterTls.fromPem(ec[0], ec[0]))
        .hasMessageContaining("are not a PEM certificate and its private key");
  }

  @Test
  void theConfigurationReadsEitherFormAndRefusesMixedOrHalfGivenOnes() {
    Path[] pem = rsa;
    ServerConfig fromKeystore = ConfigLoader.load(new String[] {"--cluster-tls-keystore", keystore.toString()},
        Map.of("SIGNALING_CLUSTER_TLS_PASSWORD", ClusterKeys.PASSWORD));
    assertThat(fromKeystore.clusterTls()).isNotNull();
    assertThat(ConfigLoader.load(new String[] {"--cluster-tls-cert", pem[0].toString(), "--cluster-tls-key",
        pem[1].toString()}, Map.of()).clusterTls()).isNotNull();
    assertThat(ServerConfig.defaults().clusterTls()).isNull();
    assertThatThrownBy(() -> ConfigLoader.load(new String[] {"--cluster-tls-keystore", keystore.toString(),
        "--cluster-tls-password", ClusterKeys.PASSWORD, "--cluster-tls-cert", pem[0].toString()}, Map.of()))
        .hasMessageContaining("two forms of the cluster's key").message().doesNotContain(ClusterKeys.PASSWORD);
    assertThatThrownBy(() -> ConfigLoader.load(new String[] {"--cluster-tls-cert", pem[0].toString()}, Map.of()))
        .hasMessageContaining("go together");
    assertThatThrownBy(() -> ConfigLoader.load(new String[] {"--cluster-tls-keystore", "/nonexistent.p12"},
        Map.of())).hasMessageContaining("cannot read the file /nonexistent.p12");
  }

  @Test
  void aNodeOthersCanReachRefusesToRunItsEventBusInTheClearUnlessToldTo() {
    String[] kubernetes = {"--cluster-dns", "signaling-members.default.svc.cluster.local", "--cluster-host",
        "10.1.2.3"};
    assertThatThrownBy(() -> ConfigLoader.load(kubernetes, Map.of()))
        .isInstanceOf(ConfigException.class).hasMessageContaining("its event bus would trust anyone")
        .hasMessageContaining("--cluster-insecure");
    String[] offLoopback = {"--cluster-host", "10.1.2.3", "--cluster-members", "10.1.2.4:5701"};
    assertThatThrownBy(() -> ConfigLoader.load(offLoopback, Map.of()))
        .hasMessageContaining("its event bus would trust anyone");
    assertThat(ConfigLoader.load(kubernetes, Map.of("SIGNALING_CLUSTER_INSECURE", "true")).clusterTls()).isNull();
    assertThat(ConfigLoader.load(kubernetes, Map.of("SIGNALING_CLUSTER_TLS_KEYSTORE", keystore.toString(),
        "SIGNALING_CLUSTER_TLS_PASSWORD", ClusterKeys.PASSWORD)).clusterTls()).isNotNull();
    // On loopback (one machine, the default) nobody else reaches the ports.
    assertThat(ConfigLoader.load(new String[0], Map.of()).clusterTls()).isNull();
  }
}
