package io.signaling.format;

import java.io.DataOutput;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Writes one record: its revision, then fields in the order its readers expect. Fields are only ever appended,
 * never removed or reordered; a nested record carries its own length, so a reader can skip what it does not know.
 * Big-endian, like Hazelcast's and Vert.x's buffers.
 */
public final class FieldsOut {

  /** Writes the fields of a value into the record being built. */
  @FunctionalInterface
  public interface Writer<T> {
    void write(T value, FieldsOut out);
  }

  private byte[] bytes;
  private int size;

  /** Starts a record of the given revision (1 for the first form of a type, counted up with each change). */
  public FieldsOut(int revision) {
    this(revision, 64);
  }

  public FieldsOut(int revision, int expectedSize) {
    bytes = new byte[Math.max(16, expectedSize)];
    writeByte(revision);
  }

  public FieldsOut writeByte(int value) {
    room(1);
    bytes[size++] = (byte) value;
    return this;
  }

  public FieldsOut writeBoolean(boolean value) {
    return writeByte(value ? 1 : 0);
  }

  public FieldsOut writeInt(int value) {
    room(4);
    putInt(size, value);
    size += 4;
    return this;
  }

  public FieldsOut writeLong(long value) {
    room(8);
    for (int shift = 56; shift >= 0; shift -= 8) {
      bytes[size++] = (byte) (value >>> shift);
    }
    return this;
  }

  /** A byte array, or null (length -1). */
  public FieldsOut writeBytes(byte[] value) {
    if (value == null) {
      return writeInt(-1);
    }
    writeInt(value.length);
    room(value.length);
    System.arraycopy(value, 0, bytes, size, value.length);
    size += value.length;
    return this;
  }

  /** A string as UTF-8, or null. */
  public FieldsOut writeString(String value) {
    return writeBytes(value == null ? null : value.getBytes(StandardCharsets.UTF_8));
  }

  /** A nested record, or null: its length, then its revision and fields as {@code fields} writes them. */
  public <T> FieldsOut writeRecord(T value, int revision, Writer<T> fields) {
    if (value == null) {
      return writeInt(-1);
    }
    int lengthAt = size;
    writeInt(0);
    writeByte(revision);
    fields.write(value, this);
    putInt(lengthAt, size - lengthAt - 4);
    return this;
  }

  /**
   * Writes the record as a length-prefixed byte array (its length, then its bytes: what
   * {@code ObjectDataOutput.writeByteArray} writes) without copying it first.
   */
  public void writeTo(DataOutput out) throws IOException {
    out.writeInt(size);
    out.write(bytes, 0, size);
  }

  /** The record as written so far. */
  public byte[] toByteArray() {
    return Arrays.copyOf(bytes, size);
  }

  public int size() {
    return size;
  }

  private void putInt(int at, int value) {
    bytes[at] = (byte) (value >>> 24);
    bytes[at + 1] = (byte) (value >>> 16);
    bytes[at + 2] = (byte) (value >>> 8);
    bytes[at + 3] = (byte) value;
  }

  private void room(int more) {
    if (size + more > bytes.length) {
      bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + more));
    }
  }
}
