package io.signaling.guard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class TrustedProxiesTest {

  private final TrustedProxies proxies = TrustedProxies.parse(List.of("10.0.0.0/8", "192.168.1.7", "fd00::/8"));

  @Test
  void matchesRangesAndSingleAddresses() {
    assertThat(proxies.contains("10.200.3.4")).isTrue();
    assertThat(proxies.contains("11.0.0.1")).isFalse();
    assertThat(proxies.contains("192.168.1.7")).isTrue();
    assertThat(proxies.contains("192.168.1.8")).isFalse();
    assertThat(proxies.contains("fd12:3456::1")).isTrue();
    assertThat(proxies.contains("fe80::1")).isFalse();
    assertThat(proxies.contains("proxy.example.com")).as("never a name lookup").isFalse();
    assertThat(TrustedProxies.NONE.contains("10.0.0.1")).isFalse();
  }

  @Test
  void theClientIsTheRightMostAddressThatIsNoTrustedProxy() {
    assertThat(proxies.clientOf("10.1.1.1", "203.0.113.5")).isEqualTo("203.0.113.5");
    assertThat(proxies.clientOf("10.1.1.1", "203.0.113.5, 10.2.2.2")).isEqualTo("203.0.113.5");
    // A client writing its own header cannot choose: its entries are left of the one the proxy added.
    assertThat(proxies.clientOf("10.1.1.1", "1.1.1.1, 203.0.113.5")).isEqualTo("203.0.113.5");
    assertThat(proxies.clientOf("10.1.1.1", "203.0.113.5:4711")).isEqualTo("203.0.113.5");
    assertThat(proxies.clientOf("10.1.1.1", "[2001:db8::1]:80")).isEqualTo("2001:db8:0:0::/64");
    assertThat(proxies.clientOf("10.1.1.1", null)).isEqualTo("10.1.1.1");
    assertThat(proxies.clientOf("10.1.1.1", "not-an-address")).isEqualTo("10.1.1.1");
    assertThat(proxies.clientOf("10.1.1.1", "203.0.113.5, garbage")).as("nothing left of garbage")
        .isEqualTo("10.1.1.1");
  }

  @Test
  void refusesWhatIsNoRange() {
    assertThatThrownBy(() -> TrustedProxies.parse(List.of("10.0.0.0/33"))).hasMessageContaining("prefix length");
    assertThatThrownBy(() -> TrustedProxies.parse(List.of("ingress.local"))).hasMessageContaining("not an address");
    assertThatThrownBy(() -> TrustedProxies.parse(List.of("10.0.0/8"))).hasMessageContaining("not an address");
  }
}
