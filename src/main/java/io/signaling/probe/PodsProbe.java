package io.signaling.probe;

import io.signaling.probe.RoundTripProbe.ProbeFailure;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Every pod on its own, as a load balancer cannot show them: a split cluster answers a round trip through the
 * Service as well as a whole one, as long as both requests land on the same half. So each pod must be ready and
 * see exactly as many members as there are pods, and a message posted on each pod must arrive through the next
 * one (stored by one member, delivered by another).
 */
final class PodsProbe {

  private static final String MEMBERS_METRIC = "signaling_cluster_members ";

  private final RoundTripProbe probe;
  private final RoundTripProbe.Arguments arguments;
  private final int timeoutMillis;
  private final PrintStream log;
  private final HttpClient management;

  PodsProbe(RoundTripProbe probe, RoundTripProbe.Arguments arguments, PrintStream log) {
    this.probe = probe;
    this.arguments = arguments;
    this.timeoutMillis = probe.timeoutMillis();
    this.log = log;
    this.management = HttpClient.newBuilder().connectTimeout(Duration.ofMillis(timeoutMillis)).build();
  }

  void check() throws IOException, ProbeFailure {
    List<InetAddress> pods = pods();
    int expected = arguments.expectMembers > 0 ? arguments.expectMembers : pods.size();
    RoundTripProbe.expect(pods.size() == expected, arguments.members + " lists " + pods.size() + " pod(s) "
        + addresses(pods) + ", expected " + expected);
    for (InetAddress pod : pods) {
      int members = membersSeenBy(pod);
      RoundTripProbe.expect(members == expected, "pod " + pod.getHostAddress() + " sees " + members
          + " member(s), expected " + expected + ": the pods do not form one cluster");
      log.printf("probe: pod %s is ready and sees %d members%n", pod.getHostAddress(), members);
    }
    for (int i = 0; pods.size() > 1 && i < pods.size(); i++) {
      probe.roundTrip(signaling(pods.get(i)), signaling(pods.get((i + 1) % pods.size())));
    }
    log.printf("probe: OK, %d pod(s) form one cluster%s%n", pods.size(),
        pods.size() > 1 ? " and a message went from each pod to the next" : "");
  }

  /** Every address the name (or each of the comma-separated names) resolves to, in a stable order. */
  private List<InetAddress> pods() throws ProbeFailure {
    Set<InetAddress> found = new LinkedHashSet<>();
    for (String name : arguments.members.split(",")) {
      try {
        found.addAll(List.of(InetAddress.getAllByName(name.strip())));
      } catch (java.net.UnknownHostException e) {
        throw new ProbeFailure("no pod found under " + name.strip() + ": " + e.getMessage());
      }
    }
    List<InetAddress> sorted = new ArrayList<>(found);
    sorted.sort(java.util.Comparator.comparing(InetAddress::getHostAddress));
    return sorted;
  }

  private ProbeClient signaling(InetAddress pod) {
    return probe.client(pod.getHostAddress(), arguments.signalingPort);
  }

  /** The pod must be ready; then its own count of the cluster's members, from its metrics. */
  private int membersSeenBy(InetAddress pod) throws IOException, ProbeFailure {
    String base = "http://" + hostLiteral(pod) + ":" + arguments.managementPort;
    HttpResponse<String> ready = get(base + "/health/ready");
    RoundTripProbe.expect(ready.statusCode() == 200, "pod " + pod.getHostAddress() + " is not ready ("
        + ready.statusCode() + "): " + ready.body().strip());
    HttpResponse<String> metrics = get(base + "/metrics");
    RoundTripProbe.expect(metrics.statusCode() == 200, "pod " + pod.getHostAddress() + " answered "
        + metrics.statusCode() + " for its metrics");
    return metrics.body().lines().filter(line -> line.startsWith(MEMBERS_METRIC))
        .map(line -> (int) Double.parseDouble(line.substring(MEMBERS_METRIC.length()).strip()))
        .findFirst().orElseThrow(() -> new ProbeFailure("pod " + pod.getHostAddress() + " has no "
            + MEMBERS_METRIC.strip() + " metric"));
  }

  private HttpResponse<String> get(String url) throws IOException {
    HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofMillis(timeoutMillis)).build();
    try {
      return management.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
  }

  private static String hostLiteral(InetAddress address) {
    String text = ProbeClient.literal(address);
    return address instanceof java.net.Inet6Address ? "[" + text + "]" : text;
  }

  private static String addresses(List<InetAddress> pods) {
    return pods.stream().map(InetAddress::getHostAddress).toList().toString();
  }
}
