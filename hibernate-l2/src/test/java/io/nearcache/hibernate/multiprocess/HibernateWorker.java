package io.nearcache.hibernate.multiprocess;

import io.nearcache.hibernate.NearcacheRegionFactory;
import io.nearcache.hibernate.TestSessionFactories;
import io.nearcache.hibernate.access.CachedItem;
import io.nearcache.hibernate.access.LockedItem;
import io.nearcache.hibernate.model.Author;
import io.nearcache.hibernate.model.Book;
import io.nearcache.hibernate.storage.RegionKeys;
import jakarta.persistence.EntityManager;
import jakarta.persistence.Persistence;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongFunction;
import javax.cache.Cache;
import org.hibernate.Session;
import org.hibernate.SessionFactory;
import org.hibernate.cache.spi.access.EntityDataAccess;
import org.hibernate.cache.spi.access.SoftLock;
import org.hibernate.engine.spi.SessionFactoryImplementor;
import org.hibernate.engine.spi.SharedSessionContractImplementor;
import org.hibernate.persister.entity.EntityPersister;
import org.hibernate.stat.Statistics;

/**
 * An application JVM for the multi-process tests: builds a session factory from the properties file
 * named by its argument and answers one command per line on standard input.
 *
 * <pre>
 * READ id                  NAME name|null l2hits statements    read an author in a new session
 * WRITE id name            DONE commitMillis                   rename it in a transaction
 * INSERT id name           DONE commitMillis
 * DELETE id                DONE commitMillis
 * QUERY prefix             ROWS count queryCacheHits           a cacheable query
 * WATCH id                 SAW name readMillis (on every change of the value read)
 * TITLE id title           DONE commitMillis                   retitle a book
 * WATCHBOOK id             SAW title readMillis                WATCH for a book's title
 * UNWATCH                  WATCHED reads regressions l2hits (since WATCH)
 * EVICT                    DONE millis                         evictAllRegions
 * CONTEND id threads n     CONTENDED commits failures          concurrent renames of one author
 * LOCKS id threads n       LOCKED cycles violations maxHolders lockItem/unlockItem on its entry
 * RAW id                   RAW ITEM name | LOCK holders | ABSENT | OTHER class   (near tier)
 * ARBITER id               ARBITER ...                          the same, read on the arbiter zone
 * </pre>
 *
 * <p>Names written by WATCHed rounds end in a number; a read of a lower number after a higher one
 * is a regression. A LOCKS violation is a moment, right after lockItem returned, when the
 * authoritative entry (read with an atomic invoke on the primary zone) was not a lock held by at
 * least one transaction: a lost lock.
 */
public final class HibernateWorker {
  private final SessionFactory factory;
  private final Statistics statistics;
  private final String name;
  private volatile Thread watcher;
  private volatile long hitsWhenWatchStarted;
  private final AtomicLong watchedReads = new AtomicLong();
  private final AtomicLong watchedRegressions = new AtomicLong();

  private HibernateWorker(SessionFactory factory, String name) {
    this.factory = factory;
    this.statistics = factory.getStatistics();
    this.name = name;
  }

