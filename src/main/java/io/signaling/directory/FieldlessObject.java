package io.signaling.directory;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import io.signaling.format.FieldsIn;
import io.signaling.format.FieldsOut;
import java.io.IOException;

/** A cluster object without fields of its own (a listing, a merge policy, the base of the peer steps). */
abstract class FieldlessObject extends ClusterObject {

  @Override
  void writeFields(FieldsOut out) {
  }

  @Override
  void readFields(FieldsIn in) throws IOException {
  }

  @Override
  void writePositional(ObjectDataOutput out) throws IOException {
  }

  @Override
  void readPositional(ObjectDataInput in) throws IOException {
  }
}
