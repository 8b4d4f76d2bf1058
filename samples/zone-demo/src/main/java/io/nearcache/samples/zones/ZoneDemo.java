package io.nearcache.samples.zones;

import io.nearcache.testsupport.MemcachedCluster;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The zone demo. With {@code memcached} installed it starts three zones of two nodes on loopback
 * ports and one application JVM per zone, shows them live, and plays scenes: a write reaching the
 * other zones, a node killed, a whole zone killed, everything restarted, a thundering herd. Without
 * memcached it runs one application JVM on the near tier alone. Either way it ends with an HTML
 * report, and stops every process it started, also on Ctrl-C.
 */
public final class ZoneDemo {
  private static final String USAGE =
      String.join(
          "\n",
          "Usage: ZoneDemo [--short] [--plain] [--report <dir>] [--help]",
          "",
          "  --short          a 40-second run (the full run takes under 2 minutes)",
          "  --plain          print the table every few seconds instead of redrawing the screen",
          "                   (the default when TERM is unset or dumb, e.g. in CI)",
          "  --report <dir>   where to write zone-demo-report.html and .json",
          "                   (default target/zone-demo)",
          "  --help           this text",
          "",
          "From the repository root: ./mvnw -B -q -Pdemo -pl samples/zone-demo -am package"
              + " -DskipTests [-Ddemo.args=--short]");

  private final boolean shortRun;
  private final LiveView view;
  private final Path reportDirectory;
  private final PrintStream out;
  private final long startNanos = System.nanoTime();
  private final Map<String, Sample> latest = Collections.synchronizedMap(new LinkedHashMap<>());
  private final List<Sample> samples = new CopyOnWriteArrayList<>();
  private final List<Scene> scenes = new CopyOnWriteArrayList<>();
  private final Map<String, String> nodes = new ConcurrentHashMap<>();
  private final List<InstanceProcess> instances = new CopyOnWriteArrayList<>();
  private volatile Scene current;
  private volatile MemcachedCluster cluster;
  private volatile boolean stopped;

  private ZoneDemo(boolean shortRun, boolean ansi, Path reportDirectory, PrintStream out) {
    this.shortRun = shortRun;
    this.view = new LiveView(out, ansi);
    this.reportDirectory = reportDirectory;
    this.out = out;
  }

  /** Runs the demo as the command line says; exits 1 if a caller saw an error. */
  public static void main(String[] args) throws Exception {
    boolean shortRun = false;
    String term = System.getenv("TERM");
    boolean ansi = term != null && !term.isBlank() && !term.equals("dumb");
    Path report = Path.of("target", "zone-demo");
    for (int i = 0; i < args.length; i++) {
      switch (args[i].trim()) {
        case "" -> { }
        case "--short" -> shortRun = true;
        case "--plain" -> ansi = false;
        case "--report" -> {
          if (i + 1 >= args.length) {
            System.err.println("--report needs a directory\n\n" + USAGE);
            System.exit(2);
          }
          report = Path.of(args[++i]);
        }
        case "--help", "-h" -> {
          System.out.println(USAGE);
          return;
        }
        default -> {
          System.err.println("Unknown option " + args[i] + "\n\n" + USAGE);
          System.exit(2);
        }
      }
    }
    DemoReport result = run(shortRun, ansi, report, System.out);
    System.exit(result.errors() == 0 ? 0 : 1);
  }

  /** Runs the whole demo and returns its report, already written to the directory. */
  static DemoReport run(boolean shortRun, boolean ansi, Path reportDirectory, PrintStream out)
      throws Exception {
    ZoneDemo demo = new ZoneDemo(shortRun, ansi, reportDirectory, out);
    Thread stopper = new Thread(demo::stop, "zone-demo-shutdown");
    Runtime.getRuntime().addShutdownHook(stopper);
    try {
      return demo.play();
    } finally {
      demo.stop();
      try {
        Runtime.getRuntime().removeShutdownHook(stopper);
      } catch (IllegalStateException e) {
        // already shutting down
      }
    }
  }

