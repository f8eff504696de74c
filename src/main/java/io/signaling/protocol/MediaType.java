package io.signaling.protocol;

/**
 * The one check a relayed {@code Content-Type} must pass before it may reach another client's header block.
 *
 * <p>A message's type is written verbatim into the receiver's {@code /wait} reply, so a value with a bare CR, a
 * NUL or any other control or non-ASCII byte would let a sender write headers of its choosing there (a cookie,
 * a forged {@code Pragma}). Only what RFC 9110 section 8.3.1 calls a media type passes: {@code type/subtype}
 * made of tokens, then parameters {@code ; name=value} whose value is a token or a quoted string, with spaces
 * around the separators and nothing but visible ASCII anywhere.
 */
public final class MediaType {

  /** Far longer than any real type with its parameters ({@code text/plain; charset=utf-8} is 24). */
  public static final int MAX_LENGTH = 256;

  private final String text;
  private int at;

  private MediaType(String text) {
    this.text = text;
  }

  /** Whether the text is one media type within {@link #MAX_LENGTH} characters. */
  public static boolean isValid(String text) {
    return text != null && !text.isEmpty() && text.length() <= MAX_LENGTH && new MediaType(text).parses();
  }

  private boolean parses() {
    if (!token() || !literal('/') || !token()) {
      return false;
    }
    while (true) {
      spaces();
      if (at == text.length()) {
        return true;
      }
      if (!literal(';')) {
        return false;
      }
      spaces();
      if (at == text.length() || text.charAt(at) == ';') {
        continue; // an empty parameter, which the grammar allows
      }
      if (!token() || !literal('=') || !(quotedString() || token())) {
        return false;
      }
    }
  }

  private boolean token() {
    int start = at;
    while (at < text.length() && HttpTokens.isTokenChar(text.charAt(at))) {
      at++;
    }
    return at > start;
  }

  private boolean quotedString() {
    if (!literal('"')) {
      return false;
    }
    while (at < text.length()) {
      char c = text.charAt(at++);
      if (c == '"') {
        return true;
      }
      if (c == '\\') {
        if (at == text.length() || !isVisibleOrSpace(text.charAt(at))) {
          return false;
        }
        at++;
      } else if (!isVisibleOrSpace(c)) {
        return false;
      }
    }
    return false; // no closing quote
  }

  private void spaces() {
    while (at < text.length() && text.charAt(at) == ' ') {
      at++;
    }
  }

  private boolean literal(char wanted) {
    if (at < text.length() && text.charAt(at) == wanted) {
      at++;
      return true;
    }
    return false;
  }

  private static boolean isVisibleOrSpace(char c) {
    return c >= 0x20 && c < 0x7f;
  }
}
