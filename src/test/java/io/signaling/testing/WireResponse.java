package io.signaling.testing;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A response parsed the way peer_connection_client.cc parses it: status is atoi after the first space,
 * Content-Length and Pragma are found by the case-sensitive strings "\r\nContent-Length: " and "\r\nPragma: "
 * before the end of the headers, the body is everything after the blank line.
 *
 * @param raw            every byte the server sent before it closed (or before the guard timeout)
 * @param closedByServer whether the server closed the connection after the response
 */
public record WireResponse(byte[] raw, boolean closedByServer) {

  private static final byte[] END_OF_HEADERS = "\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

  public String text() {
    return new String(raw, StandardCharsets.ISO_8859_1);
  }

  /** Index of the "\r\n\r\n" that ends the headers, or -1 (the C++ client would wait forever). */
  public int endOfHeaders() {
    return indexOf(raw, END_OF_HEADERS, 0);
  }

  public String head() {
    return text().substring(0, endOfHeaders() + 2);
  }

  /** atoi of what follows the first space, as the C++ client reads the status. */
  public int status() {
    String text = text();
    return atoi(text, text.indexOf(' ') + 1);
  }

  /** The C++ client's GetHeaderValue for Content-Length; -1 when the exact header is missing. */
  public int contentLength() {
    return headerInt("\r\nContent-Length: ");
  }

  /** The C++ client's peer id: Pragma, or -1 when the exact header is missing. */
  public int pragma() {
    return headerInt("\r\nPragma: ");
  }

  /** Whether the exact header "\r\nConnection: close\r\n" is there, which makes the C++ client close. */
  public boolean saysConnectionClose() {
    return head().contains("\r\nConnection: close\r\n");
  }

  public byte[] bodyBytes() {
    int eoh = endOfHeaders();
    return Arrays.copyOfRange(raw, eoh + 4, raw.length);
  }

  public String body() {
    return new String(bodyBytes(), StandardCharsets.ISO_8859_1);
  }

  /** What the C++ client needs to consider the response complete: the headers and Content-Length bytes. */
  public boolean isComplete() {
    int eoh = endOfHeaders();
    int length = contentLength();
    return eoh >= 0 && length >= 0 && raw.length >= eoh + 4 + length;
  }

  /** The value of a header, matched by its exact name (as the browser page and the C++ client see it). */
  public String header(String exactName) {
    String head = head();
    String marker = "\r\n" + exactName + ": ";
    int at = head.indexOf(marker);
    if (at < 0) {
      return null;
    }
    int start = at + marker.length();
    return head.substring(start, head.indexOf("\r\n", start));
  }

  private int headerInt(String marker) {
    int eoh = endOfHeaders();
    String text = text();
    int at = text.indexOf(marker);
    if (at < 0 || eoh < 0 || at >= eoh) {
      return -1;
    }
    return atoi(text, at + marker.length());
  }

  static int atoi(String text, int from) {
    int i = from;
    while (i < text.length() && text.charAt(i) == ' ') {
      i++;
    }
    long value = 0;
    int start = i;
    while (i < text.length() && Character.isDigit(text.charAt(i)) && i - start < 11) {
      value = value * 10 + (text.charAt(i) - '0');
      i++;
    }
    return (int) value;
  }

  static int indexOf(byte[] haystack, byte[] needle, int from) {
    outer:
    for (int i = from; i <= haystack.length - needle.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}
