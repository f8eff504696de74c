package io.signaling.directory;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import io.signaling.format.FieldsIn;
import io.signaling.format.FieldsOut;
import java.io.IOException;

/**
 * One peer of a room, as {@link PeerProcessors.Announce} found it: its summary for the list a sign-in answers
 * with, and what became of the notification stored for it (null when it was only listed, not told).
 */
public final class Announced extends ClusterObject {

  private PeerSummary peer;
  private DeliveryOutcome outcome;

  public Announced() {
    // for Hazelcast
  }

  Announced(PeerSummary peer, DeliveryOutcome outcome) {
    this.peer = peer;
    this.outcome = outcome;
  }

  public PeerSummary peer() {
    return peer;
  }

  /** What became of the notification, or null when the peer was not told. */
  public DeliveryOutcome outcome() {
    return outcome;
  }

  @Override
  int type() {
    return DirectorySerialization.ANNOUNCED;
  }

  @Override
  void writeFields(FieldsOut out) {
    writeNested(out, peer);
    writeNested(out, outcome);
  }

  @Override
  void readFields(FieldsIn in) throws IOException {
    peer = readNested(in, PeerSummary::new);
    outcome = readNested(in, DeliveryOutcome::new);
    if (peer == null) {
      throw new IOException("an announcement without its peer");
    }
  }

  @Override
  void writePositional(ObjectDataOutput out) throws IOException {
    out.writeObject(peer);
    out.writeObject(outcome);
  }

  @Override
  void readPositional(ObjectDataInput in) throws IOException {
    peer = in.readObject();
    outcome = in.readObject();
  }
}
