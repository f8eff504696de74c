package io.signaling.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MediaTypeTest {

  @ParameterizedTest
  @ValueSource(strings = {"text/plain", "application/json", "text/plain;charset=UTF-8", "text/plain; charset=utf-8",
      "text/plain ; charset=utf-8", "multipart/mixed; boundary=\"a b;c\"", "application/sdp;;", "a/b; q=\"\\\"x\"",
      "application/vnd.example+json", "*/*"})
  void acceptsMediaTypes(String type) {
    assertThat(MediaType.isValid(type)).as(type).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "text", "text/", "/plain", "text/plain\rSet-Cookie: injected=1", "text/plain\r\nPragma: 4242",
      "text/plain\u0000", "text/plain\u000b", "text/plain\u00ff", "text/plain; charset", "text/plain; =x",
      "text/plain; charset=\"open", "text /plain", "text/plain, text/html", "text/plain\tx", "text/pl\u007fain",
      "text/plain; a=\"\u0001\""})
  void refusesAnythingElse(String type) {
    assertThat(MediaType.isValid(type)).as(type).isFalse();
  }

  @Test
  void refusesNullAndOverlongTypes() {
    assertThat(MediaType.isValid(null)).isFalse();
    String longest = "text/plain; p=" + "x".repeat(MediaType.MAX_LENGTH - 14);
    assertThat(MediaType.isValid(longest)).isTrue();
    assertThat(MediaType.isValid(longest + "x")).isFalse();
  }
}
