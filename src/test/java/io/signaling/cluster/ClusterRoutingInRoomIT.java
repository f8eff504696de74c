package io.signaling.cluster;

/** The whole of {@link ClusterRoutingIT} on three nodes, every request under a room's prefix. */
class ClusterRoutingInRoomIT extends ClusterRoutingIT {

  @Override
  String room() {
    return "team-7";
  }
}
