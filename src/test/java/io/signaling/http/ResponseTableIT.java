package io.signaling.http;

import static io.signaling.testing.WireAssertions.assertAnswered;
import static org.assertj.core.api.Assertions.assertThat;

import io.signaling.testing.WireClient;
import io.signaling.testing.WireClient.PendingRequest;
import io.signaling.testing.WireResponse;
import org.junit.jupiter.api.Test;

/** One test per row of the response table in docs/protocol.md (sections 3 and 4), with the C++ client's bytes and parsing. */
class ResponseTableIT extends OneNodeIT {


  @Test
  void signInIsAddedWithTheNewIdAndSelfFirst() {
    int first = client.signInId("first");
    WireResponse reply = assertAnswered(client.signIn("second"), 200);
    assertThat(reply.text()).startsWith("HTTP/1.1 200 Added\r\n");
    assertThat(reply.header("Content-Type")).isEqualTo("text/plain");
    int id = reply.pragma();
    assertThat(id).isPositive().isNotEqualTo(first);
    assertThat(reply.body()).startsWith("second," + id + ",1\n").contains("first," + first + ",1\n").endsWith("\n");
  }

  @Test
  void aNotificationOnWaitCarriesTheReceiversOwnId() {
    int receiver = client.signInId("receiver");
    try (PendingRequest wait = client.startWait(receiver)) {
      int joiner = client.signInId("joiner");
      WireResponse reply = assertAnswered(wait.response(), 200);
      assertThat(reply.text()).startsWith("HTTP/1.1 200 OK\r\n");
      assertThat(reply.header("Content-Type")).isEqualTo("text/plain");
      assertThat(reply.pragma()).isEqualTo(receiver);
      assertThat(reply.body()).isEqualTo("joiner," + joiner + ",1\n");
    }
  }

  @Test
  void aMessageOnWaitCarriesTheSendersIdTypeAndBytes() {
    int receiver = client.signInId("msg-receiver");
    int sender = client.signInId("msg-sender");
    drainJoin(receiver);
    String body = "{\n\t\"type\": \"offer\",\n\t\"sdp\": \"v=0\\r\\n\u00e9\"\n}";
    WireResponse accepted = client.exchange("POST /message?peer_id=" + sender + "&to=" + receiver
        + " HTTP/1.0\r\nContent-Length: " + body.length() + "\r\nContent-Type: application/json; charset=x\r\n\r\n"
        + body);
    assertAnswered(accepted, 200);
    WireResponse reply = assertAnswered(client.startWait(receiver).response(), 200);
    assertThat(reply.pragma()).isEqualTo(sender);
    assertThat(reply.header("Content-Type")).isEqualTo("application/json; charset=x");
    assertThat(reply.body()).isEqualTo(body);
  }

  @Test
  void anAcceptedMessageIsAnEmptyTextOk() {
    int receiver = client.signInId("ok-receiver");
    int sender = client.signInId("ok-sender");
    WireResponse reply = assertAnswered(client.message(sender, receiver, "hi"), 200);
    assertThat(reply.text()).startsWith("HTTP/1.1 200 OK\r\n");
    assertThat(reply.header("Content-Type")).isEqualTo("text/plain");
    assertThat(reply.pragma()).isEqualTo(-1);
    assertThat(reply.bodyBytes()).isEmpty();
  }

  @Test
  void aMessageToSelfIsEchoed() {
    int self = client.signInId("narcissus");
    WireResponse reply = assertAnswered(client.message(self, self, "mirror"), 200);
    assertThat(reply.pragma()).isEqualTo(self);
    assertThat(reply.header("Content-Type")).isEqualTo("text/plain");
    assertThat(reply.body()).isEqualTo("mirror");
  }

  @Test
  void signOutOfAKnownPeerIsAnEmptyOk() {
    int peer = client.signInId("leaver");
    WireResponse reply = assertAnswered(client.signOut(peer), 200);
    assertThat(reply.header("Content-Type")).isEqualTo("text/plain");
    assertThat(reply.bodyBytes()).isEmpty();
    assertThat(client.signOut(peer).status()).isEqualTo(500);
  }