  private DemoReport play() throws Exception {
    Path logs = reportDirectory.toAbsolutePath();
    java.nio.file.Files.createDirectories(logs);
    String mode;
    Thread renderer = new Thread(this::renderLoop, "zone-demo-view");
    renderer.setDaemon(true);
    if (MemcachedCluster.isInstalled()) {
      mode = "zones";
      out.println("Starting 3 memcached zones of 2 nodes and 3 application JVMs...");
      cluster = MemcachedCluster.builder().zones(3).nodesPerZone(2).start();
      refreshNodes();
      Map<String, String> zones = new LinkedHashMap<>();
      for (String zone : cluster.zones()) {
        zones.put(zone, cluster.serversProperty(zone));
      }
      for (String zone : cluster.zones()) {
        startInstance("app-" + zone, zone, zones, logs);
      }
      renderer.start();
      playZoneScenes();
    } else {
      mode = "embedded";
      out.println(
          "memcached is not installed: running the near tier alone. To see three zones, install"
              + " it (sudo " + MemcachedCluster.installHint() + ") and run this again.");
      startInstance("app", null, Map.of(), logs);
      renderer.start();
      scene("embedded", "The embedded default: one JVM, the near tier alone, no servers");
      pause(shortRun ? 5 : 12);
    }
    current = null;
    double seconds = elapsed();
    stopped = true;
    renderer.join(2_000);
    DemoReport report = new DemoReport(mode, seconds, samples, scenes);
    view.render(seconds, mode, null, snapshot(), nodes, scenes);
    Path html = report.write(reportDirectory);
    out.printf(
        Locale.ROOT,
        "%nDone in %.0f s: %d errors or wrong values seen by callers.%nReport: %s%n",
        seconds,
        report.errors(),
        html.toAbsolutePath());
    return report;
  }

  private void startInstance(String name, String zone, Map<String, String> zones, Path logs)
      throws IOException {
    instances.add(
        InstanceProcess.start(
            name,
            zone,
            zones,
            logs,
            line -> {
              Sample sample = Sample.parse(elapsed(), name, line);
              samples.add(sample);
              latest.put(name, sample);
            }));
  }

  private void playZoneScenes() throws Exception {
    int phase = shortRun ? 5 : 12;
    InstanceProcess a = instance("app-a");
    InstanceProcess b = instance("app-b");
    InstanceProcess c = instance("app-c");

    scene("warm-up", "Warming up: each JVM reads its local zone and fills its near tier");
    pause(phase);

    Scene write = scene("invalidation", "A write in zone a reaches the near tiers of zones b and c");
    List<String> lagB = new ArrayList<>();
    List<String> lagC = new ArrayList<>();
    for (int round = 0; round < 3; round++) {
      String key = "price-" + round;
      a.send("PUT " + key + " old");
      a.expect("DONE PUT", Duration.ofSeconds(10));
      // b and c must hold the old value in their near tiers, or there is nothing to invalidate:
      // a copy read before the old value's own invalidation arrived is dropped by it, so read
      // again until the copy stays.
      for (int attempt = 0; attempt < 20 && !(cached(b, key) & cached(c, key)); attempt++) {
        b.send("WAIT " + key + " old");
        c.send("WAIT " + key + " old");
        b.expect("SEEN " + key, Duration.ofSeconds(15));
        c.expect("SEEN " + key, Duration.ofSeconds(15));
        pause(0.35);
      }
      a.send("PUT " + key + " new");
      a.expect("DONE PUT", Duration.ofSeconds(10));
      b.send("WAIT " + key + " new");
      c.send("WAIT " + key + " new");
      lagB.add(b.expect("SEEN " + key, Duration.ofSeconds(15)) + " ms");
      lagC.add(c.expect("SEEN " + key, Duration.ofSeconds(15)) + " ms");
    }
    write.fact("zone b saw the new value after", lagB).fact("zone c saw it after", lagC);

    String victim = cluster.nodes("a").get(0);
    Scene node = scene("node-killed", "kill -9 of memcached node " + victim + " in zone a");
    cluster.kill(victim);
    refreshNodes();
    double from = elapsed();
    pause(phase);
    node.fact("errors seen by callers", errorsSince(from))
        .fact("app-a sees zone a as", zoneSeen("app-a", "a"))
        .fact("app-a reads served (hit ratio)", percent(hitRatioSince("app-a", from)));

    Scene zone = scene("zone-killed", "Every node of zone b killed: app-b reads zones a and c");
    cluster.killZone("b");
    refreshNodes();
    from = elapsed();
    pause(phase);
    zone.fact("errors seen by callers", errorsSince(from))
        .fact("app-b sees zone b as", zoneSeen("app-b", "b"))
        .fact("app-b reads served (hit ratio)", percent(hitRatioSince("app-b", from)));

    Scene restart =
        scene("restart", "Nodes restarted, empty: zones refill from the others (warm-up add)");
    cluster.restart(victim);
    cluster.startZone("b");
    refreshNodes();
    from = elapsed();
    pause(phase + 2);
    restart
        .fact("errors seen by callers", errorsSince(from))
        .fact("app-b local-zone share, first second", percent(localRatio("app-b", from, from + 1)))
        .fact("app-b local-zone share, last second", percent(localRatio("app-b", elapsed() - 1, elapsed())))
        .fact("app-a sees zone a as", zoneSeen("app-a", "a"));

    int herdSeconds = shortRun ? 4 : 8;
    Scene herd =
        scene(
            "herd",
            "Thundering herd: 3 JVMs x 4 threads read one hot key through a 20 ms loader while"
                + " app-c removes it every 100 ms (leases on)");
    for (InstanceProcess instance : List.of(a, b, c)) {
      instance.send("HERD " + herdSeconds);
    }
    c.send("REMOVE-HOT " + herdSeconds + " 100");
    long loads = 0;
    long reads = 0;
    long errors = 0;
    for (InstanceProcess instance : List.of(a, b, c)) {
      Map<String, String> answer = fields(instance.expect("HERD", Duration.ofSeconds(60)));
      loads += Long.parseLong(answer.get("loads"));
      reads += Long.parseLong(answer.get("reads"));
      errors += Long.parseLong(answer.get("errors"));
    }
    long removals = Long.parseLong(c.expect("REMOVED", Duration.ofSeconds(60)));
    herd.fact("reads", reads)
        .fact("removals", removals)
        .fact("loader calls", loads)
        .fact("loads per removal", String.format(Locale.ROOT, "%.2f", (double) loads / removals))
        .fact("errors seen by callers", errors);
  }

