package io.signaling.loadtest;

import java.util.BitSet;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Every (sender, receiver) stream of tagged messages: which sequence numbers the server acknowledged and which
 * arrived, so a run can say how many were lost, delivered twice or out of order. Messages of one stream are
 * sent one at a time (as conductor.cc sends), so the server must deliver them in sequence.
 */
final class Streams {

  private static final class Stream {
    long nextSeq;
    long highestReceived = -1;
    final BitSet acknowledged = new BitSet();
    final BitSet received = new BitSet();
  }

  private final Map<Long, Stream> streams = new ConcurrentHashMap<>();
  private final RunCounters counters;

  Streams(RunCounters counters) {
    this.counters = counters;
  }

  private Stream stream(int from, int to) {
    return streams.computeIfAbsent(((long) from << 32) | (to & 0xffffffffL), key -> new Stream());
  }

  long nextSeq(int from, int to) {
    Stream stream = stream(from, to);
    synchronized (stream) {
      return stream.nextSeq++;
    }
  }

  void acknowledged(int from, int to, long seq) {
    Stream stream = stream(from, to);
    synchronized (stream) {
      stream.acknowledged.set((int) seq);
    }
  }

  /** Records an arrival; false if it is a duplicate. */
  boolean received(int from, int to, long seq) {
    Stream stream = stream(from, to);
    synchronized (stream) {
      if (stream.received.get((int) seq)) {
        counters.increment("duplicated");
        return false;
      }
      stream.received.set((int) seq);
      if (seq < stream.highestReceived) {
        counters.increment("out of order");
      }
      stream.highestReceived = Math.max(stream.highestReceived, seq);
      return true;
    }
  }

  /** What an item arriving at a /wait was. */
  enum Arrival { NOTIFICATION, MESSAGE, DUPLICATE }

  /**
   * An item a peer's /wait received: a join or leave line is counted as a notification; a tagged message is
   * timed from its POST into {@code delivery} and recorded in its stream.
   */
  Arrival arrived(Answer item, int receiver, Latencies delivery) {
    Payloads.Tag tag = Payloads.tag(item.body());
    if (tag == null) {
      counters.increment("notifications received");
      return Arrival.NOTIFICATION;
    }
    delivery.recordNanos(System.nanoTime() - tag.sentNanos());
    return received(item.pragma(), receiver, tag.seq()) ? Arrival.MESSAGE : Arrival.DUPLICATE;
  }

  /** Acknowledged by the server but not received: still on its way, or, once the run has drained, lost. */
  long unreceived() {
    long lost = 0;
    for (Stream stream : streams.values()) {
      synchronized (stream) {
        BitSet missing = (BitSet) stream.acknowledged.clone();
        missing.andNot(stream.received);
        lost += missing.cardinality();
      }
    }
    return lost;
  }
}
