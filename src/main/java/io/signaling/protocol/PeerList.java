package io.signaling.protocol;

import java.nio.charset.StandardCharsets;
import java.util.List;

/** The {@code name,id,connected\n} lines of the sign-in body and of join/leave notifications. */
public final class PeerList {

  /** A listed peer: its name bytes and id. */
  public record Entry(byte[] name, int id) {
  }

  private PeerList() {
  }

  /**
   * The sign-in body: the new peer first, then the others, each connected. Written straight into an array of the
   * exact size: a sign-in lists every peer of its room, so a crowd signing in writes the square of its size in
   * lines, and building each line as a string cost a sign-in storm about 5 % of its CPU (JFR).
   */
  public static byte[] signInBody(Entry self, List<Entry> others) {
    int size = length(self.name(), self.id());
    for (Entry other : others) {
      size += length(other.name(), other.id());
    }
    byte[] body = new byte[size];
    int at = write(body, 0, self.name(), self.id(), true);
    for (Entry other : others) {
      at = write(body, at, other.name(), other.id(), true);
    }
    return body;
  }

  /** The body of a join ({@code connected}) or leave notification. */
  public static byte[] line(byte[] name, int id, boolean connected) {
    byte[] line = new byte[length(name, id)];
    write(line, 0, name, id, connected);
    return line;
  }

  private static int length(byte[] name, int id) {
    return name.length + 1 + digits(id) + 3;
  }

  /** The characters of the id in decimal, a minus sign included (a peer id is positive, a line need not be). */
  private static int digits(int id) {
    if (id < 0) {
      return Integer.toString(id).length();
    }
    int digits = 1;
    for (int rest = id / 10; rest != 0; rest /= 10) {
      digits++;
    }
    return digits;
  }

  /** Writes one line at {@code at}; returns where it ends. */
  private static int write(byte[] into, int at, byte[] name, int id, boolean connected) {
    System.arraycopy(name, 0, into, at, name.length);
    at += name.length;
    into[at++] = ',';
    int end = at + digits(id);
    if (id < 0) {
      byte[] decimal = Integer.toString(id).getBytes(StandardCharsets.US_ASCII);
      System.arraycopy(decimal, 0, into, at, decimal.length);
    } else {
      int rest = id;
      for (int digit = end - 1; digit >= at; digit--) {
        into[digit] = (byte) ('0' + rest % 10);
        rest /= 10;
      }
    }
    at = end;
    into[at++] = ',';
    into[at++] = (byte) (connected ? '1' : '0');
    into[at++] = '\n';
    return at;
  }
}
