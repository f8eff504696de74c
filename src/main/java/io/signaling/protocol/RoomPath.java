package io.signaling.protocol;

/**
 * A request path split into the room it addresses and the path within that room: {@code /rooms/team-7/wait} is
 * {@code /wait} in room {@code team-7}, and any path not under {@code /rooms/} is itself, in the default room.
 * A path under {@code /rooms/} whose room part is not a room name ({@link RoomName}) is {@link #isBadRoom bad}:
 * it gets 400, whatever follows.
 */
public record RoomPath(String room, String rest) {

  static final String PREFIX = "/rooms/";

  /** A path that names no valid room. */
  private static final RoomPath BAD = new RoomPath(null, null);

  public static RoomPath of(String path) {
    if (!path.startsWith(PREFIX)) {
      return new RoomPath(RoomName.DEFAULT, path);
    }
    int end = path.indexOf('/', PREFIX.length());
    String room = path.substring(PREFIX.length(), end < 0 ? path.length() : end);
    if (!RoomName.isValid(room)) {
      return BAD;
    }
    return new RoomPath(room, end < 0 ? "" : path.substring(end));
  }

  public boolean isBadRoom() {
    return room == null;
  }
}
