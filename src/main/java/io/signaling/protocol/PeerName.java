package io.signaling.protocol;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** The name rules of the reference server, applied to raw bytes. */
public final class PeerName {

  private static final String PEER_NAME_FORM = "peer_name=";

  private PeerName() {
  }

  /**
   * The raw name a sign-in asks for: the whole query verbatim (the reference's form), or, when the query starts
   * with {@code peer_name=}, that parameter percent-decoded (the form of webrtc-signal-http and 3DSTK clients).
   */
  public static byte[] requested(String query) {
    if (query == null) {
      return new byte[0];
    }
    if (query.startsWith(PEER_NAME_FORM)) {
      int end = query.indexOf('&');
      return percentDecode(query.substring(PEER_NAME_FORM.length(), end < 0 ? query.length() : end));
    }
    return query.getBytes(StandardCharsets.ISO_8859_1);
  }

  /**
   * Whether a requested name holds a control byte (0x00-0x1F, 0x7F). Such a name is refused: it would reach every
   * other peer's list, where a line feed splits one entry into two. Only the percent-decoded form can carry one,
   * since a request target ends at the first control byte or space.
   */
  public static boolean hasControlBytes(byte[] name) {
    for (byte b : name) {
      if ((b >= 0 && b < 0x20) || b == 0x7f) {
        return true;
      }
    }
    return false;
  }

  /** Cut to {@code maxBytes} (bytes, as the reference does), every ',' made '_', empty made {@code peer_<id>}. */
  public static byte[] normalize(byte[] raw, int peerId, int maxBytes) {
    if (raw.length == 0) {
      return ("peer_" + peerId).getBytes(StandardCharsets.US_ASCII);
    }
    byte[] name = Arrays.copyOf(raw, Math.min(raw.length, maxBytes));
    for (int i = 0; i < name.length; i++) {
      if (name[i] == ',') {
        name[i] = '_';
      }
    }
    return name;
  }

  /** Decodes %XX and '+' (as form encoding does); a '%' not followed by two hex digits stays as it is. */
  static byte[] percentDecode(String text) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(text.length());
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '%' && i + 2 < text.length() && hex(text.charAt(i + 1)) >= 0 && hex(text.charAt(i + 2)) >= 0) {
        out.write(hex(text.charAt(i + 1)) * 16 + hex(text.charAt(i + 2)));
        i += 2;
      } else if (c == '+') {
        out.write(' ');
      } else {
        out.write(c); // the text is ISO-8859-1: one char per original byte
      }
    }
    return out.toByteArray();
  }

  private static int hex(char c) {
    return Character.digit(c, 16);
  }
}
