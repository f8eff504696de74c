package io.signaling.directory;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;
import io.signaling.format.FieldsIn;
import io.signaling.format.FieldsOut;
import java.io.IOException;
import java.util.function.Supplier;

/**
 * Anything of the directory that crosses the cluster (records, entry processors, their outcomes, queries),
 * written in the layout {@link ClusterFormat} chooses and read in whichever layout it arrives in. A type writes its
 * fields once as a record, the form that lasts, and once by position, the form of earlier releases.
 */
abstract class ClusterObject implements IdentifiedDataSerializable {

  /**
   * The layout chosen when Hazelcast asked for the serialization id, which it does right before writing the fields
   * on the same thread: the two must agree even if the choice changes in between.
   */
  private static final ThreadLocal<ClusterLayout> CHOSEN = ThreadLocal.withInitial(() -> ClusterLayout.POSITIONAL);

  /** The layout this object was read in, set by {@link DirectorySerialization} before it reads the fields. */
  private ClusterLayout readAs = ClusterLayout.RECORDS;

  /** The type's number in {@link DirectorySerialization}, the same in every layout. */
  abstract int type();

  /** The revision of the type's record this release writes: 1, counted up when fields are appended. */
  int revision() {
    return 1;
  }

  abstract void writeFields(FieldsOut out);

  abstract void readFields(FieldsIn in) throws IOException;

  abstract void writePositional(ObjectDataOutput out) throws IOException;

  abstract void readPositional(ObjectDataInput in) throws IOException;

  /** Writes an object nested in another's record (null stays null). */
  static void writeNested(FieldsOut out, ClusterObject value) {
    out.writeRecord(value, value == null ? 0 : value.revision(), ClusterObject::writeFields);
  }

  /** Reads an object nested with {@link #writeNested}. */
  static <T extends ClusterObject> T readNested(FieldsIn in, Supplier<T> blank) throws IOException {
    FieldsIn record = in.readRecord();
    if (record == null) {
      return null;
    }
    T value = blank.get();
    value.readFields(record);
    return value;
  }

  void readAs(ClusterLayout layout) {
    readAs = layout;
  }

  @Override
  public final int getFactoryId() {
    return DirectorySerialization.FACTORY_ID;
  }

  @Override
  public final int getClassId() {
    ClusterLayout layout = ClusterFormat.writing();
    CHOSEN.set(layout);
    return layout.classId(type());
  }

  @Override
  public final void writeData(ObjectDataOutput out) throws IOException {
    if (CHOSEN.get() == ClusterLayout.POSITIONAL) {
      writePositional(out);
    } else {
      FieldsOut fields = new FieldsOut(revision());
      writeFields(fields);
      fields.writeTo(out); // read back with readByteArray
    }
  }

  @Override
  public final void readData(ObjectDataInput in) throws IOException {
    if (readAs == ClusterLayout.POSITIONAL) {
      readPositional(in);
    } else {
      byte[] record = in.readByteArray();
      if (record == null) {
        throw new IOException("a " + getClass().getSimpleName() + " without its record");
      }
      readFields(new FieldsIn(record));
    }
  }
}
