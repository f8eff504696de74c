package io.signaling.protocol;

import java.util.Locale;

/**
 * The request line and the few headers this server needs, parsed from the head's text (ISO-8859-1).
 * Anything malformed yields a refusal with the status RFC 9112 gives for it.
 */
record RequestHead(String method, String path, String query, int minorVersion, long contentLength,
                   String contentType, boolean chunked, boolean expectsContinue, String forwardedFor,
                   String origin, String host, String authorization) {

  record Result(RequestHead head, Response refusal) {
  }

  static Result parse(String text) {
    String[] lines = text.split("\n", -1);
    String requestLine = stripCr(lines[0]);
    String[] parts = requestLine.split(" ", -1);
    if (parts.length != 3 || !HttpTokens.isToken(parts[0]) || parts[1].isEmpty()) {
      return refuse(Status.BAD_REQUEST, "Malformed request line.");
    }
    String method = parts[0];
    int minorVersion = minorVersion(parts[2]);
    if (minorVersion == -2) {
      return refuse(Status.VERSION_NOT_SUPPORTED, "Only HTTP/1.0 and HTTP/1.1 are spoken here.");
    }
    if (minorVersion < 0) {
      return refuse(Status.BAD_REQUEST, "Malformed HTTP version.");
    }
    String target = originForm(parts[1]);
    if (target == null) {
      return refuse(Status.BAD_REQUEST, "Malformed request target.");
    }

    long contentLength = -1;
    String contentType = null;
    boolean chunked = false;
    boolean expectsContinue = false;
    String forwardedFor = null;
    String origin = null;
    String host = null;
    String authorization = null;
    for (int i = 1; i < lines.length; i++) {
      String line = stripCr(lines[i]);
      if (line.isEmpty()) {
        continue;
      }
      int colon = line.indexOf(':');
      if (colon <= 0 || !HttpTokens.isToken(line.substring(0, colon))) {
        return refuse(Status.BAD_REQUEST, "Malformed header line.");
      }
      String name = line.substring(0, colon).toLowerCase(Locale.ROOT);
      String value = line.substring(colon + 1).strip();
      if (hasControlBytes(value)) {
        return refuse(Status.BAD_REQUEST, "Malformed header line."); // a bare CR or a NUL, RFC 9110 5.5
      }
      switch (name) {
        case "content-length" -> {
          long length = contentLength(value);
          if (length == -1 || (contentLength >= 0 && contentLength != length)) {
            return refuse(Status.BAD_REQUEST, "Invalid Content-Length.");
          }
          contentLength = length;
        }
        case "content-type" -> contentType = value.isEmpty() ? null : value;
        case "transfer-encoding" -> chunked = true;
        case "expect" -> expectsContinue = value.equalsIgnoreCase("100-continue") && minorVersion >= 1;
        case "x-forwarded-for" -> forwardedFor = forwardedFor == null ? value : forwardedFor + "," + value;
        // One of each, or the request may mean different things to a proxy that read the other one: a browser
        // sends one Origin, RFC 9112 3.2 allows one Host.
        case "origin" -> {
          if (origin != null) {
            return twice("Origin");
          }
          origin = value;
        }
        case "authorization" -> {
          if (authorization != null) {
            return twice("Authorization");
          }
          authorization = value;
        }
        case "host" -> {
          if (host != null) {
            return twice("Host");
          }
          host = value;
        }
        default -> {
          // every other header is irrelevant to the protocol
        }
      }
    }
    if (!method.equals("GET") && !method.equals("POST") && !method.equals("OPTIONS")) {
      return refuse(Status.METHOD_NOT_ALLOWED, "Only GET, POST and OPTIONS are served.");
    }
    if (method.equals("POST") && contentType != null && !MediaType.isValid(contentType)) {
      // It would be written into another client's header block verbatim (MediaType says why).
      return refuse(Status.BAD_REQUEST, "Content-Type must be a media type such as text/plain.");
    }
    int question = target.indexOf('?');
    String path = question < 0 ? target : target.substring(0, question);
    String query = question < 0 ? null : target.substring(question + 1);
    return new Result(new RequestHead(method, path, query, minorVersion, contentLength, contentType, chunked,
        expectsContinue, forwardedFor, origin, host, authorization), null);
  }

  private static Result twice(String header) {
    return refuse(Status.BAD_REQUEST, "More than one " + header + " header.");
  }

  /** 0 or 1 for HTTP/1.x, -2 for another well-formed version, -1 for garbage. */
  private static int minorVersion(String version) {
    if (version.length() != 8 || !version.startsWith("HTTP/") || version.charAt(6) != '.'
        || !Character.isDigit(version.charAt(5)) || !Character.isDigit(version.charAt(7))) {
      return -1;
    }
    if (version.charAt(5) != '1') {
      return -2;
    }
    return version.charAt(7) == '0' ? 0 : 1;
  }

  /** The target as path?query; absolute-form is reduced to it, '*' (OPTIONS) is kept. Null when invalid. */
  private static String originForm(String target) {
    for (int i = 0; i < target.length(); i++) {
      char c = target.charAt(i);
      if (c < 0x21 || c == 0x7f) {
        return null;
      }
    }
    if (target.startsWith("/") || target.equals("*")) {
      return target;
    }
    String lower = target.toLowerCase(Locale.ROOT);
    int schemeEnd = lower.startsWith("http://") ? 7 : lower.startsWith("https://") ? 8 : -1;
    if (schemeEnd < 0) {
      return null;
    }
    int slash = target.indexOf('/', schemeEnd);
    int question = target.indexOf('?', schemeEnd);
    if (slash < 0 || (question >= 0 && question < slash)) {
      return question < 0 ? "/" : "/" + target.substring(question);
    }
    return target.substring(slash);
  }

  /** Digits only (a comma-separated list of equal values is one value, as RFC 9110 allows); -1 when invalid. */
  private static long contentLength(String value) {
    long result = -1;
    for (String part : value.split(",", -1)) {
      String digits = part.strip();
      if (digits.isEmpty() || digits.length() > 15 || !digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
        return -1;
      }
      long parsed = Long.parseLong(digits);
      if (result >= 0 && parsed != result) {
        return -1;
      }
      result = parsed;
    }
    return result;
  }

  /** Control bytes other than HTAB, which RFC 9110 allows inside a field value. */
  private static boolean hasControlBytes(String value) {
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if ((c < 0x20 && c != '\t') || c == 0x7f) {
        return true;
      }
    }
    return false;
  }

  private static String stripCr(String line) {
    return line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
  }

  private static Result refuse(Status status, String explanation) {
    return new Result(null, Response.refusal(status, explanation));
  }
}
