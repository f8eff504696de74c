package io.signaling.directory;

import com.hazelcast.map.EntryProcessor;
import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;
import java.io.IOException;
import java.util.Map;

/**
 * Hands out the next block of peer ids from the cluster-wide counter (the entry holds the next free id).
 * Returns the first id of the block, or -1 once ids would leave the signed 32-bit range: ids are never reused.
 */
final class IdBlock implements EntryProcessor<String, Integer, Integer>, IdentifiedDataSerializable {

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
  public int getFactoryId() {
    return DirectorySerialization.FACTORY_ID;
  }

  @Override
  public int getClassId() {
    return DirectorySerialization.ID_BLOCK;
  }

  @Override
  public void writeData(ObjectDataOutput out) throws IOException {
    out.writeInt(size);
  }

  @Override
  public void readData(ObjectDataInput in) throws IOException {
    size = in.readInt();
  }
}
