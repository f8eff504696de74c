package io.signaling.testing;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** A Prometheus text exposition, read sample by sample: {@code name{labels} value}, comments skipped. */
public final class PrometheusText {

  private final Map<String, Double> samples = new LinkedHashMap<>();

  public PrometheusText(String exposition) {
    for (String line : exposition.split("\n")) {
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      int split = line.lastIndexOf(' ');
      samples.put(line.substring(0, split), Double.parseDouble(line.substring(split + 1)));
    }
  }

  /** The sample with exactly this name and label text, e.g. {@code signaling_responses_total{endpoint="wait",status="200"}}. */
  public Optional<Double> sample(String nameAndLabels) {
    return Optional.ofNullable(samples.get(nameAndLabels));
  }

  public double value(String nameAndLabels) {
    return sample(nameAndLabels).orElseThrow(() -> new AssertionError("no sample " + nameAndLabels + " in "
        + samples.keySet()));
  }

  /** Whether any sample of this metric family is present. */
  public boolean has(String name) {
    return samples.keySet().stream().anyMatch(key -> key.equals(name) || key.startsWith(name + "{"));
  }
}
