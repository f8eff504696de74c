package io.signaling.ops;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmInfoMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.signaling.time.NodeClock;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The node's Prometheus registry: the signaling meters plus the JVM's and the process's. One per node, so
 * several nodes in one JVM (tests) keep their figures apart.
 */
public final class NodeTelemetry implements AutoCloseable {

  private static final Path PROC_STATUS = Path.of("/proc/self/status");

  private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final JvmGcMetrics gc = new JvmGcMetrics();
  private final SignalingMetrics signaling;

  public NodeTelemetry(NodeClock clock) {
    signaling = new SignalingMetrics(registry, clock);
    new JvmMemoryMetrics().bindTo(registry);
    gc.bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ClassLoaderMetrics().bindTo(registry);
    new JvmInfoMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new UptimeMetrics().bindTo(registry);
    new FileDescriptorMetrics().bindTo(registry);
    if (Files.isReadable(PROC_STATUS)) {
      // Heap figures miss what a parked connection costs in direct buffers and the kernel; RSS does not.
      Gauge.builder("process.resident.memory", NodeTelemetry::residentBytes)
          .description("Resident set size of the node's process").baseUnit("bytes").register(registry);
    }
  }

  public SignalingMetrics signaling() {
    return signaling;
  }

  /** The Prometheus text exposition; reads every gauge, so call it off the event loops. */
  public String scrape() {
    return registry.scrape();
  }

  @Override
  public void close() {
    gc.close();
    registry.close();
  }

  private static double residentBytes() {
    try {
      for (String line : Files.readAllLines(PROC_STATUS)) {
        if (line.startsWith("VmRSS:")) {
          return Double.parseDouble(line.substring(6).trim().split("\\s+")[0]) * 1024;
        }
      }
    } catch (IOException | NumberFormatException e) {
      // a reading that cannot be taken is reported as missing, not as zero
    }
    return Double.NaN;
  }
}
