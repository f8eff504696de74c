package io.signaling.http;

import static io.signaling.testing.WireAssertions.assertAnswered;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.signaling.guard.UntrustedForwarding;

import io.signaling.testing.WireClient;
import io.signaling.testing.WireResponse;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * Behind a proxy that cannot speak the PROXY protocol (ingress-nginx), the client of each request is the one the
 * trusted proxy names in X-Forwarded-For; anybody else's X-Forwarded-For is ignored, and the node logs that it
 * sees a proxy it was not told about.
 */
class TrustedProxiesIT extends OneNodeIT {

  @Override
  String[] flags() {
    return new String[] {"--trusted-proxies", "127.0.13.0/24", "--sign-ins-per-address", "2/1m",
        "--max-connections-per-address", "2"};
  }

  @Test
  void aTrustedProxysRequestsCountForTheClientItNames() {
    WireClient ingress = client.from("127.0.13.1");
    for (int i = 0; i < 2; i++) {
      assertAnswered(signIn(ingress, "203.0.113.5", "behind-the-ingress" + i), 200);
    }
    // A client adding an entry of its own cannot escape: the proxy's entry (right-most) is the one believed.
    assertAnswered(signIn(ingress, "198.51.100.99, 203.0.113.5", "spoofing"), 429);
    assertAnswered(signIn(ingress, "203.0.113.6", "another-client"), 200);
  }

  @Test
  void aTrustedProxyIsNotHeldToOneClientsConnections() {
    WireClient ingress = client.from("127.0.13.2");
    var held = new java.util.ArrayList<WireClient.PendingRequest>();
    try {
      for (int i = 0; i < 5; i++) {
        held.add(ingress.open());
      }
      assertAnswered(signIn(ingress, "203.0.113.7", "many-connections"), 200);
    } finally {
      held.forEach(WireClient.PendingRequest::close);
    }
  }

  @Test
  void anybodyElsesForwardedForIsIgnoredAndTheNodeSaysItSeesAProxy() {
    Logger logger = (Logger) LoggerFactory.getLogger(UntrustedForwarding.class);
    ListAppender<ILoggingEvent> log = new ListAppender<>();
    log.start();
    logger.addAppender(log);
    try {
      WireClient stranger = client.from("127.0.14.1");
      for (int i = 0; i < 2; i++) {
        assertAnswered(signIn(stranger, "192.0.2." + i, "stranger" + i), 200);
      }
      assertAnswered(signIn(stranger, "192.0.2.77", "stranger-again"), 429);
      assertThat(log.list).as("what the operator reads").anySatisfy(event -> {
        assertThat(event.getLevel()).isEqualTo(Level.WARN);
        assertThat(event.getFormattedMessage()).contains("requests from 127.0.14.1 name their client in"
            + " X-Forwarded-For: this node sees a proxy's address", "--trusted-proxies");
      });
    } finally {
      logger.detachAppender(log);
    }
  }

  private static WireResponse signIn(WireClient client, String forwardedFor, String name) {
    return client.exchange("GET /sign_in?" + name + " HTTP/1.1\r\nHost: signaling\r\nX-Forwarded-For: "
        + forwardedFor + "\r\n\r\n");
  }
}
