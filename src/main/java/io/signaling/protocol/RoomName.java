package io.signaling.protocol;

/**
 * The rooms a peer can sign in to. A room is named in the path ({@code /rooms/<room>/sign_in}) by 1 to 64 bytes of
 * {@code A-Z a-z 0-9 . _ -}, except {@code .} and {@code ..}, which proxies and browsers rewrite as path steps, so
 * such a room could not be reached reliably. The bare paths are the default room, named by the empty string: it is
 * where the stock clients, which know nothing of rooms, all meet.
 */
public final class RoomName {

  /** The room of the bare paths. */
  public static final String DEFAULT = "";
  public static final int MAX_BYTES = 64;

  private RoomName() {
  }

  /** Whether {@code name} names a room other than the default one. */
  public static boolean isValid(String name) {
    if (name == null || name.isEmpty() || name.length() > MAX_BYTES || name.equals(".") || name.equals("..")) {
      return false;
    }
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      boolean allowed = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
          || c == '.' || c == '_' || c == '-';
      if (!allowed) {
        return false;
      }
    }
    return true;
  }

  /** How a room is named to people (logs, refusals): the default room has no name of its own. */
  public static String shown(String room) {
    return room.isEmpty() ? "the default room" : "room " + room;
  }
}
