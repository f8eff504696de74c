package io.signaling.format;

import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Reads one record written by {@link FieldsOut}, possibly by another release: the fields this release knows, in
 * order; whatever follows them (fields of a later release) is never looked at. Every length is checked against
 * the record's end, so bytes that do not form a record fail the read with an {@link IOException} instead of
 * reading past it or allocating what a length claims.
 */
public final class FieldsIn {

  private final byte[] bytes;
  private final int end;
  private final int revision;
  private int at;

  /** A whole record, as {@link FieldsOut#toByteArray()} gave it. */
  public FieldsIn(byte[] bytes) throws IOException {
    this(bytes, 0, bytes.length);
  }

  /** The record that fills {@code bytes[from, to)}. */
  public FieldsIn(byte[] bytes, int from, int to) throws IOException {
    if (from < 0 || to > bytes.length || from >= to) {
      throw new EOFException("a record needs at least its revision");
    }
    this.bytes = bytes;
    this.end = to;
    this.revision = bytes[from] & 0xff;
    this.at = from + 1;
  }

  /** The revision of the record's type its writer knew. */
  public int revision() {
    return revision;
  }

  /** Whether the writer wrote more fields: how a field added after the first revision is read. */
  public boolean hasMore() {
    return at < end;
  }

  public int readByte() throws IOException {
    need(1);
    return bytes[at++];
  }

  public boolean readBoolean() throws IOException {
    return readByte() != 0;
  }

  public int readInt() throws IOException {
    need(4);
    int value = (bytes[at] & 0xff) << 24 | (bytes[at + 1] & 0xff) << 16 | (bytes[at + 2] & 0xff) << 8
        | bytes[at + 3] & 0xff;
    at += 4;
    return value;
  }

  public long readLong() throws IOException {
    need(8);
    long value = 0;
    for (int i = 0; i < 8; i++) {
      value = value << 8 | bytes[at++] & 0xff;
    }
    return value;
  }

  /** A byte array, or null. */
  public byte[] readBytes() throws IOException {
    int length = length();
    if (length < 0) {
      return null;
    }
    byte[] value = Arrays.copyOfRange(bytes, at, at + length);
    at += length;
    return value;
  }

  public String readString() throws IOException {
    int length = length();
    if (length < 0) {
      return null;
    }
    String value = new String(bytes, at, length, StandardCharsets.UTF_8);
    at += length;
    return value;
  }

  /** A nested record, or null; this reader moves past all of it, however much of it the caller reads. */
  public FieldsIn readRecord() throws IOException {
    int length = length();
    if (length < 0) {
      return null;
    }
    FieldsIn record = new FieldsIn(bytes, at, at + length);
    at += length;
    return record;
  }

  /** A length prefix: -1 for null, else no more than what is left. */
  private int length() throws IOException {
    int length = readInt();
    if (length < -1 || length > end - at) {
      throw new IOException("a length of " + length + " with " + (end - at) + " bytes left in the record");
    }
    return length;
  }

  private void need(int count) throws IOException {
    if (end - at < count) {
      throw new EOFException("the record ends " + (count - (end - at)) + " bytes early");
    }
  }
}
