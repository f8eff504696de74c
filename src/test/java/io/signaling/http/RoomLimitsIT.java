package io.signaling.http;

import static io.signaling.testing.WireAssertions.assertAnswered;
import static org.assertj.core.api.Assertions.assertThat;

import io.signaling.testing.Conditions;
import io.signaling.testing.PrometheusText;
import io.signaling.testing.WireResponse;
import org.junit.jupiter.api.Test;

/** The bounds on rooms: peers in one named room, rooms open in the cluster, peers in all; each past it gets 503. */
class RoomLimitsIT extends OneNodeIT {

  @Override
  String[] flags() {
    return new String[] {"--max-room-peers", "2", "--max-rooms", "2", "--max-peers", "9"};
  }

  private static void assertRefused(WireResponse reply, String explanation) {
    assertAnswered(reply, 503);
    assertThat(reply.text()).startsWith("HTTP/1.1 503 Service Unavailable\r\n");
    assertThat(reply.body()).isEqualTo(explanation + "\n");
  }

  @Test
  void roomsAndTheirPeersAreBoundedAndTheDefaultRoomOnlyByAllPeers() {
    int red1 = client.inRoom("red").signInId("red-1");
    int red2 = client.inRoom("red").signInId("red-2");
    assertRefused(client.inRoom("red").signIn("red-3"), "This room is full; try later.");

    int blue1 = client.inRoom("blue").signInId("blue-1");
    assertRefused(client.inRoom("green").signIn("green-1"), "Too many rooms are open; try later, or join a room that is.");
    int blue2 = client.inRoom("blue").signInId("blue-2"); // a room that is open takes its second peer

    // The default room is not a named room: more than --max-room-peers there, up to --max-peers in all.
    for (int i = 0; i < 5; i++) {
      assertAnswered(client.signIn("lobby-" + i), 200);
    }
    assertRefused(client.signIn("one-too-many"), "Too many peers are signed in; try later.");
    assertRefused(client.inRoom("blue").signIn("one-too-many"), "This room is full; try later.");
    // One sample per sign-in to a named room, of the room's size with the newcomer: red 1, 2; blue 1, 2.
    PrometheusText metrics = new PrometheusText(node.scrapeMetrics());
    assertThat(metrics.value("signaling_room_peers_count")).isEqualTo(4);
    assertThat(metrics.value("signaling_room_peers_sum")).isEqualTo(6);
    assertThat(metrics.value("signaling_room_peers_bucket{le=\"1.0\"}")).isEqualTo(2);

    // A removal makes room at once, or (if a census had already counted the peer) at the next census. The refused
    // peers were never there: the next one in red hears of red-2 only.
    assertAnswered(client.inRoom("red").signOut(red1), 200);
    WireResponse[] red4 = new WireResponse[1];
    Conditions.await("a sign-in fits once red-1's removal counts",
        () -> (red4[0] = client.inRoom("red").signIn("red-4")).status() == 200);
    assertThat(red4[0].body()).isEqualTo("red-4," + red4[0].pragma() + ",1\nred-2," + red2 + ",1\n");
    assertRefused(client.inRoom("red").signIn("red-5"), "This room is full; try later.");

    // Once blue and red are empty and counted, a new room may open.
    for (int peer : new int[] {blue1, blue2}) {
      assertAnswered(client.inRoom("blue").signOut(peer), 200);
    }
    for (int peer : new int[] {red2, red4[0].pragma()}) {
      assertAnswered(client.inRoom("red").signOut(peer), 200);
    }
    Conditions.await("the census counts no room open", () -> roomsOpen() == 0);
    Conditions.await("a room opens once the count has room for it",
        () -> client.inRoom("green").signIn("green-1").status() == 200);
  }

  private double roomsOpen() {
    return new PrometheusText(node.scrapeMetrics()).value("signaling_rooms_open");
  }
}
