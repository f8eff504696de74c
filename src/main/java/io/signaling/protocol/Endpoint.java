package io.signaling.protocol;

/**
 * What a request asked for, as far as it was read: the label of the per-endpoint metrics. Which path is which
 * endpoint is the router's business ({@code http.RequestRouter}, the one route table).
 */
public enum Endpoint {
  SIGN_IN("sign_in"),
  SIGN_OUT("sign_out"),
  WAIT("wait"),
  MESSAGE("message"),
  /** A CORS preflight (OPTIONS), answered the same whatever its path. */
  PREFLIGHT("preflight"),
  /** The demo page at {@code /}, when the node serves it. */
  DEMO("demo"),
  /** Any other path. */
  OTHER("other"),
  /** Refused before a whole request was read: malformed, too large, too slow, over the connection limit. */
  UNREAD("unread");

  private final String label;

  Endpoint(String label) {
    this.label = label;
  }

  public String label() {
    return label;
  }

  /** The four endpoints of the protocol, which read or change the peers the cluster holds. */
  public boolean isPeerRequest() {
    return this == SIGN_IN || namesPeers();
  }

  /** The endpoints whose requests name a peer by id: an unknown id gets 500 there. */
  public boolean namesPeers() {
    return this == WAIT || this == MESSAGE || this == SIGN_OUT;
  }
}
