package io.signaling.directory;

import com.hazelcast.map.EntryProcessor;
import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import io.signaling.format.FieldsIn;
import io.signaling.format.FieldsOut;
import java.io.IOException;
import java.util.Map;

/**
 * Hands out the next block of peer ids from the cluster-wide counter (the entry holds the next free id).
 * Returns the first id of the block, or -1 once ids would leave the signed 32-bit range: ids are never reused.
 */
final class IdBlock extends ClusterObject implements EntryProcessor<String, Integer, Integer> {

  private int size;

  IdBlock() {
  }

  IdBlock(int size) {
    this.size = size;
  }

  @Override
  public Integer process(Map.Entry<String, Integer> entry) {
    int first = entry.getValue() == null ? 1 : entry.getValue();
    long next = (long) first + size;
    if (first < 1 || next - 1 > Integer.MAX_VALUE) {
      return -1;
    }
    entry.setValue(next > Integer.MAX_VALUE ? -1 : (int) next);
    return first;
  }

  @Override
  int type() {
    return DirectorySerialization.ID_BLOCK;
  }

  @Override
  void writeFields(FieldsOut out) {
    out.writeInt(size);
  }

  @Override
  void readFields(FieldsIn in) throws IOException {
    size = in.readInt();
  }

  @Override
  void writePositional(ObjectDataOutput out) throws IOException {
    out.writeInt(size);
  }

  @Override
  void readPositional(ObjectDataInput in) throws IOException {
    size = in.readInt();
  }
}
