package io.signaling.guard;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class UntrustedForwardingTest {

  @Test
  void theConnectionsAddressCountsAndAForwardedHeaderIsReportedOnceAMinute() {
    AtomicLong now = new AtomicLong(1_000_000);
    UntrustedForwarding direct = new UntrustedForwarding(PeerBinding.ADDRESS, now::get);
    Logger logger = (Logger) LoggerFactory.getLogger(UntrustedForwarding.class);
    ListAppender<ILoggingEvent> log = new ListAppender<>();
    log.start();
    logger.addAppender(log);
    try {
      assertThat(direct.clientOf("10.0.0.5", null)).isEqualTo("10.0.0.5");
      assertThat(log.list).isEmpty();
      assertThat(direct.clientOf("10.0.0.5", "203.0.113.9")).as("whatever the header says").isEqualTo("10.0.0.5");
      assertThat(direct.clientOf("10.0.0.6", "203.0.113.9")).isEqualTo("10.0.0.6");
      assertThat(log.list).hasSize(1);
      assertThat(log.list.get(0).getFormattedMessage()).contains("10.0.0.5", "a peer is bound to the proxy");
      now.addAndGet(60_000);
      direct.clientOf("10.0.0.6", "203.0.113.9");
      assertThat(log.list).hasSize(2);
    } finally {
      logger.detachAppender(log);
    }
  }
}
