package io.signaling.http;

import static io.signaling.testing.WireAssertions.assertAnswered;
import static io.signaling.testing.WireAssertions.assertClosedSilently;
import static org.assertj.core.api.Assertions.assertThat;

import io.signaling.testing.WireClient.PendingRequest;
import io.signaling.testing.WireResponse;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * With --proxy-protocol the client's address is the one the balancer's PROXY header names (v1 text or v2
 * binary), so the per-address limits count clients behind one balancer separately; without the header the
 * connection is closed unanswered.
 */
class ProxyProtocolIT extends OneNodeIT {

  @Override
  String[] flags() {
    return new String[] {"--proxy-protocol", "true", "--sign-ins-per-address", "2/1m"};
  }

  @Test
  void theVersionOneHeaderNamesTheClient() {
    for (int i = 0; i < 2; i++) {
      assertAnswered(signInVia(v1("203.0.113.7"), "v1-" + i), 200);
    }
    assertAnswered(signInVia(v1("203.0.113.7"), "v1-over"), 429);
    assertAnswered(signInVia(v1("203.0.113.8"), "v1-other"), 200);
  }

  @Test
  void theVersionTwoHeaderNamesTheClient() {
    for (int i = 0; i < 2; i++) {
      assertAnswered(signInVia(v2(198, 51, 100, 9), "v2-" + i), 200);
    }
    assertAnswered(signInVia(v2(198, 51, 100, 9), "v2-over"), 429);
    assertAnswered(signInVia(v2(198, 51, 100, 10), "v2-other"), 200);
  }

  @Test
  void aConnectionWithoutTheHeaderIsClosedUnanswered() {
    assertClosedSilently(client.signIn("no-header"));
  }

  private WireResponse signInVia(byte[] proxyHeader, String name) {
    try (PendingRequest request = client.open()) {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      bytes.writeBytes(proxyHeader);
      bytes.writeBytes(("GET /sign_in?" + name + " HTTP/1.0\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      request.send(bytes.toByteArray());
      WireResponse reply = request.response();
      assertThat(reply.raw()).as("answered").isNotEmpty();
      return reply;
    }
  }

  private static byte[] v1(String client) {
    return ("PROXY TCP4 " + client + " 127.0.0.1 40000 8888\r\n").getBytes(StandardCharsets.US_ASCII);
  }

  /** A PROXY v2 header for TCP over IPv4, as HAProxy's send-proxy-v2 writes it. */
  private static byte[] v2(int a, int b, int c, int d) {
    ByteBuffer header = ByteBuffer.allocate(16 + 12);
    header.put(new byte[] {0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D, 0x0A, 0x51, 0x55, 0x49, 0x54, 0x0A});
    header.put((byte) 0x21).put((byte) 0x11).putShort((short) 12);
    header.put(new byte[] {(byte) a, (byte) b, (byte) c, (byte) d}).put(new byte[] {127, 0, 0, 1});
    header.putShort((short) 40000).putShort((short) 8888);
    return header.array();
  }
}
