package io.signaling.directory;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;
import java.io.IOException;
import java.util.Objects;

/** Where a peer's /wait is parked: the node that holds the connection and that node's token for it. */
public final class Waiter implements IdentifiedDataSerializable {

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
  public int getFactoryId() {
    return DirectorySerialization.FACTORY_ID;
  }

  @Override
  public int getClassId() {
    return DirectorySerialization.WAITER;
  }

  @Override
  public void writeData(ObjectDataOutput out) throws IOException {
    out.writeString(node);
    out.writeLong(token);
  }

  @Override
  public void readData(ObjectDataInput in) throws IOException {
    node = in.readString();
    token = in.readLong();
  }
}
