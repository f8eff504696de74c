package io.signaling.ops;

import static io.signaling.testing.WireAssertions.assertAnswered;
import static org.assertj.core.api.Assertions.assertThat;

import io.signaling.main.SignalingNode;
import io.signaling.testing.Conditions;
import io.signaling.testing.PrometheusText;
import io.signaling.testing.TestNodes;
import io.signaling.testing.WireClient;
import io.signaling.testing.WireClient.PendingRequest;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The management port as Kubernetes and Prometheus use it: probes with their reasons, and the metrics. */
class ManagementEndpointsIT {

  private static SignalingNode node;
  private static WireClient client;

  @BeforeAll
  static void start() {
    node = TestNodes.start();
    client = new WireClient(node.port());
    Conditions.await("the node is ready", node::isReady);
  }

  @AfterAll
  static void stop() {
    TestNodes.stop(node);
  }

  private static HttpResponse<String> get(String path) throws IOException, InterruptedException {
    return HttpClient.newHttpClient().send(HttpRequest.newBuilder(
        URI.create("http://127.0.0.1:" + node.managementPort() + path)).build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void readinessNamesEveryCheckAndLivenessIsCheap() throws Exception {
    HttpResponse<String> ready = get(ManagementServer.READINESS_PATH);
    assertThat(ready.statusCode()).isEqualTo(200);
    JsonObject report = new JsonObject(ready.body());
    assertThat(report.getString("status")).isEqualTo("ready");
    assertThat(report.getJsonObject("checks").getMap()).containsExactlyInAnyOrderEntriesOf(java.util.Map.of(
        "clusterMember", true, "wakeUpConsumer", true, "serving", true, "clusterSafeSeen", true, "draining", false, "quorum", true));
    HttpResponse<String> live = get(ManagementServer.LIVENESS_PATH);
    assertThat(live.statusCode()).isEqualTo(200);
    assertThat(new JsonObject(live.body()).getString("status")).isEqualTo("live");
    assertThat(get("/health/nothing").statusCode()).isEqualTo(404);
  }

  @Test
  void metricsCountWhatTheProtocolDid() throws Exception {
    PrometheusText before = scrape();
    int alice = client.signInId("metrics-alice");
    int bob = client.signInId("metrics-bob");
    assertAnswered(client.startWait(alice).response(), 200); // bob's join
    try (PendingRequest aliceWait = client.startWait(alice)) {
      Conditions.await("alice's /wait is parked", () -> node.parkedWaits() == 1);
      PrometheusText parked = scrape();
      assertThat(parked.value("signaling_waits_parked")).isEqualTo(1.0);
      assertThat(parked.value("signaling_peers_online")).isEqualTo(2.0);
      assertAnswered(client.message(bob, alice, "hello"), 200);
      assertThat(assertAnswered(aliceWait.response(), 200).body()).isEqualTo("hello");
    }
    assertAnswered(client.message(bob, 999_999, "nobody"), 500);
    assertAnswered(client.signOut(alice), 200);
    assertAnswered(client.signOut(bob), 200);

    PrometheusText after = scrape();
    assertThat(delta(before, after, "signaling_messages_total{outcome=\"stored\"}")).isEqualTo(1.0);
    assertThat(delta(before, after, "signaling_messages_total{outcome=\"unknown_peer\"}")).isEqualTo(1.0);
    assertThat(delta(before, after, "signaling_message_delivery_seconds_count")).isEqualTo(1.0);
    assertThat(delta(before, after, "signaling_notifications_delivered_total")).isEqualTo(1.0);
    assertThat(delta(before, after, "signaling_notifications_total{outcome=\"stored\"}")).isEqualTo(2.0);
    assertThat(delta(before, after, "signaling_responses_total{endpoint=\"sign_in\",status=\"200\"}")).isEqualTo(2.0);
    assertThat(delta(before, after, "signaling_responses_total{endpoint=\"wait\",status=\"200\"}")).isEqualTo(2.0);
    assertThat(delta(before, after, "signaling_responses_total{endpoint=\"message\",status=\"500\"}")).isEqualTo(1.0);
    assertThat(delta(before, after, "signaling_request_duration_seconds_count{endpoint=\"message\"}")).isEqualTo(2.0);
    assertThat(delta(before, after, "signaling_mailbox_depth_items_count")).as("a message and two notifications")
        .isEqualTo(3.0);
    assertThat(after.value("signaling_peers_online")).isEqualTo(0.0);
    assertThat(after.value("signaling_cluster_members")).isEqualTo(1.0);
    assertThat(after.value("signaling_node_ready")).isEqualTo(1.0);
    assertThat(after.value("process_resident_memory_bytes")).isGreaterThan(10_000_000.0);
    // Families present from the start (GC pause timers appear only after a first collection).
    for (String family : new String[] {"jvm_memory_used_bytes", "jvm_gc_max_data_size_bytes", "jvm_threads_live_threads",
        "process_cpu_usage", "process_uptime_seconds", "process_files_open_files",
        "signaling_message_delivery_seconds_bucket", "signaling_connections_open"}) {
      assertThat(after.has(family)).as(family).isTrue();
    }
  }

  private static PrometheusText scrape() throws Exception {
    HttpResponse<String> metrics = get(ManagementServer.METRICS_PATH);
    assertThat(metrics.statusCode()).isEqualTo(200);
    assertThat(metrics.headers().firstValue("Content-Type")).hasValueSatisfying(type ->
        assertThat(type).startsWith("text/plain; version=0.0.4"));
    return new PrometheusText(metrics.body());
  }

  private static double delta(PrometheusText before, PrometheusText after, String sample) {
    return after.value(sample) - before.sample(sample).orElse(0.0);
  }
}
