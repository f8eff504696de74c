package io.signaling.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RoomPathTest {

  @Test
  void aBarePathIsItselfInTheDefaultRoom() {
    assertThat(RoomPath.of("/sign_in")).isEqualTo(new RoomPath("", "/sign_in"));
    assertThat(RoomPath.of("/")).isEqualTo(new RoomPath("", "/"));
    assertThat(RoomPath.of("/roomsX/sign_in")).isEqualTo(new RoomPath("", "/roomsX/sign_in"));
    assertThat(RoomPath.of("/rooms")).isEqualTo(new RoomPath("", "/rooms"));
  }

  @Test
  void aPathUnderRoomsNamesItsRoomAndKeepsTheRest() {
    assertThat(RoomPath.of("/rooms/team-7/wait")).isEqualTo(new RoomPath("team-7", "/wait"));
    assertThat(RoomPath.of("/rooms/A.b_c-9/sign_out")).isEqualTo(new RoomPath("A.b_c-9", "/sign_out"));
    assertThat(RoomPath.of("/rooms/team-7")).isEqualTo(new RoomPath("team-7", ""));
    assertThat(RoomPath.of("/rooms/team-7/rooms/x/wait")).isEqualTo(new RoomPath("team-7", "/rooms/x/wait"));
    assertThat(RoomPath.of("/rooms/" + "r".repeat(64) + "/wait").room()).hasSize(64);
  }

  @Test
  void aRoomPartThatIsNoRoomNameIsBad() {
    for (String path : new String[] {"/rooms/", "/rooms//wait", "/rooms/" + "r".repeat(65) + "/wait", "/rooms/./wait",
        "/rooms/../wait", "/rooms/a%2Fb/wait", "/rooms/a b/wait", "/rooms/a+b/wait", "/rooms/\u00e9/wait",
        "/rooms/a:b/wait", "/rooms/a\u0000/wait"}) {
      assertThat(RoomPath.of(path).isBadRoom()).as(path).isTrue();
    }
    assertThat(RoomName.isValid("...")).isTrue();
    assertThat(RoomName.isValid("")).isFalse();
  }
}
