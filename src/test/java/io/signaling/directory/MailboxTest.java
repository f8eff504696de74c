package io.signaling.directory;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class MailboxTest {

  private static MailItem item(String body) {
    return MailItem.message(7, "text/plain", body.getBytes(StandardCharsets.US_ASCII), 1_000);
  }

  private static List<MailItem> contents(Mailbox mailbox) {
    List<MailItem> all = new ArrayList<>();
    mailbox.forEach(all::add);
    return all;
  }

  @Test
  void anEmptyMailboxHoldsNothingAndPollsNull() {
    Mailbox mailbox = new Mailbox();
    assertThat(mailbox.isEmpty()).isTrue();
    assertThat(mailbox.pollFirst()).isNull();
    assertThat(mailbox.containsId(0)).isFalse();
    assertThat(mailbox.removeFirst(any -> true)).isNull();
    assertThat(contents(mailbox)).isEmpty();
  }

  @Test
  void keepsOrderAcrossGrowthAndWrapping() {
    Mailbox mailbox = new Mailbox();
    MailItem a = item("a");
    MailItem b = item("b");
    MailItem c = item("c");
    MailItem d = item("d");
    MailItem e = item("e");
    mailbox.addLast(b);
    mailbox.addLast(c);
    mailbox.addFirst(a); // wraps to the end of the first ring
    mailbox.addLast(d);
    mailbox.addLast(e); // grows, the oldest first
    assertThat(contents(mailbox)).containsExactly(a, b, c, d, e);
    assertThat(mailbox.size()).isEqualTo(5);
    assertThat(mailbox.pollFirst()).isSameAs(a);
    assertThat(mailbox.pollFirst()).isSameAs(b);
    assertThat(contents(mailbox)).containsExactly(c, d, e);
  }

  @Test
  void findsAnItemByItsIdOnlyWhileItIsThere() {
    Mailbox mailbox = new Mailbox();
    MailItem a = item("a");
    MailItem b = item("b");
    mailbox.addLast(a);
    mailbox.addLast(b);
    assertThat(mailbox.containsId(a.id())).isTrue();
    assertThat(mailbox.containsId(b.id())).isTrue();
    assertThat(mailbox.containsId(item("c").id())).isFalse();
    mailbox.pollFirst();
    assertThat(mailbox.containsId(a.id())).isFalse();
    assertThat(mailbox.removeFirst(queued -> queued == b)).isSameAs(b);
    assertThat(mailbox.containsId(b.id())).isFalse();
    assertThat(mailbox.isEmpty()).isTrue();
  }

  @Test
  void removesTheFirstMatchFromTheMiddleKeepingTheRestInOrder() {
    Mailbox mailbox = new Mailbox();
    List<MailItem> added = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      MailItem next = item(i % 2 == 0 ? "even" : "odd");
      added.add(next);
      mailbox.addLast(next);
    }
    mailbox.pollFirst(); // the ring no longer starts at slot 0
    mailbox.addLast(item("last"));
    MailItem removed = mailbox.removeFirst(queued -> new String(queued.body(), StandardCharsets.US_ASCII).equals("even"));
    assertThat(removed).isSameAs(added.get(2));
    List<MailItem> left = contents(mailbox);
    assertThat(left).hasSize(5);
    assertThat(left.subList(0, 4)).containsExactly(added.get(1), added.get(3), added.get(4), added.get(5));
    for (MailItem kept : left) {
      assertThat(mailbox.containsId(kept.id())).isTrue();
    }
    assertThat(mailbox.containsId(removed.id())).isFalse();
  }

  @Test
  void startsAfreshOnceEmptied() {
    Mailbox mailbox = new Mailbox();
    for (int round = 0; round < 3; round++) {
      List<MailItem> added = new ArrayList<>();
      for (int i = 0; i < 9; i++) {
        MailItem next = item("r" + round + "i" + i);
        added.add(next);
        mailbox.addLast(next);
      }
      MailItem last = added.remove(8);
      assertThat(mailbox.removeFirst(queued -> queued == last)).isSameAs(last);
      for (MailItem expected : added) {
        assertThat(mailbox.pollFirst()).isSameAs(expected);
      }
      assertThat(mailbox.isEmpty()).isTrue();
      assertThat(mailbox.containsId(last.id())).isFalse();
      MailItem only = item("only");
      mailbox.addFirst(only);
      assertThat(contents(mailbox)).containsExactly(only);
      assertThat(mailbox.removeFirst(queued -> queued == only)).isSameAs(only);
      assertThat(mailbox.pollFirst()).isNull();
    }
  }

  @Test
  void behavesAsADequeUnderARandomMixOfOperations() {
    Random random = new Random(42);
    Mailbox mailbox = new Mailbox();
    ArrayDeque<MailItem> expected = new ArrayDeque<>();
    for (int step = 0; step < 20_000; step++) {
      int operation = random.nextInt(10);
      if (operation < 4) {
        MailItem next = item("x" + step);
        mailbox.addLast(next);
        expected.addLast(next);
      } else if (operation < 5) {
        MailItem next = item("y" + step);
        mailbox.addFirst(next);
        expected.addFirst(next);
      } else if (operation < 9) {
        assertThat(mailbox.pollFirst()).isSameAs(expected.pollFirst());
      } else if (!expected.isEmpty()) {
        MailItem victim = new ArrayList<>(expected).get(random.nextInt(expected.size()));
        assertThat(mailbox.removeFirst(queued -> queued == victim)).isSameAs(victim);
        expected.remove(victim);
        assertThat(mailbox.containsId(victim.id())).isFalse();
      }
      assertThat(mailbox.size()).isEqualTo(expected.size());
      if (!expected.isEmpty()) {
        assertThat(mailbox.containsId(expected.peekLast().id())).isTrue();
      }
    }
    assertThat(contents(mailbox)).containsExactlyElementsOf(expected);
  }
}
