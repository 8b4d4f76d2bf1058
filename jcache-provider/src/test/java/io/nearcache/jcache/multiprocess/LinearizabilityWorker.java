package io.nearcache.jcache.multiprocess;

import io.nearcache.jcache.linearizability.Operation;
import io.nearcache.jcache.linearizability.Operation.Kind;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.processor.EntryProcessor;

/**
 * One JVM of {@link LinearizabilityTest}. Its zones come from {@code -Dnearcache.zones.*} and
 * {@code -Dnearcache.local-zone}; its own parameters are program arguments, since every {@code
 * nearcache.*} property is read as configuration. It creates one cache of strings, prints {@code
 * READY}, and on {@code GO <key>} runs its threads on that one key: each makes random operations
 * (read, put, getAndPut, replace, putIfAbsent, getAndRemove, remove), one at a time, until it made
 * its number or the run time is over, pausing a random moment between two. Every operation is
 * recorded with its invocation and response times ({@link System#nanoTime()}) and what it returned;
 * one that threw is recorded as indeterminate. The history goes to the file, one {@link
 * Operation#toLine() line} per operation; then the worker answers {@code DONE <operations>
 * <indeterminate>}. It exits at the end of its input.
 *
 * <p>A read is {@code invoke} with a read-only entry processor, which reads the arbiter's copy:
 * plain {@code get} reads the near tier and the local zone, which other JVMs' writes reach within
 * the coherence bound only. Written values are unique: {@code <worker>-<thread>-<n>}. A replace
 * expects the value its thread last observed.
 */
public final class LinearizabilityWorker {
  private static final PrintStream OUT = System.out;
  private static final int ERRORS_LOGGED = 5;
  private static final EntryProcessor<String, String, String> READ =
      (entry, arguments) -> entry.exists() ? entry.getValue() : null;

  private LinearizabilityWorker() {}

