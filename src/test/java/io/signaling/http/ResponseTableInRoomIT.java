package io.signaling.http;

/** The whole of {@link ResponseTableIT}, every request under a room's prefix: the same bytes in a room. */
class ResponseTableInRoomIT extends ResponseTableIT {

  @Override
  String room() {
    return "Team_7.b-2";
  }
}
