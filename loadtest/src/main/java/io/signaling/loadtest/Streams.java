package io.signaling.loadtest;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
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
  /**
   * When each message was acknowledged and when it arrived (System.nanoTime), by {@link #item}, from
   * {@link #timeFrom} on: for a late one's story. Not while the window is measured, to keep the generator's own
   * cost per message where it was.
   */
  private final Map<String, Long> acknowledgedAt = new ConcurrentHashMap<>();
  private final Map<String, Long> arrivedAt = new ConcurrentHashMap<>();
  private volatile long timingFrom = Long.MAX_VALUE;
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

  /** Times acknowledgements and arrivals from now on (the measured window is over). */
  void timeFrom(long nanos) {
    timingFrom = nanos;
  }

  private static String item(long from, int to, long seq) {
    return from + "->" + to + " #" + seq;
  }

  void acknowledged(int from, int to, long seq) {
    long now = System.nanoTime();
    if (now >= timingFrom) {
      acknowledgedAt.put(item(from, to, seq), now);
    }
    Stream stream = stream(from, to);
    synchronized (stream) {
      stream.acknowledged.set((int) seq);
    }
  }

  /** Records an arrival; false if it is a duplicate. */
  boolean received(int from, int to, long seq) {
    long now = System.nanoTime();
    if (now >= timingFrom) {
      arrivedAt.putIfAbsent(item(from, to, seq), now);
    }
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

  /** Up to {@code max} of the unreceived messages, each as {@code from->to #seq}: for the run's log. */
  List<String> unreceivedItems(int max) {
    List<String> items = new ArrayList<>();
    streams.forEach((key, stream) -> {
      synchronized (stream) {
        BitSet missing = missing(stream);
        for (int seq = missing.nextSetBit(0); seq >= 0 && items.size() < max; seq = missing.nextSetBit(seq + 1)) {
          items.add(item(key >>> 32, (int) (long) key, seq));
        }
      }
    });
    return items;
  }

  /** The message's times relative to {@code sinceNanos}: when acknowledged, and when it arrived, if it did. */
  String story(String item, long sinceNanos) {
    Long acknowledged = acknowledgedAt.get(item);
    Long arrived = arrivedAt.get(item);
    return item + " acknowledged "
        + (acknowledged == null ? "within the window" : (acknowledged - sinceNanos) / 1_000_000 + " ms")
        + ", arrived " + (arrived == null ? "not yet" : (arrived - sinceNanos) / 1_000_000 + " ms");
  }

  /** Acknowledged by the server but not received: still on its way, or, once the run has drained, lost. */
  long unreceived() {
    long lost = 0;
    for (Stream stream : streams.values()) {
      synchronized (stream) {
        lost += missing(stream).cardinality();
      }
    }
    return lost;
  }

  /** The stream's acknowledged messages not received; the caller holds the stream's lock. */
  private static BitSet missing(Stream stream) {
    BitSet missing = (BitSet) stream.acknowledged.clone();
    missing.andNot(stream.received);
    return missing;
  }
}
