package io.signaling.directory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.hazelcast.internal.serialization.InternalSerializationService;
import com.hazelcast.internal.serialization.impl.DefaultSerializationServiceBuilder;
import com.hazelcast.internal.serialization.impl.HeapData;
import io.signaling.format.FieldsIn;
import io.signaling.format.FieldsOut;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Golden bytes of everything the directory sends through Hazelcast ({@code src/test/resources/cluster-formats}, one
 * directory per format, one hex file per type): {@code v1} is the positional layout of the releases before versioned
 * formats, {@code v2} the first records, {@code v3} with delivered ids, {@code v4} with owners, {@code v5} with rooms, {@code v6} the records this release writes. Every format kept here must still decode, in every later
 * release; the newest of each layout is also what this release writes, byte for byte. A release that appends a
 * field adds a directory beside these (its records read by this release, which skips the field) and moves
 * {@link #WRITTEN} to it. Run with {@code -Dformats.write=true} to write the files of the formats in {@link #WRITTEN}
 * (then review and commit them).
 */
class ClusterFormatsTest {

  private static final Path FORMATS = Path.of("src", "test", "resources", "cluster-formats");
  /** Each format kept, with the layout it is written in. */
  static final Map<String, ClusterLayout> KEPT = Map.of("v1", ClusterLayout.POSITIONAL, "v2", ClusterLayout.RECORDS,
      "v3", ClusterLayout.RECORDS, "v4", ClusterLayout.RECORDS, "v5", ClusterLayout.RECORDS, "v6", ClusterLayout.RECORDS);
  /**
   * The formats this release writes. v3: a peer record remembers the ids it delivered last (revision 2). v4: a
   * peer record names its owner (revision 3), and the steps that act for a peer name who asks. v5: the owner names
   * the peer's room (record revision 4, registration revision 3), a delivery names the room its target must be in,
   * a summary names its peer's room, the room tally counts peers by room, and a listing summarizes the peers of a room.
   * v6: a park may settle the peer's previous hand-over first (park revision 3, the written waiter appended).
   */
  static final Set<String> WRITTEN = Set.of("v1", "v6");
  private static final InternalSerializationService SERIALIZATION = new DefaultSerializationServiceBuilder()
      .addDataSerializableFactory(DirectorySerialization.FACTORY_ID, new DirectorySerialization()).build();

  private static final Waiter WAITER = new Waiter("node-7f3a", 42);
  private static final PeerOwner OWNER = new PeerOwner("203.0.113.7", "alice@example.com", "team-7");
  private static final MailItem MESSAGE = MailItem.restore(0x1122334455667788L, false, 17, "text/plain",
      "{\"type\":\"offer\"}".getBytes(StandardCharsets.UTF_8), 1_764_000_000_000L);
  private static final MailItem JOIN = MailItem.restore(-5L, true, 0, null,
      "alice,3,1\n".getBytes(StandardCharsets.UTF_8), 1_764_000_000_123L);

  private static final MailItem DELIVERED = MailItem.restore(0x0102030405060708L, false, 17, "text/plain",
      "{\"type\":\"candidate\"}".getBytes(StandardCharsets.UTF_8), 1_763_999_999_000L);

  /** One object of every type, with every field set, built the same way every run. */
  static Map<String, Object> samples() {
    PeerRecord record = new PeerRecord(3, "alice".getBytes(StandardCharsets.UTF_8), 1_764_000_000_000L, OWNER);
    record.touch(1_764_000_000_500L);
    record.append(DELIVERED);
    record.handOut(WAITER, 1_764_000_000_400L);
    record.settle(WAITER);
    record.append(JOIN);
    record.append(MESSAGE);
    record.handOut(WAITER, 1_764_000_000_600L);
    record.setWaiter(WAITER);
    Map<String, Object> samples = new LinkedHashMap<>();
    samples.put("peer-record", record);
    samples.put("mail-item", MESSAGE);
    samples.put("notification", JOIN);
    samples.put("waiter", WAITER);
    samples.put("park-outcome", new ParkOutcome(ParkOutcome.Kind.ANSWER_NOW, MESSAGE, new Waiter("node-7f3a", 41)));
    samples.put("delivery-outcome", new DeliveryOutcome(DeliveryOutcome.Kind.STORED, WAITER, 2, MESSAGE));
    samples.put("peer-summary", new PeerSummary(record));
    samples.put("register", new PeerProcessors.Register("bob".getBytes(StandardCharsets.UTF_8), 1_764_000_001_000L,
        OWNER));
    samples.put("park", new PeerProcessors.Park(WAITER, 1_764_000_001_000L, OWNER));
    samples.put("park-settling", new PeerProcessors.Park(WAITER, 1_764_000_001_000L, OWNER, new Waiter("node-7f3a", 41)));
    samples.put("deliver", new PeerProcessors.Deliver(MESSAGE, 1000, 1 << 20, "team-7"));
    samples.put("take", new PeerProcessors.Take(WAITER, 1_764_000_001_000L));
    samples.put("settle", new PeerProcessors.Settle(WAITER, true, 0));
    samples.put("unpark", new PeerProcessors.Unpark(WAITER, 1_764_000_001_000L));
    samples.put("exists", new PeerProcessors.Exists(OWNER));
    samples.put("remove", new PeerProcessors.Remove(1_764_000_001_000L));
    samples.put("sign-out", PeerProcessors.Remove.by(OWNER));
    samples.put("recover", new PeerProcessors.Recover(new NeedsRecovery("node-7f3a", 1_764_000_001_000L)));
    samples.put("idle-peers", new IdlePeers(1_764_000_001_000L));
    samples.put("peer-listing", new PeerListing());
    samples.put("id-block", new IdBlock(64));
    samples.put("needs-recovery", new NeedsRecovery("node-7f3a", 1_764_000_001_000L));
    samples.put("undelivered-census", new UndeliveredCensus(512));
    samples.put("peer-merge", new PeerMerge());
    RoomTally tally = new RoomTally(1_764_000_000_200L);
    tally.accumulate(Map.entry(3, record));
    samples.put("room-tally", tally);
    samples.put("summarize", new PeerProcessors.Summarize("team-7"));
    samples.put("count-undelivered", new PeerProcessors.CountUndelivered());
    samples.put("announce", new PeerProcessors.Announce(JOIN, 1000, 1 << 20, java.util.Set.of(9, 3)));
    samples.put("announced", new Announced(new PeerSummary(record), new DeliveryOutcome(DeliveryOutcome.Kind.STORED,
        WAITER, 2, null)));
    return samples;
  }

  /** Every type in every format, but for types a kept format predates (it has no file for them). */
  static Stream<Arguments> typesInEachFormat() {
    return new TreeMap<>(KEPT).keySet().stream().flatMap(format -> samples().entrySet().stream()
        .filter(each -> WRITTEN.contains(format) || Files.exists(FORMATS.resolve(format).resolve(each.getKey() + ".hex")))
        .map(each -> Arguments.of(format, each.getKey(), each.getValue())));
  }

  static Stream<String> formats() {
    return new TreeMap<>(KEPT).keySet().stream();
  }

  @AfterEach
  void writeAsBefore() {
    ClusterFormat.writeAs(ClusterLayout.POSITIONAL);
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("typesInEachFormat")
  void everyKeptFormatDecodesAndTheWrittenOnesAreUnchanged(String format, String name, Object sample)
      throws IOException {
    ClusterLayout layout = KEPT.get(format);
    ClusterFormat.writeAs(layout);
    Path file = FORMATS.resolve(format).resolve(name + ".hex");
    if (WRITTEN.contains(format)) {
      byte[] written = SERIALIZATION.toData(sample).toByteArray();
      if (Boolean.getBoolean("formats.write")) {
        Files.writeString(file, HexFormat.of().formatHex(written) + "\n");
      }
      assertThat(HexFormat.of().formatHex(written)).as("%s in %s as this release writes it", name, format)
          .isEqualTo(Files.readString(file).strip());
    }
    byte[] golden = HexFormat.of().parseHex(Files.readString(file).strip());
    Object read = SERIALIZATION.toObject(new HeapData(golden));
    assertThat(read).isInstanceOf(sample.getClass());
    if (WRITTEN.contains(format)) {
      assertThat(HexFormat.of().formatHex(SERIALIZATION.toData(read).toByteArray()))
          .as("%s in %s read and written again in the same layout", name, format)
          .isEqualTo(HexFormat.of().formatHex(golden));
    }
  }

  /**
   * A later release appends fields to records, the peer record's and its items' alike (say a room and a binding):
   * this release reads what it knows and skips the rest, with the mailbox intact after the skipped bytes.
   */
  @Test
  void aRecordWithFieldsOfALaterReleaseReadsAsItsKnownFields() throws IOException {
    FieldsOut later = new FieldsOut(3).writeInt(3).writeBytes("alice".getBytes(StandardCharsets.UTF_8))
        .writeLong(1_764_000_000_000L).writeLong(1_764_000_000_500L);
    later.writeRecord(WAITER, 2, (waiter, out) -> out.writeString(waiter.node()).writeLong(waiter.token())
        .writeString("a field of a later release"));
    later.writeInt(2);
    for (MailItem item : java.util.List.of(JOIN, MESSAGE)) {
      later.writeRecord(item, 2, (each, out) -> out.writeLong(each.id()).writeBoolean(each.isNotification())
          .writeInt(each.senderId()).writeString(each.contentType()).writeBytes(each.body())
          .writeLong(each.storedAt()).writeLong(77).writeBytes(new byte[] {1, 2, 3}));
    }
    later.writeInt(-1).writeInt(-1).writeLong(0).writeInt(1).writeLong(5)
        .writeString("203.0.113.7").writeString("alice@example.com").writeString("team-7")
        .writeString("a field of a later release").writeLong(99);

    PeerRecord read = new PeerRecord();
    read.readFields(new FieldsIn(later.toByteArray()));
    assertThat(read.id()).isEqualTo(3);
    assertThat(read.waiter()).isEqualTo(WAITER);
    assertThat(read.queuedItems()).isEqualTo(2);
    assertThat(read.hasInFlight()).isFalse();
    assertThat(read.wasDelivered(5)).isTrue();
    assertThat(read.room()).isEqualTo("team-7");
    MailItem first = read.poll();
    MailItem second = read.poll();
    assertThat(first.body()).isEqualTo(JOIN.body());
    assertThat(first.isNotification()).isTrue();
    assertThat(second.contentType()).isEqualTo("text/plain");
    assertThat(second.storedAt()).isEqualTo(MESSAGE.storedAt());
  }

  @Test
  void bytesThatAreNoRecordFailTheReadInsteadOfAllocatingWhatTheyClaim() {
    byte[] claimsAHugeName = new FieldsOut(1).writeInt(3).writeInt(Integer.MAX_VALUE).toByteArray();
    assertThatThrownBy(() -> new PeerRecord().readFields(new FieldsIn(claimsAHugeName)))
        .isInstanceOf(IOException.class);
    byte[] cutShort = new FieldsOut(1).writeInt(3).toByteArray();
    assertThatThrownBy(() -> new PeerRecord().readFields(new FieldsIn(cutShort))).isInstanceOf(IOException.class);
  }

  @ParameterizedTest
  @MethodSource("formats")
  void aRecordReadFromItsGoldenBytesHoldsWhatWasWritten(String format) throws IOException {
    PeerRecord read = SERIALIZATION.toObject(new HeapData(HexFormat.of().parseHex(
        Files.readString(FORMATS.resolve(format).resolve("peer-record.hex")).strip())));
    assertThat(read.id()).isEqualTo(3);
    assertThat(new String(read.name(), StandardCharsets.UTF_8)).isEqualTo("alice");
    assertThat(read.lastSeen()).isEqualTo(1_764_000_000_500L);
    assertThat(read.waiter()).isEqualTo(WAITER);
    assertThat(read.queuedItems()).isEqualTo(1);
    assertThat(read.inFlightTo(WAITER).body()).isEqualTo(JOIN.body());
  }
}
