package io.signaling.http;

import static io.signaling.testing.WireAssertions.assertAnswered;
import static org.assertj.core.api.Assertions.assertThat;

import io.signaling.testing.WireResponse;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The demo page at / : served with the protocol's header block, and gone (500 Sorry, as the reference) when off. */
class DemoPageIT {

  @Nested
  class Served extends OneNodeIT {

    @Test
    void getSlashIsTheWholePageWithTheHeaderBlock() {
      WireResponse reply = assertAnswered(client.exchange("GET / HTTP/1.1\r\nHost: x\r\nAccept: text/html\r\n\r\n"), 200);
      assertThat(reply.text()).startsWith("HTTP/1.1 200 OK\r\n");
      assertThat(reply.header("Content-Type")).isEqualTo("text/html; charset=utf-8");
      assertThat(reply.header("Pragma")).isNull();
      String page = new String(reply.bodyBytes(), StandardCharsets.UTF_8);
      assertThat(page).startsWith("<!DOCTYPE html>").endsWith("</html>\n")
          // only the four endpoints, and no script from anywhere else
          .contains("'/sign_in?'", "'/wait?peer_id='", "'/message?peer_id='", "'/sign_out?peer_id='")
          .doesNotContain("<script src", "http://", "https://");
    }

    @Test
    void onlyTheExactPathIsThePage() {
      ResponseTableIT.assertSorry(client.exchange("GET /index.html HTTP/1.0\r\n\r\n"));
      ResponseTableIT.assertSorry(client.exchange("GET /nothing HTTP/1.0\r\n\r\n"));
      // A POST with a body stays a peer request, as on the reference.
      WireResponse post = assertAnswered(client.exchange("POST / HTTP/1.0\r\nContent-Length: 2\r\n\r\nhi"), 500);
      assertThat(post.body()).isEqualTo("Peer most likely gone.");
    }
  }

  @Nested
  class SwitchedOff extends OneNodeIT {

    @Override
    String[] flags() {
      return new String[] {"--demo-page", "false"};
    }

    @Test
    void getSlashIsSorryAsOnTheReference() {
      ResponseTableIT.assertSorry(client.exchange("GET / HTTP/1.0\r\n\r\n"));
    }
  }
}
