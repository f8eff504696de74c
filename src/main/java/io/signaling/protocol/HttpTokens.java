package io.signaling.protocol;

/** The {@code token} of RFC 9110 section 5.6.2: methods, header names, media types and their parameters. */
final class HttpTokens {

  private static final String TOKEN_PUNCTUATION = "!#$%&'*+-.^_`|~";

  private HttpTokens() {
  }

  static boolean isTokenChar(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
        || TOKEN_PUNCTUATION.indexOf(c) >= 0;
  }

  static boolean isToken(String text) {
    if (text.isEmpty()) {
      return false;
    }
    for (int i = 0; i < text.length(); i++) {
      if (!isTokenChar(text.charAt(i))) {
        return false;
      }
    }
    return true;
  }
}
