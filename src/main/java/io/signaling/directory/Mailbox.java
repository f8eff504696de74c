package io.signaling.directory;

import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.function.Predicate;

/**
 * A peer's undelivered items, oldest first, with each item's id kept beside it in an array of its own.
 *
 * <p>Every store asks first whether the mailbox already holds the item (a step Hazelcast ran twice); during a
 * sign-in storm that question is asked of every peer for every join, and reading the ids from one array costs a
 * cache line per eight items where following each item's reference cost a miss per item. An empty mailbox, which
 * is what a parked peer has nearly all the time, holds no arrays at all.
 */
final class Mailbox implements Iterable<MailItem> {

  private static final MailItem[] NO_ITEMS = new MailItem[0];
  private static final long[] NO_IDS = new long[0];
  private static final int FIRST_CAPACITY = 4;

  /** A ring: the oldest item at {@code head}, the others after it, wrapping around. Capacity a power of two. */
  private MailItem[] items = NO_ITEMS;
  private long[] ids = NO_IDS;
  private int head;
  private int size;

  int size() {
    return size;
  }

  boolean isEmpty() {
    return size == 0;
  }

  boolean containsId(long itemId) {
    for (int i = 0; i < size; i++) {
      if (ids[slot(i)] == itemId) {
        return true;
      }
    }
    return false;
  }

  void addLast(MailItem item) {
    makeRoom();
    int slot = slot(size);
    items[slot] = item;
    ids[slot] = item.id();
    size++;
  }

  void addFirst(MailItem item) {
    makeRoom();
    head = (head - 1) & (items.length - 1);
    items[head] = item;
    ids[head] = item.id();
    size++;
  }

  /** The oldest item, removed; null when empty. */
  MailItem pollFirst() {
    if (size == 0) {
      return null;
    }
    MailItem first = items[head];
    items[head] = null;
    head = (head + 1) & (items.length - 1);
    size--;
    if (size == 0) {
      letGo();
    }
    return first;
  }

  /** Removes the oldest item that matches and returns it; null when none does. Later items keep their order. */
  MailItem removeFirst(Predicate<MailItem> matching) {
    for (int i = 0; i < size; i++) {
      MailItem item = items[slot(i)];
      if (matching.test(item)) {
        for (int j = i; j < size - 1; j++) {
          items[slot(j)] = items[slot(j + 1)];
          ids[slot(j)] = ids[slot(j + 1)];
        }
        items[slot(size - 1)] = null;
        size--;
        if (size == 0) {
          letGo();
        }
        return item;
      }
    }
    return null;
  }

  @Override
  public Iterator<MailItem> iterator() {
    return new Iterator<>() {
      private int next;

      @Override
      public boolean hasNext() {
        return next < size;
      }

      @Override
      public MailItem next() {
        if (next >= size) {
          throw new NoSuchElementException();
        }
        return items[slot(next++)];
      }
    };
  }

  /**
   * Empty again: the arrays go, however large a burst made them. A parked peer's mailbox is empty nearly all the
   * time, and a node holds thousands of them; a mailbox in use gets small arrays back with its next item.
   */
  private void letGo() {
    items = NO_ITEMS;
    ids = NO_IDS;
    head = 0;
  }

  private int slot(int index) {
    return (head + index) & (items.length - 1);
  }

  /** Grows the ring when full, oldest item moving to the front. */
  private void makeRoom() {
    if (size < items.length) {
      return;
    }
    int capacity = items.length == 0 ? FIRST_CAPACITY : items.length * 2;
    MailItem[] grownItems = new MailItem[capacity];
    long[] grownIds = new long[capacity];
    for (int i = 0; i < size; i++) {
      grownItems[i] = items[slot(i)];
      grownIds[i] = ids[slot(i)];
    }
    items = grownItems;
    ids = grownIds;
    head = 0;
  }
}
