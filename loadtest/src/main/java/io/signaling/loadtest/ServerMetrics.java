package io.signaling.loadtest;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * What the nodes themselves report on their management ports (/metrics), summed over the nodes, and a full
 * garbage collection on node processes of this machine before heap is read, so live data is what is measured.
 */
final class ServerMetrics {

  private final List<URI> metricsUrls;
  private final List<Long> serverPids;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  ServerMetrics(List<URI> metricsUrls, List<Long> serverPids) {
    this.metricsUrls = metricsUrls;
    this.serverPids = serverPids;
  }

  boolean available() {
    return !metricsUrls.isEmpty();
  }

  /** The sum over the nodes of every sample of this metric family (all label sets). */
  double sum(String family) throws IOException, InterruptedException {
    return sumWhere(family, "");
  }

  /** Heap in use on the nodes, after a full collection when their process ids are known (jcmd GC.run). */
  double heapAfterCollection() throws IOException, InterruptedException {
    for (long pid : serverPids) {
      Process jcmd = new ProcessBuilder("jcmd", String.valueOf(pid), "GC.run").redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
      if (!jcmd.waitFor(60, TimeUnit.SECONDS)) {
        jcmd.destroyForcibly();
      }
    }
    return sumWhere("jvm_memory_used_bytes", "area=\"heap\"");
  }

  double residentBytes() throws IOException, InterruptedException {
    return sum("process_resident_memory_bytes");
  }

  /** The sum over the nodes of the samples of this family whose line contains {@code label} ("" for all). */
  private double sumWhere(String family, String label) throws IOException, InterruptedException {
    double total = 0;
    for (URI url : metricsUrls) {
      String text = http.send(HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(10)).build(),
          HttpResponse.BodyHandlers.ofString()).body();
      for (String line : text.split("\n")) {
        if ((line.startsWith(family + " ") || line.startsWith(family + "{")) && line.contains(label)) {
          total += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
        }
      }
    }
    return total;
  }

  boolean gcBeforeHeap() {
    return !serverPids.isEmpty();
  }
}
