package io.nearcache.hibernate.multiprocess;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nearcache.hibernate.TestSessionFactories;
import io.nearcache.hibernate.model.Author;
import io.nearcache.hibernate.model.Book;
import io.nearcache.testsupport.JvmProcess;
import io.nearcache.testsupport.MemcachedClusterExtension;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import org.h2.tools.Server;
import org.hibernate.SessionFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two application JVMs ({@link HibernateWorker}), one in zone a and one in zone b of real
 * memcached, on one H2 database in TCP server mode, authors cached read-write and books
 * nonstrict-read-write: what one commits the other never reads stale after the coherence bound, for
 * updates, deletes, query results and region evictions; and soft locks contended from both JVMs are
 * never lost.
 *
 * <p>The claimed bound is the provider's: two poll intervals plus 50 ms, 250 ms at the default 100
 * ms. As in the provider's own staleness test, the median lag must stay within one poll interval
 * plus 50 ms and every single lag within a hard 1 s, a limit a loaded shared machine cannot break
 * by itself; p50, p99 and max are printed against the claimed bound.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TwoJvmCoherenceTest {
  private static final long POLL_INTERVAL_MILLIS = 100;
  private static final long CLAIMED_BOUND_MILLIS = 2 * POLL_INTERVAL_MILLIS + 50;
  private static final long MEDIAN_BOUND_MILLIS = POLL_INTERVAL_MILLIS + 50;
  private static final long HARD_BOUND_MILLIS = 1000;
  private static final int ROUNDS = 30;

  @RegisterExtension
  static MemcachedClusterExtension memcached = MemcachedClusterExtension.zones(2);

  @TempDir static Path temp;

  private static Server database;
  private static String url;
  private static JvmProcess a;
  private static JvmProcess b;

  @BeforeAll
  static void start() throws Exception {
    database = Server.createTcpServer("-tcpPort", "0", "-ifNotExists").start();
    url = "jdbc:h2:tcp://127.0.0.1:" + database.getPort() + "/mem:coherence;DB_CLOSE_DELAY=-1";
    TestSessionFactories builder =
        TestSessionFactories.strategy("read-write")
            .with("hibernate.connection.url", url)
            .with("hibernate.hbm2ddl.auto", "create");
    SessionFactory schema = builder.build();
    schema.inTransaction(
        session -> {
          for (long id = 1; id <= 10; id++) {
            session.persist(new Author(id, "author" + id));
          }
          session.persist(new Book(50L, "isbn-50", "title50", session.find(Author.class, 1L)));
        });
    schema.close();

    CompletableFuture<JvmProcess> inZoneA =
        CompletableFuture.supplyAsync(() -> worker("a", builder));
    CompletableFuture<JvmProcess> inZoneB =
        CompletableFuture.supplyAsync(() -> worker("b", builder));
    a = inZoneA.join();
    b = inZoneB.join();
  }

  private static JvmProcess worker(String zone, TestSessionFactories schemaBuilder) {
    Properties properties = new Properties();
    Map<String, String> settings =
        TestSessionFactories.strategy("read-write")
            .zones(memcached.cluster(), zone)
            .with("hibernate.connection.url", url)
            .with("hibernate.hbm2ddl.auto", "none")
            .with("hibernate.cache.region_prefix", "coherence")
            .with("hibernate.classcache." + Book.class.getName(), "nonstrict-read-write")
            .properties();
    properties.putAll(settings);
    try {
      Path file = temp.resolve("worker-" + zone + ".properties");
      try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
        properties.store(out, "worker in zone " + zone);
      }
      return JvmProcess.builder("worker-" + zone, HibernateWorker.class)
          .systemProperty(
              "java.util.logging.config.file",
              System.getProperty("java.util.logging.config.file", ""))
          .argument(file.toString())
          .argument("worker-" + zone)
          .directory(temp)
          .start("READY");
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  @AfterAll
  static void stop() {
    if (a != null) {
      a.close();
    }
    if (b != null) {
      b.close();
    }
    if (database != null) {
      database.stop();
    }
  }

  @Test
  @Order(1)
  void anUpdateInOneJvmIsNeverReadStaleInTheOtherAfterTheBound() throws Exception {
    a.ask("WRITE 1 v0", "DONE");
    awaitCached(b, 1, "v0");
    measureStaleness("read-write author", "WRITE 1", "WATCH 1", ROUNDS);
  }

  /**
   * Nonstrict-read-write evicts on commit; with no load racing the update (as here), the other JVM
   * reads the new state within the bound too.
   */
  @Test
  @Order(2)
  void aNonstrictUpdateInOneJvmIsNotReadStaleInTheOtherAfterTheBound() throws Exception {
    a.ask("TITLE 50 v0", "DONE");
    measureStaleness("nonstrict-read-write book", "TITLE 50", "WATCHBOOK 50", ROUNDS / 3);
  }

  /** Writer a writes v1, v2, ...; reader b watches; prints and checks the lag of every round. */
  private static void measureStaleness(String what, String write, String watch, int rounds)
      throws Exception {
    b.ask(watch, "WATCHING");
    b.expect("SAW v0", Duration.ofSeconds(5));

    List<Long> lags = new ArrayList<>();
    for (int round = 1; round <= rounds; round++) {
      Thread.sleep(ThreadLocalRandom.current().nextLong(POLL_INTERVAL_MILLIS + 1));
      long committed = Long.parseLong(a.ask(write + " v" + round, "DONE"));
      long saw = Long.parseLong(b.expect("SAW v" + round + " ", Duration.ofSeconds(10)));
      lags.add(Math.max(0, saw - committed));
    }
    String[] watched = b.ask("UNWATCH", "WATCHED").split(" ");

    List<Long> sorted = new ArrayList<>(lags);
    sorted.sort(null);
    long p50 = sorted.get(sorted.size() / 2);
    long p99 = sorted.get((int) Math.ceil(0.99 * sorted.size()) - 1);
    long max = sorted.get(sorted.size() - 1);
    System.out.printf(
        "HIBERNATE STALENESS %s: p50=%d p99=%d max=%d ms over %d rounds (claimed bound %d ms: p99"
            + " %s); reader: %s reads, %s regressions, %s L2 hits; lags %s%n",
        what,
        p50,
        p99,
        max,
        rounds,
        CLAIMED_BOUND_MILLIS,
        p99 <= CLAIMED_BOUND_MILLIS ? "within" : "above",
        watched[0],
        watched[1],
        watched[2],
        lags);

    assertEquals("0", watched[1], "the reader read an older value after a newer one");
    assertTrue(Long.parseLong(watched[2]) > rounds * 10L, "the reader read from its cache");
    assertTrue(max <= HARD_BOUND_MILLIS, "slowest round " + max + " ms: " + lags);
    assertTrue(p50 <= MEDIAN_BOUND_MILLIS, "p50 " + p50 + " ms: " + lags);
  }

  @Test
  @Order(3)
  void aDeleteInOneJvmIsNeverReadInTheOtherAfterTheBound() throws Exception {
    long id = 2;
    awaitCached(b, id, "author2");
    b.ask("WATCH " + id, "WATCHING");
    b.expect("SAW author2", Duration.ofSeconds(5));

    long committed = Long.parseLong(a.ask("DELETE " + id, "DONE"));
    long saw = Long.parseLong(b.expect("SAW null ", Duration.ofSeconds(10)));
    b.ask("UNWATCH", "WATCHED");

    assertTrue(
        saw - committed <= HARD_BOUND_MILLIS,
        "deleted, still read for " + (saw - committed) + " ms");
    for (int i = 0; i < 5; i++) {
      assertTrue(b.ask("READ " + id, "NAME").startsWith("null "));
    }
  }

  @Test
  @Order(4)
  void aCachedQueryInTheOtherJvmSeesACommittedInsertWithinTheBound() throws Exception {
    assertEquals("0 0", b.ask("QUERY reader", "ROWS"));
    assertEquals("0 1", b.ask("QUERY reader", "ROWS"), "the empty result is cached");

    long committed = Long.parseLong(a.ask("INSERT 100 reader100", "DONE"));

    long deadline = committed + HARD_BOUND_MILLIS;
    String rows = b.ask("QUERY reader", "ROWS");
    while (!rows.startsWith("1 ") && System.currentTimeMillis() < deadline) {
      Thread.sleep(10);
      rows = b.ask("QUERY reader", "ROWS");
    }
    assertTrue(rows.startsWith("1 "), "the query still returned " + rows + " after the bound");
  }

  @Test
  @Order(5)
  void evictingTheRegionsInOneJvmEvictsThemInTheOther() throws Exception {
    long id = 3;
    awaitCached(b, id, "author3");
    execute("update Author set name = 'changed behind Hibernate' where id = " + id);
    assertTrue(b.ask("READ " + id, "NAME").startsWith("author3 1 "), "still cached");

    long evicted = Long.parseLong(a.ask("EVICT", "DONE"));

    String read = b.ask("READ " + id, "NAME");
    while (!read.startsWith("changed")
        && System.currentTimeMillis() < evicted + HARD_BOUND_MILLIS) {
      Thread.sleep(10);
      read = b.ask("READ " + id, "NAME");
    }
    assertTrue(read.startsWith("changed behind Hibernate"), "read " + read + " after the eviction");
  }

  @Test
  @Order(6)
  void softLocksContendedFromTwoJvmsAreNeverLost() throws Exception {
    long id = 4;
    int threads = 2;
    int cycles = 150;
    CompletableFuture<String> inA =
        CompletableFuture.supplyAsync(
            () ->
                a.ask(
                    "LOCKS " + id + " " + threads + " " + cycles,
                    "LOCKED",
                    Duration.ofSeconds(120)));
    String inB =
        b.ask("LOCKS " + id + " " + threads + " " + cycles, "LOCKED", Duration.ofSeconds(120));
    String[] lockedA = inA.join().split(" ");
    String[] lockedB = inB.split(" ");
    System.out.println(
        "HIBERNATE LOCKS a: "
            + String.join(" ", lockedA)
            + " b: "
            + String.join(" ", lockedB)
            + " (cycles, violations, most holders seen)");

    assertEquals(String.valueOf(threads * cycles), lockedA[0]);
    assertEquals(String.valueOf(threads * cycles), lockedB[0]);
    assertEquals("0", lockedA[1], "a held a lock that the entry did not show");
    assertEquals("0", lockedB[1], "b held a lock that the entry did not show");
    assertTrue(
        Integer.parseInt(lockedA[2]) > 1 || Integer.parseInt(lockedB[2]) > 1,
        "the JVMs did hold the lock at the same time");
    assertEquals("LOCK 0", a.ask("ARBITER " + id, "ARBITER"), "every lock was left");
    awaitRaw(a, id, Set.of("LOCK 0"));
    awaitRaw(b, id, Set.of("LOCK 0"));
  }

  @Test
  @Order(7)
  void renamesContendedFromTwoJvmsLeaveNoStaleEntity() throws Exception {
    long id = 5;
    CompletableFuture<String> inA =
        CompletableFuture.supplyAsync(
            () -> a.ask("CONTEND " + id + " 2 20", "CONTENDED", Duration.ofSeconds(120)));
    String inB = b.ask("CONTEND " + id + " 2 20", "CONTENDED", Duration.ofSeconds(120));
    System.out.println(
        "HIBERNATE CONTEND a: " + inA.join() + " b: " + inB + " (commits, failures)");

    String stored = queryName(id);
    Set<String> settled = Set.of("ITEM " + stored, "LOCK 0");
    String arbiter = a.ask("ARBITER " + id, "ARBITER");
    assertTrue(settled.contains(arbiter), "the entry is " + arbiter + ", the database " + stored);
    awaitRead(a, id, stored);
    awaitRead(b, id, stored);
    awaitRaw(a, id, settled);
    awaitRaw(b, id, settled);
  }

  // ---- helpers ------------------------------------------------------------------------------

  /** Waits until the worker reads {@code name} from its second-level cache. */
  private static void awaitCached(JvmProcess worker, long id, String name)
      throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    String read = "";
    while (System.nanoTime() < deadline) {
      read = worker.ask("READ " + id, "NAME");
      if (read.equals(name + " 1 0")) {
        return;
      }
      Thread.sleep(20);
    }
    throw new AssertionError(worker.name() + " did not cache " + name + " within 10 s: " + read);
  }

  private static void awaitRead(JvmProcess worker, long id, String name)
      throws InterruptedException {
    long deadline = System.currentTimeMillis() + HARD_BOUND_MILLIS;
    String read = worker.ask("READ " + id, "NAME");
    while (!read.startsWith(name + " ") && System.currentTimeMillis() < deadline) {
      Thread.sleep(10);
      read = worker.ask("READ " + id, "NAME");
    }
    assertTrue(
        read.startsWith(name + " "), worker.name() + " read " + read + ", the database " + name);
  }

  /** Waits, within the hard bound, until the worker's near tier holds one of the entries. */
  private static void awaitRaw(JvmProcess worker, long id, Set<String> expected)
      throws InterruptedException {
    long deadline = System.currentTimeMillis() + HARD_BOUND_MILLIS;
    String raw = worker.ask("RAW " + id, "RAW");
    while (!expected.contains(raw) && System.currentTimeMillis() < deadline) {
      Thread.sleep(10);
      raw = worker.ask("RAW " + id, "RAW");
    }
    assertTrue(
        expected.contains(raw), worker.name() + " holds " + raw + ", not one of " + expected);
  }

  private static void execute(String sql) throws SQLException {
    try (Connection connection = DriverManager.getConnection(url, "sa", "");
        Statement statement = connection.createStatement()) {
      statement.executeUpdate(sql);
    }
  }

  private static String queryName(long id) throws SQLException {
    try (Connection connection = DriverManager.getConnection(url, "sa", "");
        Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery("select name from Author where id = " + id)) {
      rows.next();
      return rows.getString(1);
    }
  }
}
