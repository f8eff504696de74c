package io.signaling.directory;

import com.hazelcast.aggregation.Aggregator;
import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import io.signaling.format.FieldsIn;
import io.signaling.format.FieldsOut;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

/**
 * Counts what the cluster holds undelivered: the cost of every item (see {@link MailItem#cost()}) in all, by
 * sender, and by the peer that holds it. This release counts each record with
 * {@link PeerProcessors.CountUndelivered} and adds the counts up here; a node of the previous release sends this
 * class as a Hazelcast aggregation instead, which this release still runs for it.
 */
final class UndeliveredCensus extends ClusterObject
    implements Aggregator<Map.Entry<Integer, PeerRecord>, UndeliveredCount> {

  private static final long serialVersionUID = 1L;

  /** Senders holding less than this are left out of the result (they are no concern of the budget). */
  private long reportFrom;
  private long bytes;
  private long items;
  private HashMap<Integer, Long> bySender = new HashMap<>();
  /** By the peer whose mailbox holds the items: the client that does not read them. */
  private HashMap<Integer, Long> byHolder = new HashMap<>();

  UndeliveredCensus() {
    // for Hazelcast
  }

  UndeliveredCensus(long reportFrom) {
    this.reportFrom = reportFrom;
  }

  boolean isEmpty() {
    return items == 0;
  }

  @Override
  public void accumulate(Map.Entry<Integer, PeerRecord> entry) {
    PeerRecord peer = entry.getValue();
    if (peer == null) {
      return;
    }
    long[] held = new long[1];
    peer.forEachUndelivered(item -> {
      long cost = item.cost();
      held[0] += cost;
      items++;
      if (!item.isNotification()) {
        bySender.merge(item.senderId(), cost, Long::sum);
      }
    });
    if (held[0] > 0) {
      bytes += held[0];
      byHolder.put(entry.getKey(), held[0]);
    }
  }

  @Override
  @SuppressWarnings("rawtypes") // Hazelcast's Aggregator declares combine with a raw type
  public void combine(Aggregator aggregator) {
    UndeliveredCensus other = (UndeliveredCensus) aggregator;
    bytes += other.bytes;
    items += other.items;
    other.bySender.forEach((sender, cost) -> bySender.merge(sender, cost, Long::sum));
    byHolder.putAll(other.byHolder); // each record is counted on one member only
  }

  @Override
  public UndeliveredCount aggregate() {
    Map<Integer, Long> heavy = new HashMap<>();
    bySender.forEach((sender, cost) -> {
      if (cost >= reportFrom) {
        heavy.put(sender, cost);
      }
    });
    return new UndeliveredCount(bytes, items, heavy, byHolder, true);
  }

  @Override
  int type() {
    return DirectorySerialization.UNDELIVERED_CENSUS;
  }

  @Override
  void writeFields(FieldsOut out) {
    out.writeLong(reportFrom).writeLong(bytes).writeLong(items);
    writeCosts(out, bySender);
    writeCosts(out, byHolder);
  }

  private static void writeCosts(FieldsOut out, Map<Integer, Long> costs) {
    out.writeInt(costs.size());
    costs.forEach((peer, cost) -> out.writeInt(peer).writeLong(cost));
  }

  @Override
  void readFields(FieldsIn in) throws IOException {
    reportFrom = in.readLong();
    bytes = in.readLong();
    items = in.readLong();
    bySender = readCosts(in);
    byHolder = readCosts(in);
  }

  private static HashMap<Integer, Long> readCosts(FieldsIn in) throws IOException {
    int size = in.readInt();
    HashMap<Integer, Long> costs = new HashMap<>();
    for (int i = 0; i < size; i++) {
      costs.put(in.readInt(), in.readLong());
    }
    return costs;
  }

  @Override
  void writePositional(ObjectDataOutput out) throws IOException {
    out.writeLong(reportFrom);
    out.writeLong(bytes);
    out.writeLong(items);
    writeCosts(out, bySender);
    writeCosts(out, byHolder);
  }

  private static void writeCosts(ObjectDataOutput out, Map<Integer, Long> costs) throws IOException {
    out.writeInt(costs.size());
    for (Map.Entry<Integer, Long> each : costs.entrySet()) {
      out.writeInt(each.getKey());
      out.writeLong(each.getValue());
    }
  }

  private static HashMap<Integer, Long> readCosts(ObjectDataInput in) throws IOException {
    int size = in.readInt();
    HashMap<Integer, Long> costs = new HashMap<>(Math.max(16, size * 2));
    for (int i = 0; i < size; i++) {
      costs.put(in.readInt(), in.readLong());
    }
    return costs;
  }

  @Override
  void readPositional(ObjectDataInput in) throws IOException {
    reportFrom = in.readLong();
    bytes = in.readLong();
    items = in.readLong();
    bySender = readCosts(in);
    byHolder = readCosts(in);
  }
}
