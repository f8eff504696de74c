package io.signaling.http;

import static io.signaling.testing.WireAssertions.assertAnswered;
import static org.assertj.core.api.Assertions.assertThat;

import io.signaling.testing.WireClient;
import io.signaling.testing.WireClient.PendingRequest;
import io.signaling.testing.WireResponse;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Rooms as an attacker and as a careless client see them: peers of other rooms, and of the default room, never
 * appear in a list, never hear a join or leave, never get a message, and cannot be waited for or signed out under
 * another room's prefix. Every request goes to node {@code i} of {@link #node}, so on three nodes each check
 * crosses nodes. Each test uses rooms of its own.
 */
public abstract class RoomIsolationSuite {

  private static final AtomicInteger ROOMS = new AtomicInteger();

  /** A client of one node of the cluster under test (any index; the suite spreads its requests). */
  protected abstract WireClient node(int index);

  private static String freshRoom() {
    return "room-" + ROOMS.incrementAndGet();
  }

  private WireResponse next(WireClient client, int peer) {
    return assertAnswered(client.startWait(peer).response(), 200);
  }

  @Test
  void aSignInListsOnlyThePeersOfItsRoom() {
    String red = freshRoom();
    String blue = freshRoom();
    int lobby = node(0).signInId("lobby-peer");
    int red1 = node(1).inRoom(red).signInId("red-1");
    int blue1 = node(2).inRoom(blue).signInId("blue-1");

    WireResponse red2 = assertAnswered(node(0).inRoom(red).signIn("red-2"), 200);
    assertThat(red2.body()).isEqualTo("red-2," + red2.pragma() + ",1\nred-1," + red1 + ",1\n");
    WireResponse blue2 = assertAnswered(node(1).inRoom(blue).signIn("blue-2"), 200);
    assertThat(blue2.body()).isEqualTo("blue-2," + blue2.pragma() + ",1\nblue-1," + blue1 + ",1\n");
    WireResponse lobby2 = assertAnswered(node(2).signIn("lobby-2"), 200);
    assertThat(lobby2.body()).contains("lobby-peer," + lobby + ",1\n").doesNotContain("red-").doesNotContain("blue-");

    assertAnswered(node(0).inRoom(red).signOut(red1), 200);
    assertAnswered(node(1).inRoom(red).signOut(red2.pragma()), 200);
    assertAnswered(node(2).inRoom(blue).signOut(blue1), 200);
    assertAnswered(node(0).inRoom(blue).signOut(blue2.pragma()), 200);
    assertAnswered(node(1).signOut(lobby), 200);
    assertAnswered(node(2).signOut(lobby2.pragma()), 200);
  }

  @Test
  void joinsAndLeavesReachOnlyTheirRoom() {
    String red = freshRoom();
    String blue = freshRoom();
    int watcher = node(0).inRoom(red).signInId("red-watcher");
    try (PendingRequest wait = node(1).inRoom(red).startWait(watcher)) {
      // Peers that stay in other rooms: had their joins leaked, they would be the watcher's first items.
      int blueStayer = node(2).inRoom(blue).signInId("blue-stayer");
      int lobbyStayer = node(0).signInId("lobby-stayer");
      int redJoiner = node(2).inRoom(red).signInId("red-joiner");
      WireResponse join = assertAnswered(wait.response(), 200);
      assertThat(join.pragma()).isEqualTo(watcher);
      assertThat(join.body()).isEqualTo("red-joiner," + redJoiner + ",1\n");

      assertAnswered(node(1).inRoom(blue).signOut(blueStayer), 200);
      assertAnswered(node(2).signOut(lobbyStayer), 200);
      assertAnswered(node(0).inRoom(red).signOut(redJoiner), 200);
      assertThat(next(node(1).inRoom(red), watcher).body()).isEqualTo("red-joiner," + redJoiner + ",0\n");
      int marker = node(2).inRoom(red).signInId("red-marker");
      assertThat(next(node(0).inRoom(red), watcher).body()).as("no leave from another room came before")
          .isEqualTo("red-marker," + marker + ",1\n");
      node(0).inRoom(red).signOut(marker);
    }
    node(0).inRoom(red).signOut(watcher);
  }

