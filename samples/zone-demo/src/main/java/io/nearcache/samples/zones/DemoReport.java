package io.nearcache.samples.zones;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * Writes what the demo saw: {@code zone-demo-report.json} (every sample and scene, one per line)
 * and {@code zone-demo-report.html} (charts of hit ratio, latency, throughput and invalidation lag
 * over time, with the scenes marked), both self-contained.
 */
final class DemoReport {
  private static final String[] COLOURS = {"#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e"};
  private static final int WIDTH = 900;
  private static final int HEIGHT = 220;
  private static final int MARGIN = 50;

  private final String mode;
  private final double seconds;
  private final List<Sample> samples;
  private final List<Scene> scenes;

  DemoReport(String mode, double seconds, List<Sample> samples, List<Scene> scenes) {
    this.mode = mode;
    this.seconds = seconds;
    this.samples = List.copyOf(samples);
    this.scenes = List.copyOf(scenes);
  }

  /** Sum of errors and wrong values over every sample. */
  long errors() {
    return samples.stream().mapToLong(s -> s.errors() + s.wrong()).sum();
  }

  /** Writes both files into the directory and returns the HTML file. */
  Path write(Path directory) throws IOException {
    Files.createDirectories(directory);
    Files.writeString(directory.resolve("zone-demo-report.json"), json(), StandardCharsets.UTF_8);
    Path html = directory.resolve("zone-demo-report.html");
    Files.writeString(html, html(), StandardCharsets.UTF_8);
    return html;
  }

  String json() {
    StringBuilder text = new StringBuilder("{\n");
    text.append("  \"mode\": \"").append(mode).append("\",\n");
    text.append(String.format(Locale.ROOT, "  \"seconds\": %.1f,%n", seconds));
    long gets = samples.stream().mapToLong(Sample::gets).sum();
    long errors = samples.stream().mapToLong(Sample::errors).sum();
    long wrong = samples.stream().mapToLong(Sample::wrong).sum();
    text.append(
        String.format(
            Locale.ROOT,
            "  \"totals\": {\"gets\": %d, \"errors\": %d, \"wrong\": %d},%n",
            gets,
            errors,
            wrong));
    text.append("  \"scenes\": [\n");
    for (int i = 0; i < scenes.size(); i++) {
      Scene scene = scenes.get(i);
      text.append(
          String.format(
              Locale.ROOT,
              "    {\"seconds\": %.1f, \"id\": \"%s\", \"title\": \"%s\", \"facts\": {",
              scene.seconds(),
              scene.id(),
              escape(scene.title())));
      int n = 0;
      for (Map.Entry<String, String> fact : scene.facts().entrySet()) {
        text.append(n++ == 0 ? "" : ", ")
            .append('"')
            .append(escape(fact.getKey()))
            .append("\": \"")
            .append(escape(fact.getValue()))
            .append('"');
      }
      text.append("}}").append(i < scenes.size() - 1 ? "," : "").append('\n');
    }
    text.append("  ],\n  \"samples\": [\n");
    for (int i = 0; i < samples.size(); i++) {
      Sample s = samples.get(i);
      text.append(
          String.format(
              Locale.ROOT,
              "    {\"seconds\": %.1f, \"instance\": \"%s\", \"gets\": %d, \"puts\": %d,"
                  + " \"near\": %d, \"remote\": %d, \"local\": %d, \"misses\": %d,"
                  + " \"errors\": %d, \"wrong\": %d, \"p50us\": %d, \"p99us\": %d,"
                  + " \"lagP99ms\": %d, \"zones\": \"%s\"}%s%n",
              s.seconds(),
              s.instance(),
              s.gets(),
              s.puts(),
              s.near(),
              s.remote(),
              s.local(),
              s.misses(),
              s.errors(),
              s.wrong(),
              s.p50Micros(),
              s.p99Micros(),
              s.lagP99Millis(),
              s.zones(),
              i < samples.size() - 1 ? "," : ""));
    }
    return text.append("  ]\n}\n").toString();
  }

