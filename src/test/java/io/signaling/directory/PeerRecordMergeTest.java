package io.signaling.directory;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The same peer's record from both halves of a split, united as {@link PeerMerge} does when the halves merge. The
 * two records start as one (the state at the split) and then each half goes on on its own, as in the cluster.
 */
class PeerRecordMergeTest {

  private static final Waiter MAJORITY_WAIT = new Waiter("node-a", 1);
  private static final Waiter MINORITY_WAIT = new Waiter("node-c", 2);

  private final PeerRecord atSplit = new PeerRecord(77, bytes("alice"), 1_000, PeerOwner.NOBODY);

  @Test
  void itemsEitherSideStillOwesAreKeptOnceInTheOrderTheyWereStored() {
    atSplit.append(item("before-1", 10));
    atSplit.append(item("before-2", 11));
    PeerRecord majority = copy(atSplit);
    PeerRecord minority = copy(atSplit);
    majority.append(item("majority-1", 20));
    minority.append(item("minority-1", 15)); // acknowledged by the minority before it noticed the split
    majority.append(item("majority-2", 30));

    PeerRecord united = majority.unitedWith(minority, Long.MIN_VALUE);

    assertThat(bodies(united)).containsExactly("before-1", "before-2", "minority-1", "majority-1", "majority-2");
  }

  @Test
  void anItemOneSideDeliveredIsNotOwedAgain() {
    MailItem first = item("before-1", 10);
    MailItem second = item("before-2", 11);
    atSplit.append(first);
    atSplit.append(second);
    PeerRecord majority = copy(atSplit);
    PeerRecord minority = copy(atSplit);
    deliverHead(majority, MAJORITY_WAIT); // before-1, by the majority during the split
    deliverHead(minority, MINORITY_WAIT); // before-1 too: the minority handed it over before it stopped
    deliverHead(minority, MINORITY_WAIT); // before-2, by the minority only

    PeerRecord united = majority.unitedWith(minority, Long.MIN_VALUE);

    assertThat(bodies(united)).isEmpty();
    assertThat(united.wasDelivered(first.id())).isTrue();
    assertThat(united.wasDelivered(second.id())).as("remembered for a later merge or a repeated store").isTrue();
  }

  /**
   * The majority delivered more since the split than a record remembers: what the minority still holds from before
   * the split is known to be delivered by when it was stored, while what it stored since is kept.
   */
  @Test
  void itemsFromBeforeTheSplitThatOnlyTheMinorityStillHoldsWereDeliveredHere() {
    atSplit.append(item("before-1", 10));
    PeerRecord majority = copy(atSplit);
    PeerRecord minority = copy(atSplit);
    for (int i = 0; i < PeerRecord.DELIVERED_KEPT + 1; i++) {
      majority.append(item("majority-" + i, 100 + i));
      deliverHead(majority, MAJORITY_WAIT); // before-1 first, then the majority's own
    }
    minority.append(item("minority-1", 60)); // after the split (at 50), before the minority noticed

    PeerRecord united = majority.unitedWith(minority, 50);

    assertThat(bodies(united)).containsExactly("minority-1", "majority-" + PeerRecord.DELIVERED_KEPT)
        .doesNotContain("before-1");
  }

  @Test
  void anItemInFlightOnTheMinorityIsOwedAgainAndTheMajoritysWaitIsKept() {
    atSplit.append(item("before-1", 10));
    PeerRecord majority = copy(atSplit);
    PeerRecord minority = copy(atSplit);
    majority.setWaiter(MAJORITY_WAIT);
    minority.setWaiter(MINORITY_WAIT);
    minority.handOut(MINORITY_WAIT, 12); // never settled: the minority stopped first
    majority.touch(5_000);

    PeerRecord united = majority.unitedWith(minority, Long.MIN_VALUE);

    assertThat(bodies(united)).containsExactly("before-1");
    assertThat(united.waiter()).isEqualTo(MAJORITY_WAIT);
    assertThat(united.hasInFlight()).isFalse();
    assertThat(united.lastSeen()).isEqualTo(5_000);
  }

  @Test
  void theRecordsOfTwoPeersThatDrewOneIdAreNotTheSamePeer() {
    PeerRecord other = new PeerRecord(77, bytes("mallory"), 1_000, PeerOwner.NOBODY);
    PeerRecord later = new PeerRecord(77, bytes("alice"), 1_001, PeerOwner.NOBODY);
    assertThat(atSplit.samePeerAs(copy(atSplit))).isTrue();
    assertThat(atSplit.samePeerAs(other)).isFalse();
    assertThat(atSplit.samePeerAs(later)).isFalse();
  }

  @Test
  void aRecordRemembersOnlyItsLastDeliveries() {
    List<MailItem> items = new ArrayList<>();
    for (int i = 0; i < PeerRecord.DELIVERED_KEPT + 4; i++) {
      MailItem item = item("m" + i, i);
      items.add(item);
      atSplit.append(item);
      deliverHead(atSplit, MAJORITY_WAIT);
    }
    assertThat(atSplit.wasDelivered(items.get(3).id())).isFalse();
    assertThat(atSplit.wasDelivered(items.get(4).id())).isTrue();
    assertThat(atSplit.wasDelivered(items.get(items.size() - 1).id())).isTrue();
  }

  private static void deliverHead(PeerRecord record, Waiter to) {
    assertThat(record.handOut(to, 0)).isNotNull();
    assertThat(record.settle(to)).isTrue();
  }

  /** A copy through the record format, as the other half's replica would be. */
  private static PeerRecord copy(PeerRecord record) {
    try {
      io.signaling.format.FieldsOut out = new io.signaling.format.FieldsOut(record.revision());
      record.writeFields(out);
      PeerRecord copy = new PeerRecord();
      copy.readFields(new io.signaling.format.FieldsIn(out.toByteArray()));
      return copy;
    } catch (java.io.IOException e) {
      throw new AssertionError(e);
    }
  }

  private static List<String> bodies(PeerRecord record) {
    List<String> bodies = new ArrayList<>();
    record.forEachUndelivered(item -> bodies.add(new String(item.body(), StandardCharsets.US_ASCII)));
    return bodies;
  }

  private static MailItem item(String body, long storedAt) {
    return MailItem.message(5, "text/plain", bytes(body), storedAt);
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.US_ASCII);
  }
}