  /**
   * Arguments: worker name, threads, most operations per thread, most run time in milliseconds,
   * longest pause between two operations in microseconds, history file.
   */
  public static void main(String[] args) throws Exception {
    String worker = args[0];
    int threads = Integer.parseInt(args[1]);
    int maxOperations = Integer.parseInt(args[2]);
    long runNanos = TimeUnit.MILLISECONDS.toNanos(Long.parseLong(args[3]));
    int maxPauseMicros = Integer.parseInt(args[4]);
    Path historyFile = Path.of(args[5]);

    CacheManager manager = Caching.getCachingProvider().getCacheManager();
    Cache<String, String> cache =
        manager.createCache(
            "register",
            new MutableConfiguration<String, String>().setTypes(String.class, String.class));
    say("READY");
    BufferedReader in =
        new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    for (String line; (line = in.readLine()) != null; ) {
      String[] words = line.trim().split(" ");
      if (!words[0].equals("GO") || words.length != 2) {
        say("ERROR unknown command " + line);
        continue;
      }
      Session session =
          new Session(
              cache,
              words[1],
              maxOperations,
              System.nanoTime() + runNanos,
              maxPauseMicros,
              new AtomicInteger());
      ExecutorService pool = Executors.newFixedThreadPool(threads);
      List<Future<List<Operation>>> results = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        String client = worker + "-" + t;
        Random random = new Random((long) client.hashCode() << 32 ^ System.nanoTime());
        results.add(pool.submit(() -> session.run(client, random)));
      }
      List<String> lines = new ArrayList<>();
      int indeterminate = 0;
      for (Future<List<Operation>> result : results) {
        for (Operation op :
            result.get(runNanos + TimeUnit.SECONDS.toNanos(60), TimeUnit.NANOSECONDS)) {
          lines.add(op.toLine());
          indeterminate += op.indeterminate() ? 1 : 0;
        }
      }
      pool.shutdown();
      Files.write(historyFile, lines, StandardCharsets.UTF_8);
      say("DONE " + lines.size() + " " + indeterminate);
    }
    manager.close();
    System.exit(0);
  }

  /**
   * One run on one key, shared by the worker's threads.
   *
   * @param deadline when threads stop invoking operations ({@link System#nanoTime()})
   * @param errors the operations that threw so far; the first few are logged
   */
  private record Session(
      Cache<String, String> cache,
      String key,
      int maxOperations,
      long deadline,
      int maxPauseMicros,
      AtomicInteger errors) {

    /** One thread's operations, one at a time, until it made its number or the time is up. */
    List<Operation> run(String client, Random random) {
      List<Operation> history = new ArrayList<>(maxOperations);
      String lastSeen = null;
      int written = 0;
      while (history.size() < maxOperations && System.nanoTime() < deadline) {
        Kind kind = pick(random);
        if (kind == Kind.REPLACE && lastSeen == null) {
          kind = Kind.PUT_IF_ABSENT;
        }
        Operation op = call(client, kind, client + "-" + written++, lastSeen);
        history.add(op);
        if (!op.indeterminate()) {
          lastSeen = observed(op, lastSeen);
        }
        LockSupport.parkNanos(TimeUnit.MICROSECONDS.toNanos(random.nextInt(maxPauseMicros + 1)));
      }
      return history;
    }

    /** Runs one operation; {@code value} is written if it writes, {@code expected} replaced. */
    private Operation call(String client, Kind kind, String value, String expected) {
      long invoke = System.nanoTime();
      try {
        switch (kind) {
          case READ -> {
            String read = cache.invoke(key, READ);
            return Operation.read(client, read, invoke, System.nanoTime());
          }
          case PUT -> {
            cache.put(key, value);
            return Operation.put(client, value, invoke, System.nanoTime());
          }
          case GET_AND_PUT -> {
            String previous = cache.getAndPut(key, value);
            return Operation.getAndPut(client, value, previous, invoke, System.nanoTime());
          }
          case REPLACE -> {
            boolean replaced = cache.replace(key, expected, value);
            return Operation.replace(client, expected, value, replaced, invoke, System.nanoTime());
          }
          case PUT_IF_ABSENT -> {
            boolean stored = cache.putIfAbsent(key, value);
            return Operation.putIfAbsent(client, value, stored, invoke, System.nanoTime());
          }
          case GET_AND_REMOVE -> {
            String previous = cache.getAndRemove(key);
            return Operation.getAndRemove(client, previous, invoke, System.nanoTime());
          }
          case REMOVE -> {
            boolean removed = cache.remove(key);
            return Operation.remove(client, removed, invoke, System.nanoTime());
          }
          default -> throw new IllegalArgumentException("No operation " + kind);
        }
      } catch (RuntimeException e) {
        if (errors.incrementAndGet() <= ERRORS_LOGGED) {
          System.err.println(client + " " + kind + " threw:");
          e.printStackTrace();
        }
        boolean writes = kind != Kind.READ && kind != Kind.GET_AND_REMOVE && kind != Kind.REMOVE;
        return Operation.indeterminate(
            client, kind, writes ? value : null, kind == Kind.REPLACE ? expected : null, invoke);
      }
    }
  }

  /** Reads 30 %, conditional writes 30 %, blind writes 24 %, removals 16 %. */
  private static Kind pick(Random random) {
    int dice = random.nextInt(100);
    if (dice < 30) {
      return Kind.READ;
    } else if (dice < 42) {
      return Kind.PUT;
    } else if (dice < 54) {
      return Kind.GET_AND_PUT;
    } else if (dice < 74) {
      return Kind.REPLACE;
    } else if (dice < 84) {
      return Kind.PUT_IF_ABSENT;
    } else if (dice < 92) {
      return Kind.GET_AND_REMOVE;
    }
    return Kind.REMOVE;
  }

  /** The value the thread knows the key held last, after {@code op}. */
  private static String observed(Operation op, String before) {
    return switch (op.kind()) {
      case READ -> op.value();
      case PUT, GET_AND_PUT -> op.argument();
      case REPLACE, PUT_IF_ABSENT -> op.succeeded() ? op.argument() : before;
      case GET_AND_REMOVE, REMOVE -> null;
    };
  }

  private static void say(String line) {
    synchronized (OUT) {
      OUT.println(line);
      OUT.flush();
    }
  }
}
