package io.signaling.guard;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Which web pages may drive a browser as a client ({@code --allowed-origins}). A browser names the page that
 * makes a cross-origin request in its {@code Origin} header and reads the answer only if the server allows that
 * origin. With {@code *} (the default, which {@code server_test.html} opened from a file needs: its origin is
 * {@code null}) every page may; with a list, a request from any other page is refused with 403. A request
 * without {@code Origin} is not a browser's cross-origin request (the native client, curl) and is not judged;
 * nor is one from the server's own origin, such as its demo page (the {@code Origin}'s host is the request's
 * {@code Host}). This stops other pages from using visitors' browsers; it says nothing about clients that are
 * not browsers, which can send any header.
 */
public final class AllowedOrigins {

  /** Any page: the answer says {@code Access-Control-Allow-Origin: *}, as the reference's does. */
  public static final AllowedOrigins ANY = new AllowedOrigins(Set.of());

  private final Set<String> origins;

  private AllowedOrigins(Set<String> origins) {
    this.origins = origins;
  }

  /**
   * Reads {@code *} or a list such as {@code https://app.example.com,http://localhost:8080} (and {@code null},
   * the origin of a page opened from a file). Throws {@link IllegalArgumentException} naming a bad entry.
   */
  public static AllowedOrigins parse(List<String> entries) {
    if (entries.size() == 1 && entries.get(0).equals("*")) {
      return ANY;
    }
    Set<String> origins = new LinkedHashSet<>();
    for (String entry : entries) {
      String origin = normalize(entry);
      if (origin == null) {
        throw new IllegalArgumentException("'" + entry + "' is not an origin like https://app.example.com"
            + " (scheme, host and port only), null, or * alone");
      }
      origins.add(origin);
    }
    if (origins.isEmpty()) {
      throw new IllegalArgumentException("give * or at least one origin");
    }
    return new AllowedOrigins(Set.copyOf(origins));
  }

  public boolean isAny() {
    return origins.isEmpty();
  }

  /**
   * Whether a request may be served. {@code origin} is its {@code Origin} header (null when absent), {@code host}
   * its {@code Host} header (null when absent).
   */
  public boolean admits(String origin, String host) {
    if (isAny() || origin == null) {
      return true;
    }
    String normalized = normalize(origin);
    if (normalized == null) {
      return false;
    }
    return origins.contains(normalized) || sameOrigin(normalized, host);
  }

  /**
   * The value of {@code Access-Control-Allow-Origin} for an admitted request: {@code *} for any page, else the
   * request's own origin, or null (no header) when it named none.
   */
  public String allowOriginHeader(String origin) {
    return isAny() ? "*" : origin;
  }

  /** The page's origin is this server itself: its host and port are those the request was sent to. */
  private static boolean sameOrigin(String origin, String host) {
    if (host == null || origin.equals("null")) {
      return false;
    }
    int authority = origin.indexOf("://") + 3;
    return origin.substring(authority).equals(host.toLowerCase(Locale.ROOT));
  }

  /** {@code scheme://host[:port]} in lower case, {@code null} as is; null for anything else (a path, userinfo). */
  static String normalize(String origin) {
    String lower = origin.strip().toLowerCase(Locale.ROOT);
    if (lower.equals("null")) {
      return lower;
    }
    int authority = lower.startsWith("https://") ? 8 : lower.startsWith("http://") ? 7 : -1;
    if (authority < 0 || authority == lower.length()) {
      return null;
    }
    for (int i = authority; i < lower.length(); i++) {
      char c = lower.charAt(i);
      boolean allowed = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '-' || c == ':'
          || c == '[' || c == ']';
      if (!allowed) {
        return null;
      }
    }
    return lower;
  }
}
