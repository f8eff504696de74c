package io.signaling.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.signaling.main.SignalingNode;
import io.signaling.testing.Conditions;
import io.signaling.testing.TestNodes;
import io.signaling.testing.WireClient;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Every metric the chart's alert rules and Grafana dashboard read is one a real node exports: a renamed metric
 * would otherwise leave an alert that can never fire and an empty panel, and nothing else would say so.
 */
class MetricsNamedByOperationsIT {

  /** Metric names in PromQL: ours, the JVM's and the process's (kube-state-metrics' come from elsewhere). */
  private static final Pattern METRIC = Pattern.compile("\\b((?:signaling|jvm|process)_[a-z0-9_]+)\\b");

  @Test
  void everyMetricARuleOrAPanelReadsIsExportedByANode() {
    Set<String> named = new TreeSet<>();
    collect(HelmChartTest.alertRules(), named);
    collect(HelmChartTest.dashboard(), named);
    assertThat(named).as("the rules and panels name our metrics").contains("signaling_cluster_members",
        "signaling_connections_limit", "signaling_message_delivery_seconds_bucket", "jvm_gc_pause_seconds_sum");

    SignalingNode node = TestNodes.start();
    try {
      // Some series exist only once they have something to count: an answer, a delivery, a collection.
      WireClient client = new WireClient(node.port());
      int receiver = client.signInId("receiver");
      int sender = client.signInId("sender");
      assertThat(client.startWait(receiver).response().status()).isEqualTo(200);
      assertThat(client.message(sender, receiver, "counted").status()).isEqualTo(200);
      assertThat(client.startWait(receiver).response().body()).isEqualTo("counted");
      System.gc(); // the collector's pauses are recorded from its notifications, a moment later
      Conditions.await("a collection is recorded", () -> node.scrapeMetrics().contains("jvm_gc_pause_seconds_sum"));
      String exposition = node.scrapeMetrics();
      Set<String> exported = new TreeSet<>();
      exposition.lines().filter(line -> !line.startsWith("#") && !line.isBlank())
          .forEach(line -> exported.add(line.split("[{ ]", 2)[0]));
      assertThat(exported).as("metrics a node exports").containsAll(named);
    } finally {
      TestNodes.stop(node);
    }
  }

  private static void collect(String text, Set<String> names) {
    Matcher matcher = METRIC.matcher(text);
    while (matcher.find()) {
      names.add(matcher.group(1));
    }
  }
}