  /** Runs the worker: {@code args[0]} names the properties file, {@code args[1]} the worker. */
  public static void main(String[] args) throws Exception {
    Properties properties = new Properties();
    try (Reader in = Files.newBufferedReader(Path.of(args[0]), StandardCharsets.UTF_8)) {
      properties.load(in);
    }
    SessionFactory factory =
        Persistence.createEntityManagerFactory(TestSessionFactories.UNIT, properties)
            .unwrap(SessionFactory.class);
    HibernateWorker worker = new HibernateWorker(factory, args[1]);
    try {
      System.out.println("READY");
      worker.serve(new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)));
    } finally {
      worker.stopWatching();
      factory.close();
    }
  }

  private void serve(BufferedReader in) throws IOException, InterruptedException {
    for (String line; (line = in.readLine()) != null; ) {
      String[] words = line.trim().split(" ");
      try {
        String answer = execute(words);
        if (answer == null) {
          return;
        }
        System.out.println(answer);
      } catch (RuntimeException e) {
        e.printStackTrace();
        System.out.println("FAILED " + e);
      }
    }
  }

  private String execute(String[] words) throws InterruptedException {
    switch (words[0]) {
      case "READ":
        long hits = statistics.getSecondLevelCacheHitCount();
        long statements = statistics.getPrepareStatementCount();
        String read = read(Long.parseLong(words[1]));
        return "NAME "
            + read
            + " "
            + (statistics.getSecondLevelCacheHitCount() - hits)
            + " "
            + (statistics.getPrepareStatementCount() - statements);
      case "WRITE":
        factory.inTransaction(
            session -> session.find(Author.class, Long.parseLong(words[1])).setName(words[2]));
        return "DONE " + System.currentTimeMillis();
      case "INSERT":
        factory.inTransaction(
            session -> session.persist(new Author(Long.parseLong(words[1]), words[2])));
        return "DONE " + System.currentTimeMillis();
      case "DELETE":
        factory.inTransaction(
            session -> session.remove(session.find(Author.class, Long.parseLong(words[1]))));
        return "DONE " + System.currentTimeMillis();
      case "QUERY":
        long queryHits = statistics.getQueryCacheHitCount();
        int rows = query(words[1]).size();
        return "ROWS " + rows + " " + (statistics.getQueryCacheHitCount() - queryHits);
      case "WATCH":
        watch(Long.parseLong(words[1]), this::read);
        return "WATCHING";
      case "TITLE":
        factory.inTransaction(
            session -> session.find(Book.class, Long.parseLong(words[1])).setTitle(words[2]));
        return "DONE " + System.currentTimeMillis();
      case "WATCHBOOK":
        watch(Long.parseLong(words[1]), this::title);
        return "WATCHING";
      case "UNWATCH":
        long l2hits = statistics.getSecondLevelCacheHitCount() - hitsWhenWatchStarted;
        stopWatching();
        return "WATCHED " + watchedReads.get() + " " + watchedRegressions.get() + " " + l2hits;
      case "EVICT":
        factory.getCache().evictAllRegions();
        return "DONE " + System.currentTimeMillis();
      case "CONTEND":
        return contend(
            Long.parseLong(words[1]), Integer.parseInt(words[2]), Integer.parseInt(words[3]));
      case "LOCKS":
        return locks(
            Long.parseLong(words[1]), Integer.parseInt(words[2]), Integer.parseInt(words[3]));
      case "RAW":
        return "RAW " + describe(rawEntry(Long.parseLong(words[1]), false));
      case "ARBITER":
        return "ARBITER " + describe(rawEntry(Long.parseLong(words[1]), true));
      case "EXIT":
        return null;
      default:
        return "FAILED unknown command " + String.join(" ", words);
    }
  }

  private String read(long id) {
    return factory.fromTransaction(
        session -> {
          Author author = session.find(Author.class, id);
          return author == null ? "null" : author.getName();
        });
  }

  private String title(long id) {
    return factory.fromTransaction(
        session -> {
          Book book = session.find(Book.class, id);
          return book == null ? "null" : book.getTitle();
        });
  }

  private List<String> query(String prefix) {
    return factory.fromTransaction(
        session ->
            ((EntityManager) session)
                .createQuery("select a.name from Author a where a.name like :prefix", String.class)
                .setParameter("prefix", prefix + "%")
                .setHint("org.hibernate.cacheable", true)
                .getResultList());
  }

  /** Reads a value every millisecond and prints every change of it. */
  private void watch(long id, LongFunction<String> reader) throws InterruptedException {
    stopWatching();
    hitsWhenWatchStarted = statistics.getSecondLevelCacheHitCount();
    watchedReads.set(0);
    watchedRegressions.set(0);
    Thread thread =
        new Thread(
            () -> {
              String last = null;
              long highest = -1;
              while (!Thread.currentThread().isInterrupted()) {
                String value = reader.apply(id);
                watchedReads.incrementAndGet();
                if (!value.equals(last)) {
                  System.out.println("SAW " + value + " " + System.currentTimeMillis());
                  last = value;
                }
                long round = round(value);
                if (round < highest) {
                  watchedRegressions.incrementAndGet();
                }
                highest = Math.max(highest, round);
                try {
                  Thread.sleep(1);
                } catch (InterruptedException e) {
                  return;
                }
              }
            },
            name + "-watcher");
    thread.setDaemon(true);
    watcher = thread;
    thread.start();
  }

  private static long round(String value) {
    int digits = value.length();
    while (digits > 0 && Character.isDigit(value.charAt(digits - 1))) {
      digits--;
    }
    return digits == value.length() ? Long.MAX_VALUE : Long.parseLong(value.substring(digits));
  }

  private void stopWatching() throws InterruptedException {
    Thread thread = watcher;
    watcher = null;
    if (thread != null) {
      thread.interrupt();
      thread.join(5_000);
    }
  }

  private String contend(long id, int threads, int iterations) throws InterruptedException {
    AtomicInteger commits = new AtomicInteger();
    AtomicInteger failures = new AtomicInteger();
    runAll(
        threads,
        thread -> {
          for (int i = 0; i < iterations; i++) {
            String value = name + "-" + thread + "-" + i;
            try {
              factory.inTransaction(session -> session.find(Author.class, id).setName(value));
              commits.incrementAndGet();
            } catch (RuntimeException e) {
              failures.incrementAndGet();
            }
          }
        });
    return "CONTENDED " + commits.get() + " " + failures.get();
  }

  private String locks(long id, int threads, int iterations) throws InterruptedException {
    EntityPersister persister = persister();
    EntityDataAccess access = persister.getCacheAccessStrategy();
    AtomicInteger cycles = new AtomicInteger();
    AtomicInteger violations = new AtomicInteger();
    AtomicInteger maxHolders = new AtomicInteger();
    runAll(
        threads,
        thread -> {
          try (Session session = factory.openSession()) {
            SharedSessionContractImplementor implementor =
                session.unwrap(SharedSessionContractImplementor.class);
            Object key = access.generateCacheKey(id, persister, implementor.getFactory(), null);
            for (int i = 0; i < iterations; i++) {
              SoftLock lock = access.lockItem(implementor, key, null);
              Object held = rawEntry(id, true);
              if (held instanceof LockedItem locked && locked.holders() >= 1) {
                maxHolders.accumulateAndGet(locked.holders(), Math::max);
              } else {
                violations.incrementAndGet();
              }
              access.unlockItem(implementor, key, lock);
              cycles.incrementAndGet();
            }
          }
        });
    return "LOCKED " + cycles.get() + " " + violations.get() + " " + maxHolders.get();
  }

  private EntityPersister persister() {
    return factory
        .unwrap(SessionFactoryImplementor.class)
        .getMappingMetamodel()
        .getEntityDescriptor(Author.class);
  }

  /**
   * The stored entry of an author: from the near tier, or, if {@code authoritative}, the arbiter.
   */
  private Object rawEntry(long id, boolean authoritative) {
    SessionFactoryImplementor implementor = factory.unwrap(SessionFactoryImplementor.class);
    NearcacheRegionFactory regionFactory =
        (NearcacheRegionFactory) implementor.getCache().getRegionFactory();
    String prefix = (String) factory.getProperties().get("hibernate.cache.region_prefix");
    Cache<Object, Object> cache =
        regionFactory.getCacheManager().getCache(prefix + "." + Author.class.getName());
    Object key =
        RegionKeys.stable(
            persister()
                .getCacheAccessStrategy()
                .generateCacheKey(id, persister(), implementor, null));
    return authoritative
        ? cache.invoke(key, (entry, arguments) -> entry.getValue())
        : cache.get(key);
  }

  private static String describe(Object entry) {
    if (entry == null) {
      return "ABSENT";
    }
    if (entry instanceof LockedItem lock) {
      return "LOCK " + lock.holders();
    }
    if (entry instanceof CachedItem item) {
      // An author's disassembled state: its name is the one String in it.
      Object[] state =
          (Object[])
              ((org.hibernate.cache.spi.entry.CacheEntry) item.value()).getDisassembledState();
      for (Object value : state) {
        if (value instanceof String text) {
          return "ITEM " + text;
        }
      }
      return "ITEM ?";
    }
    return "OTHER " + entry.getClass().getName();
  }

  private interface ThreadBody {
    void run(int thread);
  }

  private static void runAll(int threads, ThreadBody body) throws InterruptedException {
    List<Thread> running = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      int thread = t;
      Thread worker = new Thread(() -> body.run(thread), "contender-" + t);
      running.add(worker);
      worker.start();
    }
    for (Thread worker : running) {
      worker.join(120_000);
    }
  }
}
