package io.signaling.loadtest;

import java.nio.charset.StandardCharsets;

/**
 * One answer as {@code peer_connection_client.cc} reads it: the status is the number after the first space,
 * {@code \r\nContent-Length: } and {@code \r\nPragma: } are matched case-sensitively, the body is exactly
 * Content-Length bytes. A header block the C++ client could not read is a {@link MalformedAnswer}.
 */
record Answer(int status, int pragma, byte[] body) {

  static final class MalformedAnswer extends Exception {
    private static final long serialVersionUID = 1L;

    MalformedAnswer(String message) {
      super(message);
    }
  }

  /** The server closed the connection without a byte: a client re-waits (a superseded or released /wait). */
  boolean closedSilently() {
    return status == 0;
  }

  String text() {
    return new String(body, StandardCharsets.UTF_8);
  }

  /**
   * Whether the bytes so far hold a whole answer: its header block and Content-Length bytes of body. The C++ client
   * stops reading there and closes (the reference server leaves the connection open after some answers).
   */
  static boolean isComplete(byte[] raw) {
    int headEnd = indexOf(raw, "\r\n\r\n", 0);
    if (headEnd < 0) {
      return false;
    }
    int length = header(raw, "\r\nContent-Length: ", headEnd);
    return length >= 0 && raw.length >= headEnd + 4 + length;
  }

  static Answer parse(byte[] raw) throws MalformedAnswer {
    if (raw.length == 0) {
      return new Answer(0, -1, new byte[0]);
    }
    int headEnd = indexOf(raw, "\r\n\r\n", 0);
    int firstSpace = indexOf(raw, " ", 0);
    if (headEnd < 0 || firstSpace < 0 || firstSpace > headEnd) {
      throw new MalformedAnswer("no header block in " + raw.length + " bytes");
    }
    int status = number(raw, firstSpace + 1, headEnd);
    int length = header(raw, "\r\nContent-Length: ", headEnd);
    if (length < 0) {
      throw new MalformedAnswer("no \\r\\nContent-Length: in a " + status + " answer");
    }
    int bodyStart = headEnd + 4;
    if (raw.length - bodyStart != length) {
      throw new MalformedAnswer("Content-Length " + length + " but " + (raw.length - bodyStart) + " body bytes");
    }
    byte[] body = new byte[length];
    System.arraycopy(raw, bodyStart, body, 0, length);
    return new Answer(status, header(raw, "\r\nPragma: ", headEnd), body);
  }

  private static int header(byte[] raw, String exactName, int headEnd) {
    int at = indexOf(raw, exactName, 0);
    return at < 0 || at > headEnd ? -1 : number(raw, at + exactName.length(), headEnd);
  }

  private static int number(byte[] raw, int from, int limit) {
    int value = 0;
    int i = from;
    while (i < limit && raw[i] >= '0' && raw[i] <= '9') {
      value = value * 10 + (raw[i] - '0');
      i++;
    }
    return i == from ? -1 : value;
  }

  private static int indexOf(byte[] raw, String ascii, int from) {
    outer:
    for (int i = from; i <= raw.length - ascii.length(); i++) {
      for (int j = 0; j < ascii.length(); j++) {
        if (raw[i + j] != ascii.charAt(j)) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}
