package io.signaling.directory;

import static org.assertj.core.api.Assertions.assertThat;

import com.hazelcast.internal.serialization.InternalSerializationService;
import com.hazelcast.internal.serialization.impl.DefaultSerializationServiceBuilder;
import com.hazelcast.internal.serialization.impl.HeapData;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.AbstractMap;
import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PeerOwnerTest {

  private static final InternalSerializationService SERIALIZATION = new DefaultSerializationServiceBuilder()
      .addDataSerializableFactory(DirectorySerialization.FACTORY_ID, new DirectorySerialization()).build();

  @Test
  void eachBoundPartMustMatchAndAnEmptyOneBindsNothing() {
    PeerOwner both = new PeerOwner("198.51.100.7", "alice");
    assertThat(both.admits(new PeerOwner("198.51.100.7", "alice"))).isTrue();
    assertThat(both.admits(new PeerOwner("198.51.100.8", "alice"))).isFalse();
    assertThat(both.admits(new PeerOwner("198.51.100.7", "mallory"))).isFalse();
    assertThat(both.admits(PeerOwner.NOBODY)).isFalse();
    assertThat(PeerOwner.NOBODY.admits(new PeerOwner("203.0.113.1", "anyone"))).isTrue();
    assertThat(new PeerOwner(null, null)).isEqualTo(PeerOwner.NOBODY);
  }

  @Test
  void aStepOfTheReleaseBeforeBindingPresentsNobodyAndIsLetThrough() throws Exception {
    // Those nodes check nothing during a rolling upgrade; refusing their steps would break their clients.
    PeerRecord bound = new PeerRecord(3, "alice".getBytes(StandardCharsets.UTF_8), 1, new PeerOwner("198.51.100.7", ""));
    Map.Entry<Integer, PeerRecord> entry = new AbstractMap.SimpleEntry<>(3, bound);
    PeerProcessors.Exists exists = earlier("exists");
    assertThat(exists.process(entry)).isTrue();
    PeerProcessors.Park park = earlier("park");
    assertThat(park.process(entry).kind()).isNotEqualTo(ParkOutcome.Kind.UNKNOWN_PEER);
  }

  @Test
  void aRecordOfTheReleaseBeforeBindingIsBoundToNobody() throws Exception {
    PeerRecord earlier = earlier("peer-record");
    assertThat(earlier.owner()).isEqualTo(PeerOwner.NOBODY);
  }

  /** The step or record as the release before binding wrote it (golden bytes of cluster-formats/v3). */
  private static <T> T earlier(String type) throws Exception {
    String hex = Files.readString(Path.of("src", "test", "resources", "cluster-formats", "v3", type + ".hex")).strip();
    return SERIALIZATION.toObject(new HeapData(HexFormat.of().parseHex(hex)));
  }
}
