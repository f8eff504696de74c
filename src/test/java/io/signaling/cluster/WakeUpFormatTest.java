package io.signaling.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.signaling.directory.MailItem;
import io.signaling.directory.Waiter;
import io.vertx.core.buffer.Buffer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/**
 * Golden bytes of the wake-ups nodes send each other on the event bus, as this release writes them: a node of the
 * next release must read them, so they may not change without a new version beside them. Run with
 * {@code -Dformats.write=true} to write the files of a new format.
 */
class WakeUpFormatTest {

  private static final Path GOLDEN = Path.of("src", "test", "resources", "cluster-formats", "v1");
  private static final Waiter WAITER = new Waiter("node-7f3a", 42);

  @Test
  void aHandOverOfAMessageReadsBackAsWritten() throws IOException {
    MailItem message = MailItem.restore(0x1122334455667788L, false, 17, "text/plain",
        "{\"type\":\"offer\"}".getBytes(StandardCharsets.UTF_8), 1_764_000_000_000L);
    WakeUps.Received read = golden("wake-up-hand-over", WakeUps.handOverMessage(WAITER, 3, message));
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

  @Test
  void aHandOverOfANotificationWithoutATypeReadsBackAsWritten() throws IOException {
    MailItem join = MailItem.restore(-5L, true, 0, null, "alice,3,1\n".getBytes(StandardCharsets.UTF_8),
        1_764_000_000_123L);
    WakeUps.Received read = golden("wake-up-hand-over-notification", WakeUps.handOverMessage(WAITER, 9, join));
    assertThat(read.item().isNotification()).isTrue();
    assertThat(read.item().contentType()).isNull();
    assertThat(read.item().body()).isEqualTo(join.body());
  }

  @Test
  void wakeAndDropReadBackAsWritten() throws IOException {
    assertThat(golden("wake-up-wake", WakeUps.signalMessage(WakeUps.WAKE, WAITER)).verb()).isEqualTo(WakeUps.WAKE);
    WakeUps.Received drop = golden("wake-up-drop", WakeUps.signalMessage(WakeUps.DROP, WAITER));
    assertThat(drop.verb()).isEqualTo(WakeUps.DROP);
    assertThat(drop.waiter().token()).isEqualTo(42);
  }

  /** Checks the bytes this release writes against the golden ones, and reads the golden ones. */
  private static WakeUps.Received golden(String name, Buffer written) throws IOException {
    Path file = GOLDEN.resolve(name + ".hex");
    if (Boolean.getBoolean("formats.write")) {
      Files.writeString(file, HexFormat.of().formatHex(written.getBytes()) + "\n");
    }
    byte[] golden = HexFormat.of().parseHex(Files.readString(file).strip());
    assertThat(HexFormat.of().formatHex(written.getBytes())).as(name).isEqualTo(HexFormat.of().formatHex(golden));
    return WakeUps.read(Buffer.buffer(golden), "this-node");
  }
}
