package io.signaling.guard;

import io.signaling.directory.PeerOwner;
import java.util.Locale;

/**
 * What ties a peer id to the client that signed it in ({@code --peer-binding}). The protocol has no credentials:
 * whoever knows an id could read that peer's messages, send as it, or sign it out. Bound to its client address, a
 * peer is served only to requests from that address (an IPv6 client's /64; the PROXY-protocol or trusted proxy's
 * address where one is configured); a request from anywhere else is answered as for an unknown id.
 */
public enum PeerBinding {
  /** Bound to the client address it signed in from: the default. */
  ADDRESS,
  /** Bound to nothing; for nodes that cannot see their clients' own addresses. */
  NONE;

  /** Reads {@code address} or {@code none}. */
  public static PeerBinding parse(String text) {
    return switch (text.strip().toLowerCase(Locale.ROOT)) {
      case "address" -> ADDRESS;
      case "none" -> NONE;
      default -> throw new IllegalArgumentException("'" + text + "' is neither address nor none");
    };
  }

  /**
   * The owner a sign-in from this client makes, and what a later request from it presents.
   *
   * @param clientAddress the client's key ({@link ClientAddress})
   * @param subject       the subject of the request's sign-in token, or null without tokens
   * @param room          the room the request's path addresses ({@code ""}: the default room)
   */
  public PeerOwner ownerOf(String clientAddress, String subject, String room) {
    return new PeerOwner(this == ADDRESS ? clientAddress : "", subject, room);
  }
}
