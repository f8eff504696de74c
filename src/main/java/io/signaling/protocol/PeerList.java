package io.signaling.protocol;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** The {@code name,id,connected\n} lines of the sign-in body and of join/leave notifications. */
public final class PeerList {

  /** A listed peer: its name bytes and id. */
  public record Entry(byte[] name, int id) {
  }

  private PeerList() {
  }

  /** The sign-in body: the new peer first, then the others, each connected. */
  public static byte[] signInBody(Entry self, List<Entry> others) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(64 * (others.size() + 1));
    writeLine(out, self.name(), self.id(), true);
    for (Entry other : others) {
      writeLine(out, other.name(), other.id(), true);
    }
    return out.toByteArray();
  }

  /** The body of a join ({@code connected}) or leave notification. */
  public static byte[] line(byte[] name, int id, boolean connected) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(name.length + 16);
    writeLine(out, name, id, connected);
    return out.toByteArray();
  }

  private static void writeLine(ByteArrayOutputStream out, byte[] name, int id, boolean connected) {
    out.writeBytes(name);
    out.writeBytes(("," + id + (connected ? ",1\n" : ",0\n")).getBytes(StandardCharsets.US_ASCII));
  }
}
