package io.signaling.http;

/** The whole of {@link PeerLifecycleIT}, every request under a room's prefix. */
class PeerLifecycleInRoomIT extends PeerLifecycleIT {

  @Override
  String room() {
    return "team-7";
  }
}
