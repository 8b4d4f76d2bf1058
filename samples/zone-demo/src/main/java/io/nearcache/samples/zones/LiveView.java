package io.nearcache.samples.zones;

import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The terminal view: one row per instance with its latest half-second, the nodes of each zone,
 * the current scene and what the scenes measured. On a terminal it redraws in place (ANSI); in a
 * log (plain mode) it prints the table every few seconds instead.
 */
final class LiveView {
  private static final String CLEAR = "\033[H\033[2J";

  private final PrintStream out;
  private final boolean ansi;

  LiveView(PrintStream out, boolean ansi) {
    this.out = out;
    this.ansi = ansi;
  }

  boolean ansi() {
    return ansi;
  }

  /** Draws the whole view. */
  void render(
      double seconds,
      String mode,
      Scene current,
      Map<String, Sample> latest,
      Map<String, String> nodes,
      List<Scene> scenes) {
    StringBuilder text = new StringBuilder();
    if (ansi) {
      text.append(CLEAR);
    }
    text.append(
        String.format(
            Locale.ROOT, "nearcache zone demo (%s)   t = %5.1f s%n", mode, seconds));
    if (current != null) {
      text.append("scene: ").append(current.title()).append('\n');
    }
    text.append('\n');
    text.append(
        String.format(
            Locale.ROOT,
            "%-10s %-5s %9s %7s %7s %7s %6s %8s %8s %8s %6s  %s%n",
            "instance",
            "zone",
            "ops/s",
            "near",
            "remote",
            "local",
            "miss",
            "get p50",
            "get p99",
            "lag p99",
            "errors",
            "zones seen (nodes up/total)"));
    for (Map.Entry<String, Sample> row : latest.entrySet()) {
      Sample s = row.getValue();
      text.append(
          String.format(
              Locale.ROOT,
              "%-10s %-5s %9.0f %6.1f%% %6.1f%% %6.1f%% %5.1f%% %6d us %6d us %8s %6d  %s%n",
              row.getKey(),
              zoneOf(row.getKey()),
              s.opsPerSecond(),
              100 * s.nearRatio(),
              100 * s.remoteRatio(),
              100 * s.localRatio(),
              s.gets() == 0 ? 0.0 : 100.0 * s.misses() / s.gets(),
              s.p50Micros(),
              s.p99Micros(),
              s.lagP99Millis() < 0 ? "-" : s.lagP99Millis() + " ms",
              s.errors() + s.wrong(),
              s.zones()));
    }
    if (!nodes.isEmpty()) {
      text.append("\nmemcached nodes: ");
      nodes.forEach((node, state) -> text.append(node).append(' ').append(state).append("  "));
      text.append('\n');
    }
    if (!scenes.isEmpty()) {
      text.append("\nscenes so far:\n");
      for (Scene scene : scenes) {
        text.append(String.format(Locale.ROOT, "  %5.1f s  %s", scene.seconds(), scene.title()));
        if (!scene.facts().isEmpty()) {
          text.append("  ").append(scene.facts());
        }
        text.append('\n');
      }
    }
    out.print(text);
    out.flush();
  }

  /** Announces a scene as one line (plain mode; the ANSI view shows it on the next redraw). */
  void announce(double seconds, Scene scene) {
    if (!ansi) {
      out.printf(Locale.ROOT, "%n== %5.1f s: %s%n", seconds, scene.title());
      out.flush();
    }
  }

  private static String zoneOf(String instance) {
    int dash = instance.lastIndexOf('-');
    return dash < 0 ? "-" : instance.substring(dash + 1);
  }
}
