package io.signaling.http;

import static io.signaling.testing.WireAssertions.assertAnswered;
import static org.assertj.core.api.Assertions.assertThat;

import io.signaling.testing.BrowserClient;
import io.signaling.testing.WireClient;
import io.signaling.testing.WireClient.PendingRequest;
import io.signaling.testing.WireResponse;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every request is answered with "Connection: close" exactly and the server then closes, whatever the client asked. */
class ConnectionHandlingIT extends OneNodeIT {


  static List<String> connectionVariants() {
    return List.of(
        "HTTP/1.0\r\n",
        "HTTP/1.0\r\nConnection: keep-alive\r\n",
        "HTTP/1.0\r\nConnection: close\r\n",
        "HTTP/1.1\r\nHost: x\r\n",
        "HTTP/1.1\r\nHost: x\r\nConnection: keep-alive\r\n",
        "HTTP/1.1\r\nHost: x\r\nConnection: close\r\n",
        "HTTP/1.1\r\nHost: x\r\nconnection: Keep-Alive\r\n");
  }

  @ParameterizedTest
  @MethodSource("connectionVariants")
  void everyVariantIsAnsweredWithConnectionCloseAndClosed(String versionAndHeaders) {
    WireResponse signIn = assertAnswered(client.exchange("GET /sign_in?variant " + versionAndHeaders + "\r\n"), 200);
    assertThat(signIn.saysConnectionClose()).isTrue();
    assertThat(signIn.head().split("(?i)\r\nconnection:", -1)).as("one Connection header").hasSize(2);

    int id = signIn.pragma();
    String message = "POST /message?peer_id=" + id + "&to=" + id + " " + versionAndHeaders
        + "Content-Length: 4\r\nContent-Type: text/plain\r\n\r\nping";
    WireResponse echo = assertAnswered(client.exchange(message), 200);
    assertThat(echo.saysConnectionClose()).isTrue();
    assertThat(echo.body()).isEqualTo("ping");

    WireResponse error = assertAnswered(client.exchange("GET /nope " + versionAndHeaders + "\r\n"), 500);
    assertThat(error.saysConnectionClose()).isTrue();
  }

  @Test
  void aSecondRequestOnAKeepAliveConnectionIsNeitherAnsweredNorKeptOpen() {
    String twoRequests = BrowserClient.get("/sign_in?first") + BrowserClient.get("/sign_in?second");
    WireResponse reply = assertAnswered(client.exchange(twoRequests), 200);
    assertThat(reply.text().split("HTTP/1.1 ", -1)).as("exactly one response").hasSize(2);
    assertThat(reply.body()).startsWith("first,");
  }

  @Test
  void aSecondRequestAfterTheFirstWasAnsweredFindsTheConnectionClosed() {
    try (PendingRequest connection = client.start(BrowserClient.get("/sign_in?alone"))) {
      WireResponse reply = connection.response();
      assertAnswered(reply, 200);
      assertThat(connection.socket().isClosed()).isTrue();
    }
  }

  @Test
  void aBrowserPageSessionWorksEndToEnd() {
    BrowserClient alice = new BrowserClient(node.port());
    BrowserClient bob = new BrowserClient(node.port());
    int aliceId = alice.signIn("Alice");
    int bobId = bob.signIn("Bob");
    try (PendingRequest aliceWait = alice.startWait(aliceId)) {
      WireResponse join = assertAnswered(aliceWait.response(), 200);
      assertThat(join.header("Pragma")).isEqualTo(String.valueOf(aliceId));
      assertThat(join.body()).isEqualTo("bob," + bobId + ",1\n");
    }
    PendingRequest aliceWait = alice.startWait(aliceId);
    assertAnswered(bob.send(bobId, aliceId, "{\"type\":\"offer\",\"sdp\":\"v=0\"}"), 200);
    WireResponse offer = assertAnswered(aliceWait.response(), 200);
    assertThat(offer.header("Pragma")).isEqualTo(String.valueOf(bobId));
    assertThat(offer.header("Content-Type")).isEqualTo("text/plain");
    assertThat(offer.header("Access-Control-Allow-Origin")).isEqualTo("*");
    assertThat(offer.body()).isEqualTo("{\"type\":\"offer\",\"sdp\":\"v=0\"}");

    assertAnswered(bob.signOut(bobId), 200);
    WireResponse leave = assertAnswered(alice.startWait(aliceId).response(), 200);
    assertThat(leave.body()).isEqualTo("bob," + bobId + ",0\n");
  }

  @Test
  void aLargeBodyAfterExpectContinueIsRead() {
    int id = client.signInId("curl-like");
    String body = "x".repeat(5000);
    try (PendingRequest post = client.start("POST /message?peer_id=" + id + "&to=" + id
        + " HTTP/1.1\r\nHost: x\r\nContent-Length: 5000\r\nContent-Type: text/plain\r\nExpect: 100-continue\r\n\r\n")) {
      byte[] interim = new byte[25];
      int read = 0;
      while (read < interim.length) {
        read += readInto(post, interim, read);
      }
      assertThat(new String(interim, java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("HTTP/1.1 100 Continue\r\n\r\n");
      post.send(body);
      assertThat(assertAnswered(post.response(), 200).body()).isEqualTo(body);
    }
  }

  private static int readInto(PendingRequest request, byte[] into, int offset) {
    try {
      int n = request.socket().getInputStream().read(into, offset, into.length - offset);
      assertThat(n).isPositive();
      return n;
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