  /** Whether the instance's near tier holds the key. */
  private static boolean cached(InstanceProcess instance, String key) {
    instance.send("CACHED " + key);
    return instance.expect("CACHED " + key, Duration.ofSeconds(10)).equals("true");
  }

  private InstanceProcess instance(String name) {
    return instances.stream()
        .filter(i -> i.name().equals(name))
        .findFirst()
        .orElseThrow(() -> new IllegalStateException("no instance " + name));
  }

  private Scene scene(String id, String title) {
    Scene scene = new Scene(elapsed(), id, title);
    scenes.add(scene);
    current = scene;
    view.announce(scene.seconds(), scene);
    return scene;
  }

  private void refreshNodes() {
    for (String zone : cluster.zones()) {
      List<String> zoneNodes = cluster.nodes(zone);
      for (int i = 0; i < zoneNodes.size(); i++) {
        nodes.put(zone + (i + 1), cluster.isRunning(zoneNodes.get(i)) ? "up" : "DOWN");
      }
    }
  }

  private long errorsSince(double from) {
    return samples.stream()
        .filter(s -> s.seconds() >= from)
        .mapToLong(s -> s.errors() + s.wrong())
        .sum();
  }

  private double hitRatioSince(String instance, double from) {
    long gets = 0;
    long hits = 0;
    for (Sample s : samples) {
      if (s.instance().equals(instance) && s.seconds() >= from) {
        gets += s.gets();
        hits += s.near() + s.remote();
      }
    }
    return gets == 0 ? 0 : (double) hits / gets;
  }

  private double localRatio(String instance, double from, double to) {
    long gets = 0;
    long local = 0;
    for (Sample s : samples) {
      if (s.instance().equals(instance) && s.seconds() >= from && s.seconds() <= to) {
        gets += s.gets() - s.near();
        local += s.local();
      }
    }
    return gets == 0 ? 0 : (double) local / gets;
  }

  /** How an instance's latest sample shows a zone, e.g. {@code 1/2 nodes up}. */
  private String zoneSeen(String instance, String zone) {
    Sample sample = latest.get(instance);
    if (sample == null) {
      return "unknown";
    }
    for (String part : sample.zones().split(",")) {
      if (part.startsWith(zone + ":")) {
        return part.substring(zone.length() + 1) + " nodes up";
      }
    }
    return "unknown";
  }

  private static String percent(double ratio) {
    return String.format(Locale.ROOT, "%.1f%%", 100 * ratio);
  }

  private static Map<String, String> fields(String line) {
    Map<String, String> fields = new LinkedHashMap<>();
    for (String field : line.split(" ")) {
      int eq = field.indexOf('=');
      if (eq > 0) {
        fields.put(field.substring(0, eq), field.substring(eq + 1));
      }
    }
    return fields;
  }

  private Map<String, Sample> snapshot() {
    synchronized (latest) {
      return new LinkedHashMap<>(latest);
    }
  }

  private void renderLoop() {
    long every = view.ansi() ? 500 : 5_000;
    while (!stopped) {
      try {
        Thread.sleep(every);
      } catch (InterruptedException e) {
        return;
      }
      if (!stopped) {
        view.render(elapsed(), cluster == null ? "embedded" : "zones", current, snapshot(), nodes, scenes);
      }
    }
  }

  private double elapsed() {
    return (System.nanoTime() - startNanos) / 1e9;
  }

  private static void pause(double seconds) throws InterruptedException {
    Thread.sleep((long) (seconds * 1000));
  }

  /** Stops every instance and memcached process; safe to call twice. */
  private synchronized void stop() {
    stopped = true;
    for (InstanceProcess instance : instances) {
      instance.close();
    }
    instances.clear();
    if (cluster != null) {
      cluster.close();
    }
  }
}