  String html() {
    StringBuilder page = new StringBuilder();
    page.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
        .append("<title>nearcache zone demo</title><style>")
        .append("body{font-family:sans-serif;margin:2em;color:#222}")
        .append("table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:4px 8px;")
        .append("text-align:left;vertical-align:top}svg{background:#fafafa;margin:0.5em 0}")
        .append("</style></head><body>\n");
    page.append("<h1>nearcache zone demo</h1>\n<p>")
        .append(
            mode.equals("zones")
                ? "Three memcached zones of two nodes each on this machine, one application JVM"
                    + " per zone running a Zipf 0.99 read/write workload through the JCache API."
                : "No memcached found: one application JVM on the embedded near tier alone.")
        .append(
            String.format(
                Locale.ROOT,
                " %.0f seconds, %d reads, %d errors or wrong values seen by callers.</p>%n",
                seconds,
                samples.stream().mapToLong(Sample::gets).sum(),
                errors()));
    page.append("<h2>Scenes</h2>\n<table><tr><th>t</th><th>scene</th><th>observed</th></tr>\n");
    for (Scene scene : scenes) {
      page.append(
          String.format(
              Locale.ROOT,
              "<tr><td>%.1f s</td><td>%s</td><td>%s</td></tr>%n",
              scene.seconds(),
              escapeHtml(scene.title()),
              escapeHtml(scene.facts().toString())));
    }
    page.append("</table>\n");
    page.append(chart("Hit ratio (near + remote), %", s -> 100 * s.hitRatio(), 100));
    page.append(chart("Local-zone share of reads, %", s -> 100 * s.localRatio(), 100));
    page.append(chart("Near-tier share of reads, %", s -> 100 * s.nearRatio(), 100));
    page.append(chart("Get latency p99, microseconds", s -> s.p99Micros(), 0));
    page.append(chart("Operations per second", Sample::opsPerSecond, 0));
    page.append(chart("Invalidation lag p99 per half second, ms", s -> Math.max(0, s.lagP99Millis()), 0));
    return page.append("</body></html>\n").toString();
  }

  /** One SVG line chart, a line per instance, the scenes as dashed verticals. */
  private String chart(String title, ToDoubleFunction<Sample> metric, double fixedMax) {
    Map<String, List<Sample>> byInstance = new LinkedHashMap<>();
    for (Sample s : samples) {
      byInstance.computeIfAbsent(s.instance(), i -> new ArrayList<>()).add(s);
    }
    double max = fixedMax;
    if (max <= 0) {
      for (Sample s : samples) {
        max = Math.max(max, metric.applyAsDouble(s));
      }
      max = max <= 0 ? 1 : max * 1.1;
    }
    double span = Math.max(1, seconds);
    StringBuilder svg = new StringBuilder();
    svg.append("<h2>").append(escapeHtml(title)).append("</h2>\n");
    svg.append(
        String.format(
            Locale.ROOT,
            "<svg width=\"%d\" height=\"%d\" xmlns=\"http://www.w3.org/2000/svg\">%n",
            WIDTH,
            HEIGHT + 40));
    svg.append(
        String.format(
            Locale.ROOT,
            "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#999\"/>"
                + "<text x=\"5\" y=\"%d\" font-size=\"11\">%.0f</text>"
                + "<text x=\"5\" y=\"%d\" font-size=\"11\">0</text>%n",
            MARGIN,
            HEIGHT,
            WIDTH - 10,
            HEIGHT,
            20,
            max,
            HEIGHT));
    for (Scene scene : scenes) {
      double x = MARGIN + (WIDTH - MARGIN - 10) * scene.seconds() / span;
      svg.append(
          String.format(
              Locale.ROOT,
              "<line x1=\"%.1f\" y1=\"10\" x2=\"%.1f\" y2=\"%d\" stroke=\"#888\""
                  + " stroke-dasharray=\"4 3\"/><text x=\"%.1f\" y=\"%d\" font-size=\"10\">%s</text>%n",
              x,
              x,
              HEIGHT,
              x + 2,
              HEIGHT + 14,
              escapeHtml(scene.id())));
    }
    int colour = 0;
    for (Map.Entry<String, List<Sample>> line : byInstance.entrySet()) {
      StringBuilder points = new StringBuilder();
      for (Sample s : line.getValue()) {
        double x = MARGIN + (WIDTH - MARGIN - 10) * s.seconds() / span;
        double y = HEIGHT - (HEIGHT - 10) * Math.min(1, metric.applyAsDouble(s) / max);
        points.append(String.format(Locale.ROOT, "%.1f,%.1f ", x, y));
      }
      String stroke = COLOURS[colour % COLOURS.length];
      svg.append(
          String.format(
              Locale.ROOT,
              "<polyline fill=\"none\" stroke=\"%s\" stroke-width=\"1.5\" points=\"%s\"/>"
                  + "<text x=\"%d\" y=\"%d\" font-size=\"11\" fill=\"%s\">%s</text>%n",
              stroke,
              points.toString().trim(),
              MARGIN + 110 * colour,
              HEIGHT + 32,
              stroke,
              escapeHtml(line.getKey())));
      colour++;
    }
    return svg.append("</svg>\n").toString();
  }

  private static String escape(String text) {
    return text.replace("\\", "\\\\").replace("\"", "\\\"");
  }

  private static String escapeHtml(String text) {
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }
}
