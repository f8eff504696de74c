package io.signaling.protocol;

/**
 * A parameter of a request's query, found as a parameter of its own ({@code name=value} between {@code &}s), never
 * by a substring search: {@code xpeer_id=5} is not {@code peer_id=5}.
 */
final class QueryParameter {

  private QueryParameter() {
  }

  /** The raw value of the first parameter with exactly that name (empty if it has none), or null. */
  static String first(String query, String name) {
    if (query == null) {
      return null;
    }
    for (String pair : query.split("&", -1)) {
      int equals = pair.indexOf('=');
      if (equals == name.length() && pair.startsWith(name)) {
        return pair.substring(equals + 1);
      }
    }
    return null;
  }
}
