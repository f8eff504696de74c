package io.signaling.guard;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class WarningPaceTest {

  @Test
  void letsTheFirstWarningThroughThenOneAMinute() {
    AtomicLong now = new AtomicLong(5);
    WarningPace pace = WarningPace.perMinute(now::get);
    assertThat(pace.due()).isTrue();
    assertThat(pace.due()).isFalse();
    now.addAndGet(59_999);
    assertThat(pace.due()).isFalse();
    now.addAndGet(1);
    assertThat(pace.due()).isTrue();
    assertThat(pace.due()).isFalse();
  }
}
