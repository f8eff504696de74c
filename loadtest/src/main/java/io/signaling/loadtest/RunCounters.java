package io.signaling.loadtest;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/** Named counts of a run (messages sent, lost, errors by kind), kept in the order they first appeared. */
final class RunCounters {

  private final Map<String, LongAdder> counts = new ConcurrentHashMap<>();
  private final Map<String, Boolean> order = java.util.Collections.synchronizedMap(new LinkedHashMap<>());

  void increment(String name) {
    add(name, 1);
  }

  void add(String name, long amount) {
    counts.computeIfAbsent(name, key -> {
      order.put(key, true);
      return new LongAdder();
    }).add(amount);
  }

  long get(String name) {
    LongAdder count = counts.get(name);
    return count == null ? 0 : count.sum();
  }

  Map<String, Long> snapshot() {
    Map<String, Long> snapshot = new LinkedHashMap<>();
    synchronized (order) {
      order.keySet().forEach(name -> snapshot.put(name, get(name)));
    }
    return snapshot;
  }
}
