package io.nearcache.jcache.multiprocess;

import io.nearcache.jcache.NearCache;
import io.nearcache.jcache.NearTiers;
import io.nearcache.jcache.coherence.CoherenceMetrics;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.configuration.MutableConfiguration;

/**
 * One JVM of the multi-process coherence tests. Its zones come from {@code -Dnearcache.*}; it
 * creates one cache of strings and answers commands read from standard input, one line each:
 *
 * <pre>
 * PUT key value   ->  DONE millis          (System.currentTimeMillis() when put returned)
 * REMOVE key      ->  DONE millis
 * GET key         ->  VALUE value          (the word null for a miss)
 * NEAR key        ->  NEAR true|false      (whether the near tier holds the key)
 * WATCH key       ->  a thread reads the key every millisecond; values are v0, v1, ...:
 *                     SAW i millis           the first read of vi, i above every i read before
 *                     REGRESSION j after i   a read of vj after vi was read, j below i
 * UNWATCH         ->  WATCHED reads regressions
 * METRICS         ->  METRICS polls applied partitionRepairs fullRepairs pollFailures nearHits
 * EXIT            ->  closes the CacheManager and exits 0
 * </pre>
 *
 * <p>Prints {@code READY} once the cache exists.
 */
public final class CoherenceWorker {
  private static final PrintStream OUT = System.out;

  private static volatile boolean watching;
  private static Thread watcher;
  private static long reads;
  private static long regressions;

  private CoherenceWorker() {}

  /** Argument: the cache name. */
  public static void main(String[] args) throws Exception {
    CacheManager manager = Caching.getCachingProvider().getCacheManager();
    Cache<String, String> cache =
        manager.createCache(
            args[0],
            new MutableConfiguration<String, String>().setTypes(String.class, String.class));
    say("READY");
    BufferedReader in =
        new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    for (String line; (line = in.readLine()) != null; ) {
      String[] words = line.trim().split(" ");
      switch (words[0]) {
        case "PUT" -> {
          cache.put(words[1], words[2]);
          say("DONE " + System.currentTimeMillis());
        }
        case "REMOVE" -> {
          cache.remove(words[1]);
          say("DONE " + System.currentTimeMillis());
        }
        case "GET" -> say("VALUE " + cache.get(words[1]));
        case "NEAR" -> say("NEAR " + NearTiers.caffeine(cache).asMap().containsKey(words[1]));
        case "WATCH" -> watch(cache, words[1]);
        case "UNWATCH" -> {
          watching = false;
          watcher.join(TimeUnit.SECONDS.toMillis(5));
          say("WATCHED " + reads + " " + regressions);
        }
        case "METRICS" -> {
          NearCache<?, ?> near = cache.unwrap(NearCache.class);
          CoherenceMetrics m = near.coherenceMetrics();
          say(
              "METRICS "
                  + m.polls()
                  + " "
                  + m.recordsApplied()
                  + " "
                  + m.partitionRepairs()
                  + " "
                  + m.fullRepairs()
                  + " "
                  + m.pollFailures()
                  + " "
                  + near.remoteCounters().nearHits());
        }
        case "EXIT" -> {
          manager.close();
          System.exit(0);
        }
        default -> say("ERROR unknown command " + line);
      }
    }
    manager.close();
    System.exit(0);
  }

  private static void watch(Cache<String, String> cache, String key) {
    watching = true;
    watcher =
        new Thread(
            () -> {
              int highest = -1;
              while (watching) {
                String value = cache.get(key);
                long now = System.currentTimeMillis();
                reads++;
                if (value != null && value.startsWith("v")) {
                  int i = Integer.parseInt(value.substring(1));
                  if (i > highest) {
                    highest = i;
                    say("SAW " + i + " " + now);
                  } else if (i < highest) {
                    regressions++;
                    say("REGRESSION " + i + " after " + highest);
                  }
                }
                LockSupport.parkNanos(1_000_000);
              }
            },
            "watcher");
    watcher.start();
  }

  private static void say(String line) {
    synchronized (OUT) {
      OUT.println(line);
      OUT.flush();
    }
  }
}
