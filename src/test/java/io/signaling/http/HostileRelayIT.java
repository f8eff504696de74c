package io.signaling.http;

import static io.signaling.testing.WireAssertions.assertAnswered;
import static org.assertj.core.api.Assertions.assertThat;

import io.signaling.testing.WireClient.PendingRequest;
import io.signaling.testing.WireResponse;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What a sender writes never reaches another client's header block, and no name reaches another peer's list with
 * a control byte in it: the attacks of issue 11, written as an attacker would send them.
 */
class HostileRelayIT extends OneNodeIT {

  /** Each Content-Type an attacker tried: a bare CR before a header of its own, NUL, VT, a byte over 0x7F. */
  @ParameterizedTest
  @ValueSource(strings = {"text/plain\rSet-Cookie: injected=1", "text/plain\rPragma: 4242", "text/plain\u0000",
      "text/plain\u000bx", "text/plain\u00ff", "text/plain; a=b\rX: y", "x"})
  void aContentTypeThatIsNoMediaTypeIsRefusedAndNeverRelayed(String contentType) {
    int victim = client.signInId("victim");
    int attacker = client.signInId("attacker");
    assertThat(assertAnswered(client.startWait(victim).response(), 200).body()).isEqualTo("attacker," + attacker + ",1\n");
    try (PendingRequest parked = client.startWait(victim)) {
      byte[] head = ("POST /message?peer_id=" + attacker + "&to=" + victim + " HTTP/1.0\r\nContent-Length: 5\r\n"
          + "Content-Type: " + contentType + "\r\n\r\nhello").getBytes(StandardCharsets.ISO_8859_1);
      WireResponse refused = assertAnswered(client.exchange(head), 400);
      assertThat(refused.body()).containsAnyOf("Content-Type must be a media type", "Malformed header line");
      assertAnswered(client.message(attacker, victim, "after"), 200);
      WireResponse delivered = assertAnswered(parked.response(), 200);
      assertThat(delivered.body()).isEqualTo("after");
      assertThat(delivered.pragma()).isEqualTo(attacker);
      // (not just "4242": a random peer id may hold those digits, as 1521642420 did once)
      assertThat(delivered.head()).doesNotContain("Set-Cookie").doesNotContain("\r\nPragma: 4242")
          .contains("\r\nContent-Type: text/plain\r\n");
    }
    client.signOut(victim);
    client.signOut(attacker);
  }

  @ParameterizedTest
  @ValueSource(strings = {"%0A", "%0D", "%00", "%7F", "evil%0Aforged,999,1", "a%09b"})
  void aDecodedNameWithAControlByteIsRefused(String encoded) {
    int watcher = client.signInId("watcher");
    WireResponse refused = assertAnswered(client.signIn("peer_name=" + encoded), 400);
    assertThat(refused.body()).contains("control characters");
    int honest = client.signInId("peer_name=honest%20name");
    WireResponse list = assertAnswered(client.signIn("lister"), 200);
    assertThat(list.body().split("\n", -1)).as(list.body())
        .allMatch(line -> line.isEmpty() || line.matches("[^,\\p{Cntrl}]*,\\d+,1"));
    assertThat(list.body()).contains("honest name," + honest + ",1\n");
    for (String line : list.body().split("\n")) {
      client.signOut(Integer.parseInt(line.split(",")[1]));
    }
    assertThat(watcher).isPositive();
  }
}
