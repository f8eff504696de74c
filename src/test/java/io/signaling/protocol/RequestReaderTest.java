package io.signaling.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class RequestReaderTest {

  private final RequestReader reader = new RequestReader(1024, 100);

  private RequestReader.Progress feed(String text) {
    return reader.feed(text.getBytes(StandardCharsets.ISO_8859_1));
  }

  @Test
  void readsTheCppClientsPostSplitAcrossEveryByte() {
    String request = "POST /message?peer_id=1&to=2 HTTP/1.0\r\nContent-Length: 3\r\nContent-Type: text/plain\r\n\r\nBYE";
    RequestReader.Progress progress = null;
    for (char c : request.toCharArray()) {
      progress = feed(String.valueOf(c));
    }
    assertThat(progress).isEqualTo(RequestReader.Progress.COMPLETE);
    HttpRequest parsed = reader.takeRequest();
    assertThat(parsed.method()).isEqualTo("POST");
    assertThat(parsed.path()).isEqualTo("/message");
    assertThat(parsed.query()).isEqualTo("peer_id=1&to=2");
    assertThat(parsed.minorVersion()).isZero();
    assertThat(parsed.contentType()).isEqualTo("text/plain");
    assertThat(new String(parsed.body(), StandardCharsets.US_ASCII)).isEqualTo("BYE");
  }

  @Test
  void cutsTheBodyAtContentLength() {
    assertThat(feed("POST /message?peer_id=1&to=2 HTTP/1.0\r\nContent-Length: 2\r\nContent-Type: text/plain\r\n\r\nhiEXTRA"))
        .isEqualTo(RequestReader.Progress.COMPLETE);
    assertThat(new String(reader.takeRequest().body(), StandardCharsets.US_ASCII)).isEqualTo("hi");
  }

  @Test
  void readsHeaderNamesCaseInsensitivelyAndKeepsTheContentTypeVerbatim() {
    feed("POST /m HTTP/1.1\r\ncontent-length: 1\r\nCONTENT-TYPE:   text/plain;charset=UTF-8  \r\n\r\nx");
    assertThat(reader.takeRequest().contentType()).isEqualTo("text/plain;charset=UTF-8");
  }

  @Test
  void acceptsAPostWithoutContentType() {
    assertThat(feed("POST /m HTTP/1.0\r\nContent-Length: 1\r\n\r\nx")).isEqualTo(RequestReader.Progress.COMPLETE);
    assertThat(reader.takeRequest().contentType()).isNull();
  }

  @Test
  void acceptsBareLineFeeds() {
    assertThat(feed("GET /sign_in?a HTTP/1.0\n\n")).isEqualTo(RequestReader.Progress.COMPLETE);
    assertThat(reader.takeRequest().query()).isEqualTo("a");
  }

  @Test
  void reducesAbsoluteFormToPathAndQuery() {
    feed("GET http://example.org:8888/wait?peer_id=3 HTTP/1.1\r\n\r\n");
    HttpRequest parsed = reader.takeRequest();
    assertThat(parsed.path()).isEqualTo("/wait");
    assertThat(parsed.query()).isEqualTo("peer_id=3");
  }

  @Test
  void keepsRawBytesOfTheTarget() {
    byte[] request = "GET /sign_in?\u00e9\u00ff HTTP/1.0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1);
    reader.feed(request);
    assertThat(reader.takeRequest().query().getBytes(StandardCharsets.ISO_8859_1)).containsExactly(0xe9, 0xff);
  }

  @Test
  void asksForContinueWhenTheClientExpectsIt() {
    assertThat(feed("POST /m HTTP/1.1\r\nContent-Length: 2\r\nExpect: 100-continue\r\n\r\n"))
        .isEqualTo(RequestReader.Progress.SEND_CONTINUE);
    assertThat(feed("ok")).isEqualTo(RequestReader.Progress.COMPLETE);
  }

  @Test
  void ignoresWhatFollowsTheFirstRequest() {
    assertThat(feed("GET /a HTTP/1.1\r\n\r\nGET /b HTTP/1.1\r\n\r\n")).isEqualTo(RequestReader.Progress.COMPLETE);
    assertThat(feed("more")).isEqualTo(RequestReader.Progress.COMPLETE);
    assertThat(reader.takeRequest().path()).isEqualTo("/a");
  }

  @Test
  void handsTheRequestOverOnceAndStaysDone() {
    assertThat(feed("GET /wait?peer_id=3 HTTP/1.0\r\n\r\n")).isEqualTo(RequestReader.Progress.COMPLETE);
    HttpRequest taken = reader.takeRequest();
    assertThat(taken.path()).isEqualTo("/wait");
    assertThat(taken.query()).isEqualTo("peer_id=3");
    assertThat(reader.takeRequest()).isNull();
    assertThat(reader.isFinished()).isTrue();
    assertThat(feed("GET /sign_out?peer_id=3 HTTP/1.0\r\n\r\n")).isEqualTo(RequestReader.Progress.COMPLETE);
    assertThat(reader.takeRequest()).isNull();
  }

  @Test
  void hasNothingToHandOverBeforeTheRequestIsWhole() {
    assertThat(feed("GET /wait?peer_id=3 HTTP/1.0\r\n")).isEqualTo(RequestReader.Progress.NEED_MORE);
    assertThat(reader.takeRequest()).isNull();
    assertThat(reader.isFinished()).isFalse();
    assertThat(feed("\r\n")).isEqualTo(RequestReader.Progress.COMPLETE);
    assertThat(reader.takeRequest().path()).isEqualTo("/wait");
  }

  @Test
  void refusesUnsupportedMethods() {
    assertRefused("PUT /sign_in HTTP/1.1\r\n\r\n", Status.METHOD_NOT_ALLOWED);
    assertRefused("get /sign_in HTTP/1.1\r\n\r\n", Status.METHOD_NOT_ALLOWED);
  }

  @Test
  void refusesMalformedRequestLines() {
    assertRefused("GET /sign_in\r\n\r\n", Status.BAD_REQUEST);
    assertRefused("GET  /sign_in HTTP/1.0\r\n\r\n", Status.BAD_REQUEST);
    assertRefused("GET sign_in HTTP/1.0\r\n\r\n", Status.BAD_REQUEST);
    assertRefused("G(T / HTTP/1.0\r\n\r\n", Status.BAD_REQUEST);
    assertRefused("GET / FOO/1.0\r\n\r\n", Status.BAD_REQUEST);
    assertRefused("\u0001\u0002\r\n\r\n", Status.BAD_REQUEST);
  }

  @Test
  void refusesOtherHttpVersions() {
    assertRefused("GET / HTTP/2.0\r\n\r\n", Status.VERSION_NOT_SUPPORTED);
  }

  @Test
  void refusesMalformedHeaders() {
    assertRefused("GET / HTTP/1.0\r\nNo colon here\r\n\r\n", Status.BAD_REQUEST);
    assertRefused("GET / HTTP/1.0\r\nHost : x\r\n\r\n", Status.BAD_REQUEST);
    assertRefused("GET / HTTP/1.0\r\n folded: x\r\n\r\n", Status.BAD_REQUEST);
    assertRefused("POST / HTTP/1.0\r\nContent-Length: 1x\r\n\r\n", Status.BAD_REQUEST);
    assertRefused("POST / HTTP/1.0\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n", Status.BAD_REQUEST);
    assertRefused("POST / HTTP/1.0\r\nContent-Length: -1\r\n\r\n", Status.BAD_REQUEST);
  }

  @Test
  void refusesControlBytesInHeaderValues() {
    assertRefused("GET / HTTP/1.0\r\nX-Note: a\rb\r\n\r\n", Status.BAD_REQUEST);
    assertRefused("GET / HTTP/1.0\r\nX-Note: a\u0000b\r\n\r\n", Status.BAD_REQUEST);
    assertThat(new RequestReader(1024, 100).feed("GET / HTTP/1.0\r\nX-Note: a\tb\r\n\r\n"
        .getBytes(StandardCharsets.ISO_8859_1))).isEqualTo(RequestReader.Progress.COMPLETE);
  }

  @Test
  void refusesAPostWhoseContentTypeIsNoMediaType() {
    assertRefused("POST /message HTTP/1.0\r\nContent-Length: 1\r\nContent-Type: text/plain\rSet-Cookie: a=1\r\n\r\nx",
        Status.BAD_REQUEST);
    assertRefused("POST /message HTTP/1.0\r\nContent-Length: 1\r\nContent-Type: text/plain\u00ff\r\n\r\nx",
        Status.BAD_REQUEST);
    assertRefused("POST /message HTTP/1.0\r\nContent-Length: 1\r\nContent-Type: plain\r\n\r\nx", Status.BAD_REQUEST);
  }

  @Test
  void refusesAPostWithoutALength() {
    assertRefused("POST /message?peer_id=1&to=2 HTTP/1.0\r\nContent-Type: text/plain\r\n\r\nhi", Status.LENGTH_REQUIRED);
    assertRefused("POST /message HTTP/1.0\r\nContent-Length: 0\r\n\r\n", Status.LENGTH_REQUIRED);
    assertRefused("POST /message HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nhi\r\n0\r\n\r\n",
        Status.LENGTH_REQUIRED);
  }

  @Test
  void refusesABodyOverTheLimitBeforeReadingIt() {
    assertRefused("POST /message HTTP/1.0\r\nContent-Length: 101\r\n\r\n", Status.CONTENT_TOO_LARGE);
    assertRefused("POST /message HTTP/1.0\r\nContent-Length: 99999999999999\r\n\r\n", Status.CONTENT_TOO_LARGE);
  }

  @Test
  void refusesARequestLineLongerThanTheHeaderLimit() {
    assertRefused("GET /sign_in?" + "n".repeat(2000), Status.URI_TOO_LONG);
  }

  @Test
  void refusesHeadersLongerThanTheLimit() {
    assertRefused("GET /sign_in HTTP/1.0\r\nX-Big: " + "v".repeat(2000), Status.HEADER_FIELDS_TOO_LARGE);
  }

  @Test
  void holdsNoMoreThanTheLimitsWhateverIsSent() {
    RequestReader small = new RequestReader(300, 10);
    byte[] flood = new byte[1 << 20];
    java.util.Arrays.fill(flood, (byte) 'a');
    assertThat(small.feed(flood)).isEqualTo(RequestReader.Progress.REFUSED);
    assertThat(small.refusal().status()).isEqualTo(Status.URI_TOO_LONG);
  }

  @Test
  void saysWhetherAnyByteArrived() {
    assertThat(reader.hasStarted()).isFalse();
    feed("G");
    assertThat(reader.hasStarted()).isTrue();
  }

  private void assertRefused(String request, Status status) {
    RequestReader fresh = new RequestReader(1024, 100);
    assertThat(fresh.feed(request.getBytes(StandardCharsets.ISO_8859_1)))
        .as(request).isEqualTo(RequestReader.Progress.REFUSED);
    assertThat(fresh.refusal().status()).as(request).isEqualTo(status);
  }
}
