package io.nearcache.jcache.multiprocess;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.configuration.MutableConfiguration;

/**
 * One JVM of {@link MultiProcessAtomicityTest}: its zones come from {@code -Dnearcache.*}. It
 * waits for the start file, then its threads race {@code putIfAbsent} on shared keys and
 * increment shared counters with {@code get} + {@code replace(k, old, new)}. It reports every
 * win and its increment counts on standard output, one line each.
 */
public final class AtomicityWorker {
  private AtomicityWorker() {}

  /** Arguments: worker id, thread count, race keys, increments per thread, start file. */
  public static void main(String[] args) throws Exception {
    String worker = args[0];
    int threads = Integer.parseInt(args[1]);
    int raceKeys = Integer.parseInt(args[2]);
    int incrementsPerThread = Integer.parseInt(args[3]);
    Path startFile = Path.of(args[4]);
    PrintStream out = System.out;

    CacheManager manager = Caching.getCachingProvider().getCacheManager();
    Cache<String, String> cache =
        manager.createCache(
            "race",
            new MutableConfiguration<String, String>().setTypes(String.class, String.class));
    out.println("READY " + worker);
    out.flush();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    while (!Files.exists(startFile)) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("worker " + worker + ": no start signal within 120 s");
      }
      Thread.sleep(5);
    }

    ExecutorService pool = Executors.newFixedThreadPool(threads);
    List<Future<List<String>>> results = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      String me = worker + "/" + t;
      results.add(pool.submit(() -> race(cache, me, raceKeys, incrementsPerThread)));
    }
    for (Future<List<String>> result : results) {
      for (String line : result.get(240, TimeUnit.SECONDS)) {
        out.println(line);
      }
    }
    pool.shutdown();
    out.println("DONE " + worker);
    out.flush();
    manager.close();
    System.exit(0);
  }

  private static List<String> race(
      Cache<String, String> cache, String me, int raceKeys, int incrementsPerThread) {
    List<String> lines = new ArrayList<>();
    for (int k = 0; k < raceKeys; k++) {
      if (cache.putIfAbsent("race:" + k, me)) {
        lines.add("WIN race:" + k + " " + me);
      }
    }
    for (int i = 0; i < incrementsPerThread; i++) {
      String key = "counter:" + (i % 4);
      for (int attempt = 0; ; attempt++) {
        if (attempt > 100_000) {
          throw new IllegalStateException(me + ": could not increment " + key);
        }
        String current = cache.get(key);
        if (current == null) {
          cache.putIfAbsent(key, "0");
          continue;
        }
        String next = Long.toString(Long.parseLong(current) + 1);
        if (cache.replace(key, current, next)) {
          lines.add("INCREMENT " + key);
          break;
        }
      }
    }
    return lines;
  }
}
