package io.nearcache.benchmarks;

import io.nearcache.jcache.NearCache;
import io.nearcache.testsupport.ZipfSampler;
import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.spi.CachingProvider;

/**
 * One provider JVM of {@link MixedWorkload}: {@code threads} threads read and write Zipf(0.99)
 * keys through a two-tier nearcache; the zones come from {@code -Dnearcache.*} properties.
 *
 * <p>Each key is written by one thread of one JVM only (key modulo the number of writer threads),
 * with a sequence number at the start of the value, so a reader can tell which write it saw and the
 * parent can tell, from the logs, whether a newer write had completed more than the coherence
 * bound before the read began. Every thread logs its writes (key, sequence, completion time) and
 * reads (key, sequence seen, start time) in binary to its own file; {@link System#nanoTime} is one
 * clock for every process on the machine.
 *
 * <p>Arguments: {@code id jvms threads keys writePercent millis startFile logDirectory [preload]}.
 * Prints {@code READY}, then counts and {@code DONE}.
 */
public final class MixedWorker {
  /** The cache every worker uses. */
  static final String CACHE = "mixed";

  /** Record type of a write in a log. */
  static final byte WRITE = 'W';

  /** Record type of a read in a log. */
  static final byte READ = 'R';

  private MixedWorker() {}

  /** Runs one worker; see the class comment for the arguments. */
  public static void main(String[] args) throws Exception {
    int id = Integer.parseInt(args[0]);
    int jvms = Integer.parseInt(args[1]);
    int threads = Integer.parseInt(args[2]);
    int keys = Integer.parseInt(args[3]);
    int writePercent = Integer.parseInt(args[4]);
    long millis = Long.parseLong(args[5]);
    Path start = Path.of(args[6]);
    Path logs = Path.of(args[7]);
    boolean preload = args.length > 8 && args[8].equals("preload");

    CachingProvider provider = Caching.getCachingProvider(Implementation.NEARCACHE_PROVIDER);
    CacheManager manager =
        provider.getCacheManager(
            provider.getDefaultURI(), provider.getDefaultClassLoader(), new java.util.Properties());
    Cache<Integer, String> cache =
        manager.createCache(
            CACHE,
            new MutableConfiguration<Integer, String>()
                .setTypes(Integer.class, String.class)
                .setStoreByValue(false)
                .setStatisticsEnabled(false)
                .setManagementEnabled(false));
    if (preload) {
      Map<Integer, String> batch = new HashMap<>();
      for (int key = 0; key < keys; key++) {
        batch.put(key, value(0));
        if (batch.size() == 4096 || key == keys - 1) {
          cache.putAll(batch);
          batch.clear();
        }
      }
    }
    System.out.println("READY");
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    while (!Files.exists(start)) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("No start signal at " + start + " within 120 s");
      }
      TimeUnit.MILLISECONDS.sleep(5);
    }
    ZipfSampler zipf = new ZipfSampler(keys, AccessTrace.ZIPF_EXPONENT);
    int writers = jvms * threads;
    AtomicLong reads = new AtomicLong();
    AtomicLong writes = new AtomicLong();
    AtomicLong errors = new AtomicLong();
    long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
    List<Thread> running = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      int slot = id * threads + t;
      Path log = logs.resolve("worker-" + id + "-" + t + ".log");
      Thread thread =
          new Thread(
              () -> {
                var random = new SplittableRandom(AccessTrace.SEED + slot);
                long[] sequence = new long[keys];
                try (var out =
                    new DataOutputStream(
                        new BufferedOutputStream(Files.newOutputStream(log), 1 << 16))) {
                  while (System.nanoTime() < end) {
                    int key = zipf.rank(random.nextDouble());
                    try {
                      if (random.nextInt(100) < writePercent) {
                        // The nearest key this thread owns, so each key has a single writer.
                        int owned = key - key % writers + slot;
                        if (owned >= keys) {
                          owned -= writers;
                        }
                        if (owned < 0) {
                          continue;
                        }
                        long seq = ++sequence[owned];
                        cache.put(owned, value(seq));
                        out.writeByte(WRITE);
                        out.writeInt(owned);
                        out.writeLong(seq);
                        out.writeLong(System.nanoTime());
                        writes.incrementAndGet();
                      } else {
                        long began = System.nanoTime();
                        String value = cache.get(key);
                        out.writeByte(READ);
                        out.writeInt(key);
                        out.writeLong(value == null ? -1 : sequenceOf(value));
                        out.writeLong(began);
                        reads.incrementAndGet();
                      }
                    } catch (RuntimeException e) {
                      errors.incrementAndGet();
                    }
                  }
                } catch (IOException e) {
                  throw new UncheckedIOException(e);
                }
              },
              "mixed-" + slot);
      thread.start();
      running.add(thread);
    }
    for (Thread thread : running) {
      thread.join();
    }
    NearCache<?, ?> near = cache.unwrap(NearCache.class);
    var counters = near.remoteCounters();
    var coherence = near.coherenceMetrics();
    System.out.println("READS " + reads.get());
    System.out.println("WRITES " + writes.get());
    System.out.println("ERRORS " + errors.get());
    System.out.println("NEAR_HITS " + counters.nearHits());
    System.out.println(
        "REMOTE_HITS " + counters.remoteHits().values().stream().mapToLong(Long::longValue).sum());
    System.out.println("REMOTE_MISSES " + counters.remoteMisses());
    System.out.println("INVALIDATIONS " + coherence.recordsApplied());
    System.out.println("MAX_LAG_MS " + coherence.maxLagMillis());
    long[] histogram = coherence.lagHistogram();
    StringBuilder line = new StringBuilder("LAG_HISTOGRAM");
    for (long count : histogram) {
      line.append(' ').append(count);
    }
    System.out.println(line);
    manager.close();
    System.out.println("DONE");
  }

  /** A 100-byte value starting with its sequence number. */
  static String value(long sequence) {
    var value = new StringBuilder(AccessTrace.VALUE_LENGTH).append(sequence).append(':');
    while (value.length() < AccessTrace.VALUE_LENGTH) {
      value.append((char) ('a' + value.length() % 26));
    }
    return value.toString();
  }

  /** The sequence number a value starts with. */
  static long sequenceOf(String value) {
    return Long.parseLong(value, 0, value.indexOf(':'), 10);
  }
}
