package io.signaling.protocol;

/**
 * A complete request as read off the wire.
 *
 * <p>{@code path} and {@code query} are the request target decoded as ISO-8859-1, one char per byte, so a
 * peer name keeps its exact bytes (the reference never percent-decodes). {@code query} is null when the target
 * has no '?'. {@code contentType} is the header's value verbatim, or null. {@code body} is cut at Content-Length.
 * {@code forwardedFor} is every {@code X-Forwarded-For} value joined by commas, or null: only a trusted proxy's
 * is believed. {@code origin}, {@code host} and {@code authorization} are those headers' values, or null.
 */
public record HttpRequest(String method, String path, String query, int minorVersion, String contentType,
                          byte[] body, String forwardedFor, String origin, String host, String authorization) {

  public boolean isGet() {
    return method.equals("GET");
  }

  public boolean isPost() {
    return method.equals("POST");
  }

  public boolean isOptions() {
    return method.equals("OPTIONS");
  }
}
