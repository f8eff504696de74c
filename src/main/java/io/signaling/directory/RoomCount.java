package io.signaling.directory;

/**
 * The peers of the whole cluster when they were counted: the named rooms with at least one peer, and the peers of
 * the default room; and the two bounds' figures (peers in all, rooms) over only the peers that joined before
 * {@code cutoff} (the node's clock when the count began), which is what each node adds its own later sign-ins to.
 */
public record RoomCount(int rooms, long inDefaultRoom, long cutoff, long peersBefore, int roomsBefore) {

  /** Nothing counted yet. */
  public static final RoomCount NONE = new RoomCount(0, 0, Long.MIN_VALUE, 0, 0);
}
