package io.signaling.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The peer lines byte for byte: {@code name,id,1\n} or {@code ,0\n}, whatever the id's width or sign. */
class PeerListTest {

  private static byte[] ascii(String text) {
    return text.getBytes(StandardCharsets.ISO_8859_1);
  }

  @Test
  void aLineIsTheNameTheIdAndWhetherConnected() {
    assertThat(PeerList.line(ascii("alice"), 7, true)).isEqualTo(ascii("alice,7,1\n"));
    assertThat(PeerList.line(ascii("alice"), 7, false)).isEqualTo(ascii("alice,7,0\n"));
  }

  @Test
  void idsOfEveryWidthAndSignAreWrittenInDecimal() {
    int[] ids = {0, 1, 9, 10, 99, 100, 12345, 999_999_999, 1_000_000_000, 1_708_959_339, Integer.MAX_VALUE, -1, -10,
        Integer.MIN_VALUE};
    for (int id : ids) {
      assertThat(new String(PeerList.line(ascii("p"), id, true), StandardCharsets.ISO_8859_1)).as("id %d", id)
          .isEqualTo("p," + id + ",1\n");
    }
  }

  @Test
  void aNameKeepsItsBytes() {
    byte[] name = {(byte) 0xC3, (byte) 0xA9, ',', 0x01, (byte) 0xFF};
    byte[] line = PeerList.line(name, 42, true);

    assertThat(line).startsWith(name).endsWith(ascii(",42,1\n")).hasSize(name.length + 6);
  }

  @Test
  void theSignInBodyListsTheNewPeerFirstThenTheOthersInOrder() {
    byte[] body = PeerList.signInBody(new PeerList.Entry(ascii("me"), 2_000_000_001),
        List.of(new PeerList.Entry(ascii("a"), 5), new PeerList.Entry(new byte[0], 77), new PeerList.Entry(ascii("c"), 1)));

    assertThat(new String(body, StandardCharsets.ISO_8859_1)).isEqualTo("me,2000000001,1\na,5,1\n,77,1\nc,1,1\n");
  }

  @Test
  void aSignInBodyWithNobodyElseIsTheNewPeersLine() {
    assertThat(PeerList.signInBody(new PeerList.Entry(ascii("solo"), 3), List.of())).isEqualTo(ascii("solo,3,1\n"));
  }
}
