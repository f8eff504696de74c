package io.signaling.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class PeerNameTest {

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.ISO_8859_1);
  }

  private static String text(byte[] bytes) {
    return new String(bytes, StandardCharsets.ISO_8859_1);
  }

  @Test
  void takesTheWholeQueryVerbatim() {
    assertThat(text(PeerName.requested("user@host%20x&y=1"))).isEqualTo("user@host%20x&y=1");
    assertThat(PeerName.requested(null)).isEmpty();
  }

  @Test
  void decodesThePeerNameForm() {
    assertThat(text(PeerName.requested("peer_name=renderv2%40a+b&x=1"))).isEqualTo("renderv2@a b");
    assertThat(PeerName.requested("peer_name=%C3%A9")).containsExactly(0xc3, 0xa9);
    assertThat(text(PeerName.requested("peer_name=100%"))).isEqualTo("100%");
  }

  @Test
  void appliesTheReferenceRules() {
    assertThat(text(PeerName.normalize(bytes(""), 42, 512))).isEqualTo("peer_42");
    assertThat(text(PeerName.normalize(bytes("a,b,,c"), 1, 512))).isEqualTo("a_b__c");
    assertThat(PeerName.normalize(bytes("x".repeat(600)), 1, 512)).hasSize(512);
    // bytes, not characters: a multi-byte sequence may be cut, as the reference does
    assertThat(PeerName.normalize(new byte[] {'a', (byte) 0xc3, (byte) 0xa9}, 1, 2)).containsExactly('a', 0xc3);
  }
}
