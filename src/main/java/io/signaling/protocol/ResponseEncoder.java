package io.signaling.protocol;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The one place the header block is written. Names, capitalisation, order and the single space after each
 * colon are those of the reference server (docs/protocol.md, section 3): the C++ client finds
 * {@code "\r\nContent-Length: "}, {@code "\r\nPragma: "} and {@code "\r\nConnection: "} byte for byte.
 */
public final class ResponseEncoder {

  /** The reference's value, and the default: any page may read the answers. */
  public static final String ANY_ORIGIN = "*";

  private static final String ALLOWED_HEADERS = "Content-Type, Content-Length, Connection, Cache-Control";

  private final String serverLine;
  private final String corsBlock;

  /** @param serverName the value of the Server header, e.g. {@code signaling-server/0.1.0} */
  public ResponseEncoder(String serverName) {
    this(serverName, false);
  }

  /**
   * @param serverName the value of the Server header, e.g. {@code signaling-server/0.1.0}
   * @param tokens     whether requests carry sign-in tokens: then pages may send {@code Authorization}
   */
  public ResponseEncoder(String serverName, boolean tokens) {
    this.serverLine = "Server: " + serverName + "\r\n";
    this.corsBlock = "Access-Control-Allow-Credentials: true\r\n"
        + "Access-Control-Allow-Methods: POST, GET, OPTIONS\r\n"
        + "Access-Control-Allow-Headers: " + ALLOWED_HEADERS + (tokens ? ", Authorization" : "") + "\r\n"
        + "Access-Control-Expose-Headers: Content-Length\r\n";
  }

  public byte[] encode(Response response) {
    return encode(response, ANY_ORIGIN);
  }

  /**
   * @param allowOrigin the value of {@code Access-Control-Allow-Origin}: {@link #ANY_ORIGIN}, the one page that
   *                    may read this answer (then {@code Vary: Origin} follows, for caches), or null for none
   */
  public byte[] encode(Response response, String allowOrigin) {
    StringBuilder head = new StringBuilder(512)
        .append("HTTP/1.1 ").append(response.status().code()).append(' ').append(response.status().reason())
        .append("\r\n")
        .append(serverLine)
        .append("Cache-Control: no-cache\r\n")
        .append("Connection: close\r\n");
    // Checked here too, the last door before the wire: an item stored by a node that did not check (an older
    // release during a rolling upgrade) must not put a sender's bytes into this header block either.
    if (MediaType.isValid(response.contentType())) {
      head.append("Content-Type: ").append(response.contentType()).append("\r\n");
    }
    head.append("Content-Length: ").append(response.body().length).append("\r\n");
    if (response.pragma() != null) {
      head.append("Pragma: ").append(response.pragma().intValue()).append("\r\n");
    }
    if (response.retryAfterSeconds() > 0) {
      head.append("Retry-After: ").append(response.retryAfterSeconds()).append("\r\n");
    }
    if (response.status() == Status.METHOD_NOT_ALLOWED) {
      head.append("Allow: GET, POST, OPTIONS\r\n"); // RFC 9110 requires Allow on every 405
    }
    if (response.status() == Status.UNAUTHORIZED) {
      head.append("WWW-Authenticate: Bearer\r\n"); // RFC 9110 requires a challenge on every 401
    }
    if (allowOrigin != null) {
      head.append("Access-Control-Allow-Origin: ").append(allowOrigin).append("\r\n");
      if (!allowOrigin.equals(ANY_ORIGIN)) {
        head.append("Vary: Origin\r\n");
      }
    }
    head.append(corsBlock).append("\r\n");
    // ISO-8859-1 keeps a relayed Content-Type's bytes as they came (the request was read the same way).
    byte[] headBytes = head.toString().getBytes(StandardCharsets.ISO_8859_1);
    ByteArrayOutputStream out = new ByteArrayOutputStream(headBytes.length + response.body().length);
    out.writeBytes(headBytes);
    out.writeBytes(response.body());
    return out.toByteArray();
  }

  /** The interim answer to {@code Expect: 100-continue}, so curl and friends send a large body at once. */
  public static byte[] continueLine() {
    return "HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
  }
}