  @Test
  void aKnownPeerWithoutAKnownTargetGetsError() {
    int peer = client.signInId("lonely");
    assertPeerGone(client.exchange("POST /message?peer_id=" + peer
        + " HTTP/1.0\r\nContent-Length: 1\r\nContent-Type: text/plain\r\n\r\nx"));
    assertPeerGone(client.message(peer, 2_000_000_000, "x"));
  }

  @Test
  void aPostFromAnUnknownPeerGetsError() {
    int target = client.signInId("target");
    assertPeerGone(client.message(2_000_000_001, target, "x"));
    assertPeerGone(client.exchange("POST /message?to=" + target
        + " HTTP/1.0\r\nContent-Length: 1\r\nContent-Type: text/plain\r\n\r\nx"));
    assertPeerGone(client.exchange("POST /anything HTTP/1.0\r\nContent-Length: 1\r\nContent-Type: text/plain\r\n\r\nx"));
  }

  @Test
  void optionsIsAnEmptyOkWithoutContentType() {
    for (String path : new String[] {"/sign_in", "/quit", "*"}) {
      WireResponse reply = assertAnswered(client.exchange("OPTIONS " + path + " HTTP/1.1\r\nHost: x\r\n"
          + "Origin: http://page.example\r\nAccess-Control-Request-Method: POST\r\n\r\n"), 200);
      assertThat(reply.head()).doesNotContain("\r\nContent-Type: ");
      assertThat(reply.bodyBytes()).isEmpty();
    }
  }

  @Test
  void quitIsJustAnUnknownPathAndTheNodeKeepsServing() {
    assertSorry(client.exchange("GET /quit HTTP/1.0\r\n\r\n"));
    assertThat(client.signIn("still-here").status()).isEqualTo(200);
  }

  @Test
  void otherGetsAndUnknownIdsGetSorry() {
    // GET / is the demo page here; DemoPageIT checks it is Sorry again with --demo-page false.
    assertSorry(client.exchange("GET /favicon.ico HTTP/1.1\r\nHost: x\r\n\r\n"));
    assertSorry(client.exchange("GET /SIGN_IN?x HTTP/1.0\r\n\r\n"));
    assertSorry(client.exchange("GET /wait?peer_id=2000000002 HTTP/1.0\r\n\r\n"));
    assertSorry(client.exchange("GET /wait HTTP/1.0\r\n\r\n"));
    assertSorry(client.exchange("GET /sign_out?peer_id=2000000003 HTTP/1.0\r\n\r\n"));
  }

  @Test
  void unsupportedMethodsAndInvalidPostsAreAnsweredNotIgnored() {
    assertAnswered(client.exchange("HEAD /sign_in HTTP/1.1\r\nHost: x\r\n\r\n"), 405);
    assertAnswered(client.exchange("DELETE /sign_out?peer_id=1 HTTP/1.1\r\n\r\n"), 405);
    assertAnswered(client.exchange("POST /message?peer_id=1&to=2 HTTP/1.0\r\nContent-Type: text/plain\r\n\r\n"), 411);
    assertAnswered(client.exchange("POST /message?peer_id=1&to=2 HTTP/1.0\r\nContent-Length: 0\r\n\r\n"), 411);
  }

  private void drainJoin(int receiver) {
    assertThat(client.startWait(receiver).response().pragma()).isEqualTo(receiver);
  }

  private static void assertPeerGone(WireResponse reply) {
    assertAnswered(reply, 500);
    assertThat(reply.text()).startsWith("HTTP/1.1 500 Error\r\n");
    assertThat(reply.header("Content-Type")).isEqualTo("text/plain");
    assertThat(reply.body()).isEqualTo("Peer most likely gone.");
  }

  static void assertSorry(WireResponse reply) {
    assertAnswered(reply, 500);
    assertThat(reply.text()).startsWith("HTTP/1.1 500 Sorry\r\n");
    assertThat(reply.header("Content-Type")).isEqualTo("text/html");
    assertThat(reply.body()).isEqualTo("<html><body>Sorry, not yet implemented</body></html>");
  }
}
