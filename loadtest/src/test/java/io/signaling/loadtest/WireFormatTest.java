package io.signaling.loadtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The generator reads answers as the C++ client does, and reads back its own message tags. */
class WireFormatTest {

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.ISO_8859_1);
  }

  @Test
  void readsStatusPragmaAndExactlyContentLengthBytes() throws Exception {
    Answer answer = Answer.parse(bytes("HTTP/1.1 200 OK\r\nServer: x\r\nContent-Length: 5\r\nPragma: 42\r\n\r\nhello"));
    assertThat(answer.status()).isEqualTo(200);
    assertThat(answer.pragma()).isEqualTo(42);
    assertThat(answer.text()).isEqualTo("hello");
  }

  @Test
  void refusesWhatTheCppClientCouldNotRead() {
    assertThatThrownBy(() -> Answer.parse(bytes("HTTP/1.1 200 OK\r\ncontent-length: 5\r\n\r\nhello")))
        .hasMessageContaining("Content-Length");
    assertThatThrownBy(() -> Answer.parse(bytes("HTTP/1.1 200 OK\r\nContent-Length: 9\r\n\r\nhello")))
        .hasMessageContaining("body bytes");
  }

  @Test
  void anEmptyAnswerIsAClosedWait() throws Exception {
    assertThat(Answer.parse(new byte[0]).closedSilently()).isTrue();
  }

  @Test
  void tagsRoundTripAndNotificationsHaveNone() {
    Payloads payloads = new Payloads(3000);
    byte[] offer = payloads.description("offer", 17);
    assertThat(offer.length).isGreaterThan(3000);
    Payloads.Tag tag = Payloads.tag(offer);
    assertThat(tag.seq()).isEqualTo(17);
    assertThat(tag.sentNanos()).isLessThanOrEqualTo(System.nanoTime());
    assertThat(new String(offer, StandardCharsets.UTF_8)).contains("\"type\":\"offer\",\"sdp\":\"v=0");
    assertThat(Payloads.tag(payloads.candidate(3, 2)).seq()).isEqualTo(3);
    assertThat(Payloads.tag(bytes("alice,7,1\n"))).isNull();
  }
}
