package io.signaling.http;

import static io.signaling.testing.WireAssertions.assertAnswered;
import static io.signaling.testing.WireAssertions.assertClosedSilently;
import static org.assertj.core.api.Assertions.assertThat;

import io.signaling.testing.WireClient;
import io.signaling.testing.WireClient.PendingRequest;
import io.signaling.testing.WireResponse;
import java.util.Arrays;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Each kind of bad input gets a clear status in the usual header block, and the node keeps serving. */
class BadInputIT extends OneNodeIT {

  @Override
  String[] flags() {
    return new String[] {"--max-header-bytes", "1024", "--max-body-bytes", "1024", "--max-queued-items", "3",
        "--max-queued-bytes", "2048", "--request-timeout", "1s"};
  }

  @AfterEach
  void theNodeStillServes() {
    assertAnswered(client.signIn("still-serving"), 200);
  }

  @ParameterizedTest
  @ValueSource(strings = {"PUT", "HEAD", "DELETE", "PATCH", "CONNECT", "TRACE", "get", "Post"})
  void unsupportedMethodsGet405(String method) {
    WireResponse reply = assertAnswered(client.exchange(method + " /sign_in?x HTTP/1.1\r\nHost: x\r\n\r\n"), 405);
    assertThat(reply.header("Allow")).isEqualTo("GET, POST, OPTIONS");
  }

  @ParameterizedTest
  @ValueSource(strings = {"GET /sign_in\r\n\r\n", "GET\r\n\r\n", "GET  /sign_in HTTP/1.0\r\n\r\n",
      "GET sign_in HTTP/1.0\r\n\r\n", "GET /sign_in HTTP/1.0 extra\r\n\r\n", "\r\n\r\n",
      "GET /sign_in?a\u0001b HTTP/1.0\r\n\r\n", "GET / HTTP/1.0\r\nBroken header\r\n\r\n",
      "GET / HTTP/1.0\r\n\tfolded\r\n\r\n"})
  void malformedRequestsGet400(String request) {
    assertAnswered(client.exchange(request), 400);
  }

  @Test
  void otherHttpVersionsGet505() {
    assertAnswered(client.exchange("GET /sign_in?x HTTP/2.0\r\n\r\n"), 505);
  }

  @Test
  void aPostWithoutALengthGets411() {
    assertAnswered(client.exchange("POST /message?peer_id=1&to=2 HTTP/1.0\r\nContent-Type: text/plain\r\n\r\nhi"), 411);
    assertAnswered(client.exchange("POST /message?peer_id=1&to=2 HTTP/1.0\r\nContent-Length: 0\r\n\r\n"), 411);
    assertAnswered(client.exchange("POST /message?peer_id=1&to=2 HTTP/1.1\r\nHost: x\r\n"
        + "Transfer-Encoding: chunked\r\n\r\n2\r\nhi\r\n0\r\n\r\n"), 411);
  }

  @Test
  void aBodyOverTheLimitGets413WithoutBeingRead() {
    int id = client.signInId("big-sender");
    assertAnswered(client.exchange("POST /message?peer_id=" + id + "&to=" + id
        + " HTTP/1.0\r\nContent-Length: 1025\r\nContent-Type: text/plain\r\n\r\n"), 413);
    assertAnswered(client.exchange("POST /message?peer_id=" + id + "&to=" + id
        + " HTTP/1.0\r\nContent-Length: 1024\r\nContent-Type: text/plain\r\n\r\n" + "b".repeat(1024)), 200);
  }

  @Test
  void aNameTooLongForTheRequestLineGets414() {
    assertAnswered(client.signIn("n".repeat(2000)), 414);
  }

  @Test
  void headersOverTheLimitGet431() {
    assertAnswered(client.exchange("GET /sign_in?x HTTP/1.1\r\nHost: x\r\nCookie: " + "c".repeat(2000) + "\r\n\r\n"), 431);
  }

  @Test
  void aFloodWithoutLineEndsIsCutOffAtTheLimit() {
    byte[] flood = new byte[4 << 20];
    Arrays.fill(flood, (byte) 'A');
    try (PendingRequest request = client.open()) {
      try {
        request.send(flood);
      } catch (RuntimeException resetWhileSending) {
        // the server answers and closes after the first KiB; the rest may meet a reset
      }
      WireResponse reply = request.response();
      assertThat(reply.status()).isEqualTo(414);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"/wait?peer_id=abc", "/wait?peer_id=-1", "/wait?peer_id=99999999999",
      "/wait?peer_id=2147483648", "/sign_out?peer_id=1.5", "/message?peer_id=x&to=1", "/message?peer_id=1&to=y",
      "/message?peer_id=1&to=-7", "/wait?peer_id="})
  void idsThatAreNotPeerIdsGet400(String target) {
    WireResponse reply = assertAnswered(client.exchange("GET " + target + " HTTP/1.0\r\n\r\n"), 400);
    assertThat(reply.body()).contains("must be a peer id");
  }

  @Test
  void aFullMailboxRefusesMoreMessagesUntilItIsRead() {
    int sender = client.signInId("flooder");
    int receiver = client.signInId("slow-reader");
    for (int i = 0; i < 3; i++) {
      assertAnswered(client.message(sender, receiver, "m" + i), 200);
    }
    WireResponse refused = assertAnswered(client.message(sender, receiver, "one too many"), 503);
    assertThat(refused.body()).contains("mailbox is full");
    assertThat(assertAnswered(client.startWait(receiver).response(), 200).body()).isEqualTo("m0");
    assertAnswered(client.message(sender, receiver, "room again"), 200);
  }

  @Test
  void aMailboxIsBoundedInBytesToo() {
    int sender = client.signInId("heavy");
    int receiver = client.signInId("heavy-reader");
    String kilobyte = "k".repeat(1000);
    assertAnswered(client.message(sender, receiver, kilobyte), 200);
    assertAnswered(client.message(sender, receiver, kilobyte), 200);
    assertAnswered(client.message(sender, receiver, kilobyte), 503);
  }

  @Test
  void aRequestThatDoesNotArriveInTimeGets408() {
    try (PendingRequest slow = client.start("GET /sign_in?slow HTTP/1.0\r\n")) {
      assertAnswered(slow.response(), 408);
    }
  }

  @Test
  void aConnectionThatSendsNothingIsClosedWithoutAnAnswer() {
    try (PendingRequest idle = client.open()) {
      assertClosedSilently(idle.response());
    }
  }
}
