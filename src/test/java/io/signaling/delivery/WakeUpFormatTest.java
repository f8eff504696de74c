package io.signaling.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import io.signaling.directory.ClusterLayout;
import io.signaling.directory.MailItem;
import io.signaling.directory.Waiter;
import io.vertx.core.buffer.Buffer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Golden bytes of the wake-ups nodes send each other on the event bus, in both layouts this release writes
 * ({@code v1} positional, while a node of an earlier release is in the cluster; {@code v2} records): a node of the
 * next release must read them, so they may not change without a new format beside them. Run with
 * {@code -Dformats.write=true} to write the files of a new format.
 */
class WakeUpFormatTest {

  private static final Path FORMATS = Path.of("src", "test", "resources", "cluster-formats");
  private static final Waiter WAITER = new Waiter("node-7f3a", 42);

  @ParameterizedTest
  @EnumSource(ClusterLayout.class)
  void aHandOverOfAMessageReadsBackAsWritten(ClusterLayout layout) throws IOException {
    MailItem message = MailItem.restore(0x1122334455667788L, false, 17, "text/plain",
        "{\"type\":\"offer\"}".getBytes(StandardCharsets.UTF_8), 1_764_000_000_000L);
    WakeUps.Received read = golden(layout, "wake-up-hand-over", WakeUps.handOverMessage(layout, WAITER, 3, message));
    assertThat(read.verb()).isEqualTo(WakeUps.HAND_OVER);
    assertThat(read.waiter()).isEqualTo(new Waiter("this-node", 42));
    assertThat(read.peerId()).isEqualTo(3);
    assertThat(read.item().id()).isEqualTo(message.id());
    assertThat(read.item().senderId()).isEqualTo(17);
    assertThat(read.item().contentType()).isEqualTo("text/plain");
    assertThat(read.item().body()).isEqualTo(message.body());
    assertThat(read.item().storedAt()).isEqualTo(message.storedAt());
    assertThat(read.item().isNotification()).isFalse();
  }

  @ParameterizedTest
  @EnumSource(ClusterLayout.class)
  void aHandOverOfANotificationWithoutATypeReadsBackAsWritten(ClusterLayout layout) throws IOException {
    MailItem join = MailItem.restore(-5L, true, 0, null, "alice,3,1\n".getBytes(StandardCharsets.UTF_8),
        1_764_000_000_123L);
    WakeUps.Received read = golden(layout, "wake-up-hand-over-notification",
        WakeUps.handOverMessage(layout, WAITER, 9, join));
    assertThat(read.item().isNotification()).isTrue();
    assertThat(read.item().contentType()).isNull();
    assertThat(read.item().body()).isEqualTo(join.body());
  }

  @ParameterizedTest
  @EnumSource(ClusterLayout.class)
  void wakeAndDropReadBackAsWritten(ClusterLayout layout) throws IOException {
    assertThat(golden(layout, "wake-up-wake", WakeUps.signalMessage(layout, WakeUps.WAKE, WAITER)).verb())
        .isEqualTo(WakeUps.WAKE);
    WakeUps.Received drop = golden(layout, "wake-up-drop", WakeUps.signalMessage(layout, WakeUps.DROP, WAITER));
    assertThat(drop.verb()).isEqualTo(WakeUps.DROP);
    assertThat(drop.waiter().token()).isEqualTo(42);
  }

  /** Checks the bytes this release writes against the golden ones, and reads the golden ones. */
  private static WakeUps.Received golden(ClusterLayout layout, String name, Buffer written) throws IOException {
    Path file = FORMATS.resolve(layout == ClusterLayout.POSITIONAL ? "v1" : "v2").resolve(name + ".hex");
    if (Boolean.getBoolean("formats.write")) {
      Files.writeString(file, HexFormat.of().formatHex(written.getBytes()) + "\n");
    }
    byte[] golden = HexFormat.of().parseHex(Files.readString(file).strip());
    assertThat(HexFormat.of().formatHex(written.getBytes())).as(name).isEqualTo(HexFormat.of().formatHex(golden));
    return WakeUps.read(Buffer.buffer(golden), "this-node");
  }
}
