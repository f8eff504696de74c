package io.signaling.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

/** Checks every response against the reference's header block, the way a real client would depend on it. */
public final class WireAssertions {

  private static final List<String> FIXED_LINES = List.of(
      "\r\nCache-Control: no-cache\r\n",
      "\r\nConnection: close\r\n",
      "\r\nAccess-Control-Allow-Credentials: true\r\n",
      "\r\nAccess-Control-Allow-Methods: POST, GET, OPTIONS\r\n",
      "\r\nAccess-Control-Expose-Headers: Content-Length\r\n");

  private WireAssertions() {
  }

  /**
   * One complete response in the reference layout, its body exactly Content-Length long, after which the
   * server closed the connection.
   */
  public static WireResponse assertAnswered(WireResponse response, int status) {
    return assertAnswered(response, status, "*");
  }

  /**
   * {@link #assertAnswered(WireResponse, int)} for a server given {@code --allowed-origins}: the answer lets
   * exactly {@code allowOrigin} read it (with {@code Vary: Origin} unless it is {@code *}), or no page when null.
   */
  public static WireResponse assertAnswered(WireResponse response, int status, String allowOrigin) {
    assertThat(response.closedByServer()).as("server closed the connection: %s", response.text()).isTrue();
    assertThat(response.endOfHeaders()).as("headers end: %s", response.text()).isPositive();
    assertThat(response.text()).startsWith("HTTP/1.1 " + status + " ");
    assertThat(response.status()).isEqualTo(status);
    String head = response.head();
    assertThat(head).contains(FIXED_LINES);
    assertThat(head).contains("\r\nServer: signaling-server/");
    // Authorization joins the list only with sign-in tokens on (a page then sends its token in that header).
    assertThat(head).containsPattern("\r\nAccess-Control-Allow-Headers: Content-Type, Content-Length, Connection,"
        + " Cache-Control(, Authorization)?\r\n");
    if (allowOrigin == null) {
      assertThat(head).doesNotContain("\r\nAccess-Control-Allow-Origin: ");
    } else {
      assertThat(head).contains("\r\nAccess-Control-Allow-Origin: " + allowOrigin + "\r\n");
      assertThat(head.split("\r\nAccess-Control-Allow-Origin: ", -1)).as("one Allow-Origin").hasSize(2);
      if (!allowOrigin.equals("*")) {
        assertThat(head).contains("\r\nVary: Origin\r\n");
      }
    }
    assertThat(response.contentLength()).as("exact Content-Length header").isEqualTo(response.bodyBytes().length);
    assertThat(response.isComplete()).isTrue();
    assertThat(head.toLowerCase().split("\r\ncontent-length: ", -1)).as("one Content-Length").hasSize(2);
    return response;
  }

  /** The connection was closed without a single byte: what a client must treat as "re-wait". */
  public static void assertClosedSilently(WireResponse response) {
    assertThat(response.closedByServer()).as("server closed the connection").isTrue();
    assertThat(response.raw()).as("no bytes were sent").isEmpty();
  }
}
