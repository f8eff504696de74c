package io.signaling.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ResponseEncoderTest {

  private static final String CORS = "Access-Control-Allow-Origin: *\r\n"
      + "Access-Control-Allow-Credentials: true\r\n"
      + "Access-Control-Allow-Methods: POST, GET, OPTIONS\r\n"
      + "Access-Control-Allow-Headers: Content-Type, Content-Length, Connection, Cache-Control\r\n"
      + "Access-Control-Expose-Headers: Content-Length\r\n\r\n";

  private final ResponseEncoder encoder = new ResponseEncoder("test/1");

  private String encode(Response response) {
    return new String(encoder.encode(response), StandardCharsets.ISO_8859_1);
  }

  @Test
  void writesTheSignInReplyInTheReferenceLayout() {
    assertThat(encode(Response.added(7, "me,7,1\n".getBytes(StandardCharsets.US_ASCII)))).isEqualTo(
        "HTTP/1.1 200 Added\r\nServer: test/1\r\nCache-Control: no-cache\r\nConnection: close\r\n"
            + "Content-Type: text/plain\r\nContent-Length: 7\r\nPragma: 7\r\n" + CORS + "me,7,1\n");
  }

  @Test
  void omitsContentTypeWhenThereIsNone() {
    assertThat(encode(Response.preflight())).isEqualTo(
        "HTTP/1.1 200 OK\r\nServer: test/1\r\nCache-Control: no-cache\r\nConnection: close\r\n"
            + "Content-Length: 0\r\n" + CORS);
    assertThat(encode(Response.message(3, null, new byte[0]))).doesNotContain("\r\nContent-Type: ");
  }

  @Test
  void keepsARelayedContentTypeByteForByte() {
    String type = "application/json ;charset=\"UTF-8\"";
    assertThat(encode(Response.message(3, type, "{}".getBytes(StandardCharsets.US_ASCII))))
        .contains("\r\nContent-Type: " + type + "\r\nContent-Length: 2\r\nPragma: 3\r\n");
  }

  @Test
  void neverWritesAContentTypeThatIsNoMediaType() {
    for (String type : new String[] {"text/plain\rSet-Cookie: a=1", "text/plain\u0000", "text/plain; charset=\u00e9"}) {
      assertThat(encode(Response.message(3, type, "{}".getBytes(StandardCharsets.US_ASCII))))
          .as(type).doesNotContain("\r\nContent-Type: ").doesNotContain("Set-Cookie")
          .contains("\r\nContent-Length: 2\r\nPragma: 3\r\n");
    }
  }

  @Test
  void writesErrorsWithTheSameBlock() {
    assertThat(encode(Response.peerGone())).isEqualTo(
        "HTTP/1.1 500 Error\r\nServer: test/1\r\nCache-Control: no-cache\r\nConnection: close\r\n"
            + "Content-Type: text/plain\r\nContent-Length: 22\r\n" + CORS + "Peer most likely gone.");
    assertThat(encode(Response.sorry())).isEqualTo(
        "HTTP/1.1 500 Sorry\r\nServer: test/1\r\nCache-Control: no-cache\r\nConnection: close\r\n"
            + "Content-Type: text/html\r\nContent-Length: 52\r\n" + CORS
            + "<html><body>Sorry, not yet implemented</body></html>");
  }

  @Test
  void namesTheAllowedMethodsOnA405() {
    assertThat(encode(Response.refusal(Status.METHOD_NOT_ALLOWED, "no")))
        .startsWith("HTTP/1.1 405 Method Not Allowed\r\n")
        .contains("\r\nContent-Length: 3\r\nAllow: GET, POST, OPTIONS\r\nAccess-Control-Allow-Origin: *\r\n")
        .endsWith("\r\n\r\nno\n");
  }
}
