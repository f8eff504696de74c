package io.signaling.protocol;

import java.nio.charset.StandardCharsets;

/**
 * The sign-in token a request carries: {@code Authorization: Bearer <token>}, or else a {@code token=} query
 * parameter (what a page can add to the URLs of {@code /wait} and the others without a header, and a
 * {@code peer_name=} sign-in beside it).
 */
public final class BearerToken {

  private static final String SCHEME = "bearer ";
  private static final String PARAMETER = "token";

  private BearerToken() {
  }

  /** The token, or null when the request carries none. */
  public static String of(HttpRequest request) {
    String header = request.authorization();
    if (header != null && header.length() > SCHEME.length()
        && header.regionMatches(true, 0, SCHEME, 0, SCHEME.length())) {
      return header.substring(SCHEME.length()).strip();
    }
    return parameter(request.query());
  }

  /** The first {@code token=} parameter, percent-decoded; none when it is empty. */
  private static String parameter(String query) {
    String value = QueryParameter.first(query, PARAMETER);
    return value == null || value.isEmpty() ? null
        : new String(PeerName.percentDecode(value), StandardCharsets.ISO_8859_1);
  }
}
