package io.signaling.guard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class AllowedOriginsTest {

  @Test
  void aStarAloneIsAnyPage() {
    AllowedOrigins any = AllowedOrigins.parse(List.of("*"));
    assertThat(any.isAny()).isTrue();
    assertThat(any.admits("https://evil.example", "x")).isTrue();
    assertThat(any.allowOriginHeader("https://evil.example")).isEqualTo("*");
  }

  @Test
  void aListAdmitsItsOriginsTheServerItselfAndRequestsWithoutAnOrigin() {
    AllowedOrigins list = AllowedOrigins.parse(List.of("https://app.example", "http://localhost:8080", "null"));
    assertThat(list.admits("https://app.example", "signal.example")).isTrue();
    assertThat(list.admits("HTTPS://App.Example", "signal.example")).isTrue();
    assertThat(list.admits("http://localhost:8080", null)).isTrue();
    assertThat(list.admits("null", "signal.example")).isTrue();
    assertThat(list.admits(null, null)).isTrue();
    assertThat(list.admits("https://signal.example:8443", "signal.example:8443")).isTrue();
    assertThat(list.allowOriginHeader("https://app.example")).isEqualTo("https://app.example");
    assertThat(list.allowOriginHeader(null)).isNull();
  }

  @Test
  void aListRefusesEveryOtherPage() {
    AllowedOrigins list = AllowedOrigins.parse(List.of("https://app.example"));
    assertThat(list.admits("https://evil.example", "signal.example")).isFalse();
    assertThat(list.admits("http://app.example", "signal.example")).as("another scheme").isFalse();
    assertThat(list.admits("https://app.example:444", "signal.example")).as("another port").isFalse();
    assertThat(list.admits("https://app.example.evil.example", "signal.example")).isFalse();
    assertThat(list.admits("null", "signal.example")).as("a file, unless listed").isFalse();
    assertThat(list.admits("https://app.example/path", "signal.example")).as("not an origin").isFalse();
    // The server's own origin is its Host; a page cannot claim it unless it is served from it.
    assertThat(list.admits("https://signal.example", "other.example")).isFalse();
    assertThat(list.admits("null", "null")).isFalse();
  }

  @Test
  void badEntriesAreNamed() {
    assertThatThrownBy(() -> AllowedOrigins.parse(List.of("app.example"))).hasMessageContaining("'app.example'");
    assertThatThrownBy(() -> AllowedOrigins.parse(List.of("https://app.example/"))).hasMessageContaining("origin");
    assertThatThrownBy(() -> AllowedOrigins.parse(List.of("*", "https://a.example"))).hasMessageContaining("'*'");
    assertThatThrownBy(() -> AllowedOrigins.parse(List.of())).hasMessageContaining("at least one");
  }
}
