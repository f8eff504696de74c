package io.signaling.protocol;

import java.nio.charset.StandardCharsets;

/**
 * One reply on the wire: a status, an optional Content-Type, an optional Pragma (a peer id), a body, and for a
 * 429 the seconds after which to try again. {@link ResponseEncoder} turns it into bytes; the factory methods are
 * the replies of the reference server, plus the refusals of this one.
 */
public record Response(Status status, String contentType, Integer pragma, byte[] body, long retryAfterSeconds) {

  public Response(Status status, String contentType, Integer pragma, byte[] body) {
    this(status, contentType, pragma, body, 0);
  }

  private static final String TEXT = "text/plain";
  private static final String HTML = "text/html";
  private static final byte[] EMPTY = new byte[0];
  private static final byte[] PEER_GONE = ascii("Peer most likely gone.");
  private static final byte[] SORRY = ascii("<html><body>Sorry, not yet implemented</body></html>");

  /** The sign-in reply: Pragma is the new peer's id, the body its peer list (self first). */
  public static Response added(int peerId, byte[] peerList) {
    return new Response(Status.ADDED, TEXT, peerId, peerList);
  }

  /** A join or leave notification: Pragma is the receiver's own id. */
  public static Response notification(int receiverId, byte[] line) {
    return new Response(Status.OK, TEXT, receiverId, line);
  }

  /** A relayed message (or the echo of a message to self): Pragma is the sender's id, type and body are verbatim. */
  public static Response message(int senderId, String contentType, byte[] body) {
    return new Response(Status.OK, contentType, senderId, body);
  }

  /** A page of the node's own (the demo page): not part of the protocol, but with the same header block. */
  public static Response page(byte[] html) {
    return new Response(Status.OK, "text/html; charset=utf-8", null, html);
  }

  /** An accepted /message or /sign_out. */
  public static Response ok() {
    return new Response(Status.OK, TEXT, null, EMPTY);
  }

  /** The CORS preflight answer: no Content-Type at all. */
  public static Response preflight() {
    return new Response(Status.OK, null, null, EMPTY);
  }

  /** Unknown sender or target of a message, or a peer request that makes no sense. */
  public static Response peerGone() {
    return new Response(Status.ERROR, TEXT, null, PEER_GONE);
  }

  /** Unknown path, or /wait and /sign_out of an unknown peer. */
  public static Response sorry() {
    return new Response(Status.SORRY, HTML, null, SORRY);
  }

  /** A request this server refuses, with a one-line explanation a person can read. */
  public static Response refusal(Status status, String explanation) {
    return new Response(status, TEXT, null, ascii(explanation + "\n"));
  }

  /** A client over one of its limits: 429, and when it may try again. */
  public static Response tooManyRequests(String explanation, long retryAfterSeconds) {
    return new Response(Status.TOO_MANY_REQUESTS, TEXT, null, ascii(explanation + "\n"), Math.max(1, retryAfterSeconds));
  }

  private static byte[] ascii(String text) {
    return text.getBytes(StandardCharsets.US_ASCII);
  }
}
