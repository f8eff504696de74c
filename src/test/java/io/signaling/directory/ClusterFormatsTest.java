package io.signaling.directory;

import static org.assertj.core.api.Assertions.assertThat;

import com.hazelcast.internal.serialization.InternalSerializationService;
import com.hazelcast.internal.serialization.impl.DefaultSerializationServiceBuilder;
import com.hazelcast.internal.serialization.impl.HeapData;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Golden bytes of everything the directory sends through Hazelcast, as this release writes it
 * ({@code src/test/resources/cluster-formats/v1}, one hex file per type). A node of the next release must read what
 * this one wrote, and this one what the next writes, so these bytes may not change: a change of format comes with
 * a new version beside them, and every earlier version must still decode. Run with {@code -Dformats.write=true}
 * to write the files of a new format (then review and commit them).
 */
class ClusterFormatsTest {

  private static final Path GOLDEN = Path.of("src", "test", "resources", "cluster-formats", "v1");
  private static final InternalSerializationService SERIALIZATION = new DefaultSerializationServiceBuilder()
      .addDataSerializableFactory(DirectorySerialization.FACTORY_ID, new DirectorySerialization()).build();

  private static final Waiter WAITER = new Waiter("node-7f3a", 42);
  private static final MailItem MESSAGE = MailItem.restore(0x1122334455667788L, false, 17, "text/plain",
      "{\"type\":\"offer\"}".getBytes(StandardCharsets.UTF_8), 1_764_000_000_000L);
  private static final MailItem JOIN = MailItem.restore(-5L, true, 0, null,
      "alice,3,1\n".getBytes(StandardCharsets.UTF_8), 1_764_000_000_123L);

  /** One object of every type, with every field set, built the same way every run. */
  static Map<String, Object> samples() {
    PeerRecord record = new PeerRecord(3, "alice".getBytes(StandardCharsets.UTF_8), 1_764_000_000_000L);
    record.touch(1_764_000_000_500L);
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
    samples.put("register", new PeerProcessors.Register("bob".getBytes(StandardCharsets.UTF_8), 1_764_000_001_000L));
    samples.put("park", new PeerProcessors.Park(WAITER, 1_764_000_001_000L));
    samples.put("deliver", new PeerProcessors.Deliver(MESSAGE, 1000, 1 << 20));
    samples.put("take", new PeerProcessors.Take(WAITER, 1_764_000_001_000L));
    samples.put("settle", new PeerProcessors.Settle(WAITER, true));
    samples.put("unpark", new PeerProcessors.Unpark(WAITER, 1_764_000_001_000L));
    samples.put("exists", new PeerProcessors.Exists());
    samples.put("remove", new PeerProcessors.Remove(1_764_000_001_000L));
    samples.put("recover", new PeerProcessors.Recover(new NeedsRecovery("node-7f3a", 1_764_000_001_000L)));
    samples.put("idle-peers", new IdlePeers(1_764_000_001_000L));
    samples.put("peer-listing", new PeerListing());
    samples.put("id-block", new IdBlock(64));
    samples.put("needs-recovery", new NeedsRecovery("node-7f3a", 1_764_000_001_000L));
    samples.put("undelivered-census", new UndeliveredCensus(512));
    return samples;
  }

  static Stream<Arguments> types() {
    return samples().entrySet().stream().map(each -> Arguments.of(each.getKey(), each.getValue()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("types")
  void theFormatOfThisReleaseIsUnchangedAndReadsBackToTheSameBytes(String name, Object sample) throws IOException {
    byte[] written = SERIALIZATION.toData(sample).toByteArray();
    Path file = GOLDEN.resolve(name + ".hex");
    if (Boolean.getBoolean("formats.write")) {
      Files.writeString(file, HexFormat.of().formatHex(written) + "\n");
    }
    byte[] golden = HexFormat.of().parseHex(Files.readString(file).strip());
    assertThat(HexFormat.of().formatHex(written)).as("%s as this release writes it", name)
        .isEqualTo(HexFormat.of().formatHex(golden));
    Object read = SERIALIZATION.toObject(new HeapData(golden));
    assertThat(read).isInstanceOf(sample.getClass());
    assertThat(SERIALIZATION.toData(read).toByteArray()).as("%s read and written again", name).isEqualTo(golden);
  }

  @org.junit.jupiter.api.Test
  void aRecordReadFromItsGoldenBytesHoldsWhatWasWritten() throws IOException {
    PeerRecord read = SERIALIZATION.toObject(new HeapData(HexFormat.of().parseHex(
        Files.readString(GOLDEN.resolve("peer-record.hex")).strip())));
    assertThat(read.id()).isEqualTo(3);
    assertThat(new String(read.name(), StandardCharsets.UTF_8)).isEqualTo("alice");
    assertThat(read.lastSeen()).isEqualTo(1_764_000_000_500L);
    assertThat(read.waiter()).isEqualTo(WAITER);
    assertThat(read.queuedItems()).isEqualTo(1);
    assertThat(read.inFlightTo(WAITER).body()).isEqualTo(JOIN.body());
  }
}