  @Test
  void aMessageNeverCrossesRooms() {
    String red = freshRoom();
    String blue = freshRoom();
    int redSender = node(0).inRoom(red).signInId("red-sender");
    int redReceiver = node(1).inRoom(red).signInId("red-receiver");
    int blueReceiver = node(2).inRoom(blue).signInId("blue-receiver");
    int lobbyPeer = node(0).signInId("lobby-peer");
    next(node(0).inRoom(red), redSender); // the receiver's join

    // To a peer of another room, from each side of each prefix: answered as for an unknown peer.
    assertThat(node(1).inRoom(red).message(redSender, blueReceiver, "leak-1").status()).isEqualTo(500);
    assertThat(node(2).inRoom(blue).message(redSender, blueReceiver, "leak-2").status()).isEqualTo(500);
    assertThat(node(0).message(redSender, lobbyPeer, "leak-3").status()).isEqualTo(500);
    assertThat(node(1).message(lobbyPeer, redReceiver, "leak-4").status()).isEqualTo(500);
    assertThat(node(2).inRoom(red).message(lobbyPeer, redReceiver, "leak-5").status()).isEqualTo(500);
    WireResponse gone = node(0).inRoom(blue).message(blueReceiver, redReceiver, "leak-6");
    assertThat(gone.text()).startsWith("HTTP/1.1 500 Error\r\n");
    assertThat(gone.body()).isEqualTo("Peer most likely gone.");
    // Within the room, the same sender reaches its peer.
    assertAnswered(node(2).inRoom(red).message(redSender, redReceiver, "in-room"), 200);

    int blueMarker = node(1).inRoom(blue).signInId("blue-marker");
    assertThat(next(node(0).inRoom(blue), blueReceiver).body()).as("nothing from another room came before")
        .isEqualTo("blue-marker," + blueMarker + ",1\n");
    WireResponse inRoom = next(node(1).inRoom(red), redReceiver);
    assertThat(inRoom.pragma()).isEqualTo(redSender);
    assertThat(inRoom.body()).isEqualTo("in-room");
    int lobbyMarker = node(2).signInId("lobby-marker");
    // The lobby peer has heard of other lobby peers, maybe: its items hold no red or blue peer and no leak.
    for (WireResponse item = next(node(2), lobbyPeer); !item.body().equals("lobby-marker," + lobbyMarker + ",1\n");
         item = next(node(2), lobbyPeer)) {
      assertThat(item.body()).doesNotContain("leak").doesNotContain("red-").doesNotContain("blue-");
    }
    for (int peer : new int[] {redSender, redReceiver}) {
      node(0).inRoom(red).signOut(peer);
    }
    node(0).inRoom(blue).signOut(blueReceiver);
    node(0).inRoom(blue).signOut(blueMarker);
    node(0).signOut(lobbyPeer);
    node(0).signOut(lobbyMarker);
  }

  @Test
  void aWaitOrSignOutUnderAnotherRoomIsForAnUnknownPeer() {
    String red = freshRoom();
    String blue = freshRoom();
    int owner = node(0).inRoom(red).signInId("red-owner");
    int sender = node(1).inRoom(red).signInId("red-sender");
    next(node(0).inRoom(red), owner); // the sender's join
    int lobbyPeer = node(2).signInId("lobby-peer");
    try (PendingRequest parked = node(0).inRoom(red).startWait(owner)) {
      WireResponse otherRoom = node(1).inRoom(blue).startWait(owner).response();
      assertThat(otherRoom.text()).startsWith("HTTP/1.1 500 Sorry\r\n");
      assertThat(node(2).startWait(owner).response().status()).isEqualTo(500);
      assertThat(node(1).signOut(owner).text()).startsWith("HTTP/1.1 500 Sorry\r\n");
      assertThat(node(2).inRoom(blue).signOut(owner).status()).isEqualTo(500);
      assertThat(node(0).inRoom(red).startWait(lobbyPeer).response().status()).isEqualTo(500);
      assertThat(node(1).inRoom(red).signOut(lobbyPeer).status()).isEqualTo(500);

      // The owner's parked /wait was neither taken over nor closed, and the owner is still signed in.
      assertAnswered(node(2).inRoom(red).message(sender, owner, "still yours"), 200);
      WireResponse delivered = assertAnswered(parked.response(), 200);
      assertThat(delivered.pragma()).isEqualTo(sender);
      assertThat(delivered.body()).isEqualTo("still yours");
    }
    assertAnswered(node(1).inRoom(red).signOut(owner), 200);
    assertAnswered(node(2).inRoom(red).signOut(sender), 200);
    assertAnswered(node(0).signOut(lobbyPeer), 200);
  }
}
