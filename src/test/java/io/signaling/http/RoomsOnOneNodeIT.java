package io.signaling.http;

import static io.signaling.testing.WireAssertions.assertAnswered;
import static org.assertj.core.api.Assertions.assertThat;

import io.signaling.main.SignalingNode;
import io.signaling.testing.TestNodes;
import io.signaling.testing.WireClient;
import io.signaling.testing.WireResponse;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** Rooms on one node: {@link RoomIsolationSuite}, and what a room path may be. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RoomsOnOneNodeIT extends RoomIsolationSuite {

  private SignalingNode node;
  private WireClient client;

  @BeforeAll
  void startNode() {
    node = TestNodes.start();
    client = new WireClient(node.port());
  }

  @AfterAll
  void stopNode() {
    TestNodes.stop(node);
  }

  @Override
  protected WireClient node(int index) {
    return client;
  }

  @Test
  void aPathUnderRoomsThatNamesNoRoomIs400() {
    String tooLong = "r".repeat(65);
    for (String target : new String[] {"/rooms//sign_in?x", "/rooms/" + tooLong + "/sign_in?x", "/rooms/../sign_in?x",
        "/rooms/./wait?peer_id=1", "/rooms/a%20b/sign_in", "/rooms/a:b/message?peer_id=1&to=2", "/rooms/a+b/sign_out",
        "/rooms/team%2F7/sign_in", "/rooms/<script>/sign_in", "/rooms/x\u00e9/sign_in", "/rooms/", "/rooms/\u0000a/wait"}) {
      WireResponse reply = client.exchange(("GET " + target + " HTTP/1.0\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
      assertThat(reply.status()).as(target).isEqualTo(400);
      if (!target.contains("\u0000")) { // a NUL is refused before routing, with the same header block
        assertAnswered(reply, 400);
        assertThat(reply.body()).as(target).startsWith("A room name is 1 to 64 of");
      }
    }
    assertAnswered(client.inRoom("r".repeat(64)).signIn("longest-name"), 200);
    assertAnswered(client.inRoom("A.b_c-9").signIn("all-kinds"), 200);
  }

  @Test
  void aRoomPathBeyondTheFourEndpointsIsAnUnknownPath() {
    for (String target : new String[] {"/rooms/team-7", "/rooms/team-7/", "/rooms/team-7/favicon.ico",
        "/rooms/team-7/rooms/team-8/sign_in?x", "/rooms/team-7/sign_in/x"}) {
      WireResponse reply = client.exchange("GET " + target + " HTTP/1.0\r\n\r\n");
      assertThat(reply.text()).as(target).startsWith("HTTP/1.1 500 Sorry\r\n");
      assertAnswered(reply, 500);
    }
  }
}
