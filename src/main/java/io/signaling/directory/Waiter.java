package io.signaling.directory;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import io.signaling.format.FieldsIn;
import io.signaling.format.FieldsOut;
import java.io.IOException;
import java.util.Objects;

/** Where a peer's /wait is parked: the node that holds the connection and that node's token for it. */
public final class Waiter extends ClusterObject {

  private String node;
  private long token;

  public Waiter() {
    // for Hazelcast
  }

  public Waiter(String node, long token) {
    this.node = Objects.requireNonNull(node);
    this.token = token;
  }

  public String node() {
    return node;
  }

  public long token() {
    return token;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Waiter that && token == that.token && node.equals(that.node);
  }

  @Override
  public int hashCode() {
    return Objects.hash(node, token);
  }

  @Override
  public String toString() {
    return node + "#" + token;
  }

  @Override
  int type() {
    return DirectorySerialization.WAITER;
  }

  @Override
  void writeFields(FieldsOut out) {
    out.writeString(node).writeLong(token);
  }

  @Override
  void readFields(FieldsIn in) throws IOException {
    node = in.readString();
    token = in.readLong();
    if (node == null) {
      throw new IOException("a waiter without its node");
    }
  }

  @Override
  void writePositional(ObjectDataOutput out) throws IOException {
    out.writeString(node);
    out.writeLong(token);
  }

  @Override
  void readPositional(ObjectDataInput in) throws IOException {
    node = in.readString();
    token = in.readLong();
  }
}
