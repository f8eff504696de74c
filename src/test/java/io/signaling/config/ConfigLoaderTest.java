package io.signaling.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.signaling.guard.Rate;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConfigLoaderTest {

  @Test
  void defaultsMatchTheReference() {
    ServerConfig config = ServerConfig.defaults();
    assertThat(config.listen().port()).isEqualTo(8888);
    assertThat(config.listen().host()).isEqualTo("0.0.0.0");
    assertThat(config.limits().maxNameBytes()).isEqualTo(512);
    assertThat(config.timing().peerTimeout()).isEqualTo(Duration.ofSeconds(30));
    assertThat(config.limits().maxHeaderBytes()).isEqualTo(8192);
    assertThat(config.limits().maxBodyBytes()).isEqualTo(65536);
    assertThat(config.limits().maxAnnouncing()).isEqualTo(4);
    assertThat(config.demoPage()).isTrue();
  }

  @Test
  void theDemoPageSwitchTakesOnlyTrueOrFalse() {
    assertThat(ConfigLoader.load(new String[] {"--demo-page", "false"}, Map.of()).demoPage()).isFalse();
    assertThat(ConfigLoader.load(new String[0], Map.of("SIGNALING_DEMO_PAGE", "false")).demoPage()).isFalse();
    assertThatThrownBy(() -> ConfigLoader.load(new String[] {"--demo-page", "no"}, Map.of()))
        .hasMessageContaining("'no' is not true or false");
    assertThat(ConfigLoader.load(new String[] {"--max-announcing", "1"}, Map.of()).limits().maxAnnouncing())
        .isEqualTo(1);
    assertThatThrownBy(() -> ConfigLoader.load(new String[] {"--max-announcing", "0"}, Map.of()))
        .hasMessageContaining("--max-announcing");
  }

  @Test
  void aTokenSecretMustBeLongEnoughAndIsNeverEchoed() {
    assertThat(ConfigLoader.load(new String[0], Map.of("SIGNALING_AUTH_JWT_SECRET", "x".repeat(32))).authJwtSecret())
        .hasSize(32);
    assertThatThrownBy(() -> ConfigLoader.load(new String[] {"--auth-jwt-secret", "hunter2"}, Map.of()))
        .hasMessageContaining("shorter than 32 bytes").message().doesNotContain("hunter2");
    assertThatThrownBy(() -> ConfigLoader.load(new String[] {"--auth-jwks-file", "/nonexistent/keys.json"}, Map.of()))
        .hasMessageContaining("not a JWKS file");
    assertThat(ConfigLoader.load(new String[0], Map.of()).authJwks()).isEmpty();
  }

  @Test
  void readsRatesAsABurstOverAnInterval() {
    ServerConfig config = ConfigLoader.load(new String[] {"--sign-ins-per-address", "30/10s",
        "--messages-per-peer", "0"}, Map.of("SIGNALING_UNKNOWN_PEERS_PER_ADDRESS", "5/2m"));
    assertThat(config.clientLimits().signInsPerAddress()).isEqualTo(new Rate(30, Duration.ofSeconds(10)));
    assertThat(config.clientLimits().unknownPeersPerAddress()).isEqualTo(new Rate(5, Duration.ofMinutes(2)));
    assertThat(config.clientLimits().messagesPerPeer().isOff()).isTrue();
    assertThat(ServerConfig.defaults().clientLimits().connectionsPerAddress()).isEqualTo(1000);
    assertThat(ServerConfig.defaults().proxyProtocol()).isFalse();
    assertThatThrownBy(() -> ConfigLoader.load(new String[] {"--sign-ins-per-address", "30", "--messages-per-peer",
        "5/0s", "--unknown-peers-per-address", "x/1m"}, Map.of()))
        .hasMessageContaining("not a rate like 120/1m").hasMessageContaining("--messages-per-peer")
        .hasMessageContaining("--unknown-peers-per-address");
  }

  @Test
  void anOptionIsReadByItsEntryAloneWhereverItIsUsed() {
    ServerConfig config = ConfigLoader.load(new String[] {"--max-peers", "7"},
        Map.of("SIGNALING_DRAIN_DELAY", "2s"));
    assertThat(config.get(Options.MAX_PEERS)).isEqualTo(7);
    assertThat(config.get(Options.DRAIN_DELAY)).isEqualTo(Duration.ofSeconds(2));
    assertThat(config.get(Options.MAX_ANNOUNCING)).as("a default").isEqualTo(4);
    assertThat(config.get(Options.TRUSTED_PROXIES).contains("10.1.2.3")).as("an empty default").isFalse();
  }

  @Test
  void readsBothFlagForms() {
    assertThat(ConfigLoader.load(new String[] {"--port", "9000"}, Map.of()).listen().port()).isEqualTo(9000);
    assertThat(ConfigLoader.load(new String[] {"--port=9001"}, Map.of()).listen().port()).isEqualTo(9001);
  }

  @Test
  void readsEnvironmentTwinsAndLetsFlagsWin() {
    Map<String, String> env = Map.of("SIGNALING_PORT", "7000", "SIGNALING_MAX_BODY_BYTES", "16k",
        "SIGNALING_PEER_TIMEOUT", "1500ms");
    ServerConfig fromEnv = ConfigLoader.load(new String[0], env);
    assertThat(fromEnv.listen().port()).isEqualTo(7000);
    assertThat(fromEnv.limits().maxBodyBytes()).isEqualTo(16 * 1024);
    assertThat(fromEnv.timing().peerTimeout()).isEqualTo(Duration.ofMillis(1500));
    assertThat(ConfigLoader.load(new String[] {"--port", "7001"}, env).listen().port()).isEqualTo(7001);
  }

  @Test
  void reportsEveryProblemAtOnce() {
    assertThatThrownBy(() -> ConfigLoader.load(
        new String[] {"--port", "99999", "--bogus", "1", "--max-body-bytes", "lots", "--cluster-host", "localhost",
            "--peer-timeout"},
        Map.of("SIGNALING_MAX_PEERS", "-3")))
        .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems())
            .anyMatch(p -> p.startsWith("--port:"))
            .anyMatch(p -> p.contains("unknown option --bogus"))
            .anyMatch(p -> p.startsWith("--max-body-bytes:"))
            .anyMatch(p -> p.startsWith("SIGNALING_MAX_PEERS:"))
            .anyMatch(p -> p.contains("--peer-timeout needs a value"))
            .hasSize(5));
  }

  @Test
  void refusesAnAdvertisedLocalhostAndUnqueueableBodies() {
    assertThatThrownBy(() -> ConfigLoader.load(new String[] {"--cluster-host", "localhost"}, Map.of()))
        .hasMessageContaining("not 'localhost'");
    assertThatThrownBy(() -> ConfigLoader.load(
        new String[] {"--max-body-bytes", "2m", "--max-queued-bytes", "1m"}, Map.of()))
        .hasMessageContaining("could never be queued");
  }

  @Test
  void helpListsEveryOptionWithItsEnvironmentTwinAndDefault() {
    String help = Options.helpText();
    for (Option<?> option : Options.ALL) {
      assertThat(help).contains(option.flag(), option.environmentVariable(), "default " + option.shownDefault());
    }
  }
}
