package io.signaling.cluster;

import static io.signaling.testing.WireAssertions.assertAnswered;
import static org.assertj.core.api.Assertions.assertThat;

import io.signaling.testing.BrowserClient;
import io.signaling.testing.ProcessCluster;
import io.signaling.testing.WireClient;
import io.signaling.testing.WireClient.PendingRequest;
import io.signaling.testing.WireResponse;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** Three node processes behind HAProxy (the project's template): the wire stays exact, requests spread. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LoadBalancerIT {

  private ProcessCluster cluster;
  private WireClient client;

  @BeforeAll
  void start() {
    cluster = ProcessCluster.start("load-balancer", 3);
    client = cluster.client();
  }

  @AfterAll
  void stop() {
    cluster.close();
  }

  @Test
  void theHeaderBlockSurvivesTheBalancerForEveryKindOfClient() {
    List<String> variants = List.of("HTTP/1.0\r\n", "HTTP/1.0\r\nConnection: keep-alive\r\n",
        "HTTP/1.1\r\nHost: x\r\n", "HTTP/1.1\r\nHost: x\r\nConnection: keep-alive\r\n",
        "HTTP/1.1\r\nHost: x\r\nConnection: close\r\n");
    for (String variant : variants) {
      WireResponse reply = assertAnswered(client.exchange("GET /sign_in?lb " + variant + "\r\n"), 200);
      assertThat(reply.saysConnectionClose()).as(variant).isTrue();
      assertThat(reply.pragma()).isPositive();
      assertThat(reply.header("Content-Type")).isEqualTo("text/plain");
    }
    assertAnswered(client.exchange("GET /nope HTTP/1.0\r\n\r\n"), 500);
    assertAnswered(client.exchange("PUT / HTTP/1.1\r\nHost: x\r\n\r\n"), 405);
    assertAnswered(client.exchange("POST /message?peer_id=1&to=2 HTTP/1.0\r\nContent-Type: text/plain\r\n\r\n"), 411);
  }

  @Test
  void requestsAreSpreadOverTheNodesWithoutStickiness() {
    // Each node hands out ids from its own block of 64: consecutive sign-ins on different nodes differ by more.
    List<Integer> ids = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      ids.add(client.signInId("spread" + i));
    }
    assertThat(ids.stream().map(id -> (id - 1) / 64).distinct().count()).as("id blocks used: %s", ids)
        .isGreaterThanOrEqualTo(2);
  }

  @Test
  void aBrowserSessionAndACppSessionTalkThroughTheBalancer() {
    BrowserClient browser = new BrowserClient(client.port());
    int page = browser.signIn("Page");
    int native_ = client.signInId("native");
    assertThat(browser.startWait(page).response().body()).isEqualTo("native," + native_ + ",1\n");
    try (PendingRequest wait = browser.startWait(page)) {
      assertAnswered(client.message(native_, page, "{\"type\":\"offer\"}"), 200);
      WireResponse offer = assertAnswered(wait.response(), 200);
      assertThat(offer.header("Pragma")).isEqualTo(String.valueOf(native_));
      assertThat(offer.body()).isEqualTo("{\"type\":\"offer\"}");
    }
    assertAnswered(browser.send(page, native_, "{\"type\":\"answer\"}"), 200);
    WireResponse answer = null;
    for (int i = 0; i < 2 && (answer == null || answer.pragma() != page); i++) {
      answer = assertAnswered(client.startWait(native_).response(), 200); // may be preceded by a join
    }
    assertThat(answer.body()).isEqualTo("{\"type\":\"answer\"}");
  }
}
