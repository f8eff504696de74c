package io.signaling.loadtest;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramIterationValue;

/** The report's page: inline SVG line charts, readable without a network or a script. */
final class Charts {

  private static final String[] COLOURS = {"#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b"};
  private static final int WIDTH = 760;
  private static final int HEIGHT = 320;
  private static final int LEFT = 60;
  private static final int BOTTOM = 40;
  private static final int TOP = 30;
  private static final int RIGHT = 150;

  record Series(String name, List<double[]> points) {
  }

  private Charts() {
  }

  static String html(Run run, String commandLine) {
    StringBuilder page = new StringBuilder("<!doctype html>\n<html><head><meta charset=\"utf-8\"><title>")
        .append(escape(run.scenario)).append(" load test</title><style>body{font-family:sans-serif;margin:2em;"
            + "max-width:900px}pre{background:#f6f6f6;padding:1em;overflow-x:auto}</style></head><body>\n<h1>")
        .append(escape(run.scenario)).append("</h1>\n<pre>").append(escape(Report.text(run, commandLine)))
        .append("</pre>\n");
    List<Series> distributions = new ArrayList<>();
    for (Latencies each : run.allLatencies()) {
      Histogram total = each.total();
      if (total.getTotalCount() == 0) {
        continue;
      }
      List<double[]> points = new ArrayList<>();
      for (HistogramIterationValue value : total.percentiles(5)) {
        double percentile = Math.min(value.getPercentileLevelIteratedTo(), 99.9999);
        points.add(new double[] {Math.log10(100 / (100 - percentile)), value.getValueIteratedTo() / 1000.0});
      }
      distributions.add(new Series(each.name(), points));
    }
    page.append("<h2>Latency by percentile</h2>\n").append(svg(distributions, "percentile", "ms",
        x -> String.format(Locale.ROOT, "%s", Report.label(100 - 100 / Math.pow(10, x)).replace("p", ""))));
    List<Series> throughput = new ArrayList<>();
    List<Series> p99 = new ArrayList<>();
    for (Latencies each : run.allLatencies()) {
      List<double[]> counts = new ArrayList<>();
      List<double[]> tails = new ArrayList<>();
      for (Latencies.Interval interval : each.intervals()) {
        counts.add(new double[] {interval.atSeconds(), interval.count()});
        if (interval.count() > 0) {
          tails.add(new double[] {interval.atSeconds(), interval.p99Millis()});
        }
      }
      if (counts.stream().anyMatch(point -> point[1] > 0)) {
        throughput.add(new Series(each.name(), counts));
        p99.add(new Series(each.name(), tails));
      }
    }
    page.append("<h2>Throughput over time (per second)</h2>\n")
        .append(svg(throughput, "seconds", "per second", x -> String.format(Locale.ROOT, "%.0f", x)))
        .append("<h2>p99 latency over time</h2>\n")
        .append(svg(p99, "seconds", "ms", x -> String.format(Locale.ROOT, "%.0f", x)))
        .append("</body></html>\n");
    return page.toString();
  }

  private static String svg(List<Series> series, String xLabel, String yLabel,
                            java.util.function.DoubleFunction<String> xTick) {
    double maxX = 0;
    double maxY = 0;
    for (Series each : series) {
      for (double[] point : each.points()) {
        maxX = Math.max(maxX, point[0]);
        maxY = Math.max(maxY, point[1]);
      }
    }
    maxX = maxX == 0 ? 1 : maxX;
    maxY = maxY == 0 ? 1 : niceCeiling(maxY);
    int plotWidth = WIDTH - LEFT - RIGHT;
    int plotHeight = HEIGHT - TOP - BOTTOM;
    StringBuilder svg = new StringBuilder(String.format(Locale.ROOT,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" font-size=\"11\">%n", WIDTH, HEIGHT));
    svg.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"none\" "
        + "stroke=\"#999\"/>%n", LEFT, TOP, plotWidth, plotHeight));
    for (int i = 0; i <= 4; i++) {
      double y = TOP + plotHeight - plotHeight * i / 4.0;
      svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#eee\"/>"
              + "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%s</text>%n", LEFT, y, LEFT + plotWidth, y, LEFT - 4,
          y + 4, trim(maxY * i / 4)));
      double x = LEFT + plotWidth * i / 4.0;
      svg.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%s</text>%n", x,
          TOP + plotHeight + 15, xTick.apply(maxX * i / 4)));
    }
    svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">%s</text>%n",
        LEFT + plotWidth / 2, HEIGHT - 5, escape(xLabel)));
    svg.append(String.format(Locale.ROOT, "<text x=\"12\" y=\"%d\" transform=\"rotate(-90 12 %d)\" "
        + "text-anchor=\"middle\">%s</text>%n", TOP + plotHeight / 2, TOP + plotHeight / 2, escape(yLabel)));
    for (int s = 0; s < series.size(); s++) {
      Series each = series.get(s);
      String colour = COLOURS[s % COLOURS.length];
      StringBuilder points = new StringBuilder();
      for (double[] point : each.points()) {
        points.append(String.format(Locale.ROOT, "%.1f,%.1f ", LEFT + plotWidth * point[0] / maxX,
            TOP + plotHeight - plotHeight * Math.min(point[1], maxY) / maxY));
      }
      svg.append(String.format(Locale.ROOT, "<polyline fill=\"none\" stroke=\"%s\" stroke-width=\"1.5\" "
          + "points=\"%s\"/>%n", colour, points.toString().trim()));
      svg.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"10\" height=\"10\" fill=\"%s\"/>"
          + "<text x=\"%d\" y=\"%d\">%s</text>%n", LEFT + plotWidth + 10, TOP + 16 * s, colour,
          LEFT + plotWidth + 24, TOP + 16 * s + 9, escape(each.name())));
    }
    return svg.append("</svg>\n").toString();
  }

  private static double niceCeiling(double value) {
    double magnitude = Math.pow(10, Math.floor(Math.log10(value)));
    for (double step : new double[] {1, 2, 2.5, 5, 10}) {
      if (step * magnitude >= value) {
        return step * magnitude;
      }
    }
    return 10 * magnitude;
  }

  private static String trim(double value) {
    return value == Math.rint(value) ? String.valueOf((long) value) : String.format(Locale.ROOT, "%.2f", value);
  }

  static String escape(String text) {
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }
}
