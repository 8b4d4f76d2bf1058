package io.nearcache.spring.webapp;

import static org.assertj.core.api.Assertions.assertThat;

import io.nearcache.jcache.spi.NearCachingProvider;
import io.nearcache.testsupport.MemcachedClusterExtension;
import jakarta.persistence.EntityManagerFactory;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Predicate;
import java.util.function.Supplier;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.configuration.MutableConfiguration;
import org.hibernate.SessionFactory;
import org.hibernate.stat.Statistics;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Issue 7, end to end: a web application on the starter, with two zones of real memcached, uses
 * nearcache through Spring's cache annotations; another CacheManager on the same zones stands for a
 * second JVM. Its metrics move, {@code /actuator/caches} lists and clears the cache, and {@code
 * /actuator/health/nearcache} reports a killed node. Hibernate's second-level cache runs on the
 * same CacheManager.
 */
@SpringBootTest(
    classes = BookApplication.class,
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "nearcache.local-zone=a",
      "nearcache.serialization.allow=io.nearcache.spring.webapp.**",
      "nearcache.caches.books.near.maximum-size=1000",
      "management.endpoints.web.exposure.include=health,caches,metrics",
      "management.endpoint.health.show-details=always",
      "spring.jpa.open-in-view=false",
      "spring.jpa.properties.hibernate.generate_statistics=true"
    })
@DirtiesContext
class WebApplicationTest {
  @RegisterExtension
  static final MemcachedClusterExtension memcached =
      MemcachedClusterExtension.zones(2).nodesPerZone(2);

  private static final Duration WAIT = Duration.ofSeconds(10);

  /** A CacheManager of another JVM, in zone b. */
  private static CacheManager otherJvm;

  private static Cache<Long, Book> otherBooks;

  @Autowired private TestRestTemplate http;
  @Autowired private BookService service;
  @Autowired private CacheManager cacheManager;
  @Autowired private EntityManagerFactory entityManagerFactory;

  @DynamicPropertySource
  static void zones(DynamicPropertyRegistry registry) {
    registry.add("nearcache.zones.a", () -> memcached.serversProperty("a"));
    registry.add("nearcache.zones.b", () -> memcached.serversProperty("b"));
  }

  @BeforeAll
  static void startOtherJvm() {
    Properties properties = memcached.asProperties();
    properties.setProperty("nearcache.local-zone", "b");
    properties.setProperty("nearcache.serialization.allow", "io.nearcache.spring.webapp.**");
    otherJvm =
        Caching.getCachingProvider(NearCachingProvider.class.getName())
            .getCacheManager(
                URI.create("nearcache:other-jvm"),
                WebApplicationTest.class.getClassLoader(),
                properties);
    otherBooks = otherJvm.createCache("books", new MutableConfiguration<Long, Book>());
  }

  @AfterAll
  static void stopOtherJvm() {
    otherJvm.close();
  }

  /** Evaluates until the condition holds, at most {@link #WAIT}; returns the last value. */
  private static <T> T await(Supplier<T> value, Predicate<T> condition)
      throws InterruptedException {
    long deadline = System.nanoTime() + WAIT.toNanos();
    T current = value.get();
    while (!condition.test(current) && System.nanoTime() < deadline) {
      Thread.sleep(20);
      current = value.get();
    }
    return current;
  }

  private Book getBook(long id) {
    return http.getForObject("/books/{id}", Book.class, id);
  }

  @SuppressWarnings("unchecked")
  private Map<String, Object> json(String path, Object... variables) {
    return http.getForObject(path, Map.class, variables);
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Object value) {
    return (Map<String, Object>) value;
  }

  private double metric(String name, String... tags) {
    StringBuilder path = new StringBuilder("/actuator/metrics/" + name + "?");
    for (String tag : tags) {
      path.append("tag=").append(tag).append('&');
    }
    Map<String, Object> body = json(path.toString());
    if (body == null || !body.containsKey("measurements")) {
      return -1;
    }
    List<Map<String, Object>> measurements = (List<Map<String, Object>>) body.get("measurements");
    return ((Number) measurements.get(0).get("value")).doubleValue();
  }

  @Test
  void cacheableReadsTheStoreOnceAndTheValueReachesTheOtherZone() throws Exception {
    int before = service.loads();
    assertThat(getBook(101)).isEqualTo(new Book(101, "Book 101"));
    assertThat(getBook(101)).isEqualTo(new Book(101, "Book 101"));
    assertThat(service.loads()).isEqualTo(before + 1);
    assertThat(await(() -> otherBooks.get(101L), b -> b != null))
        .isEqualTo(new Book(101, "Book 101"));
  }

  @Test
  void cachePutAndCacheEvictReachAnotherJvm() throws Exception {
    getBook(102);
    assertThat(await(() -> otherBooks.get(102L), b -> b != null))
        .isEqualTo(new Book(102, "Book 102"));

    http.put("/books/{id}", "Second edition", 102);
    assertThat(
            await(() -> otherBooks.get(102L), b -> b != null && b.title().equals("Second edition")))
        .isEqualTo(new Book(102, "Second edition"));
    int loads = service.loads();
    assertThat(getBook(102).title()).isEqualTo("Second edition");
    assertThat(service.loads()).isEqualTo(loads);

    http.delete("/books/{id}", 102);
    assertThat(await(() -> otherBooks.get(102L), b -> b == null)).isNull();
  }

  @Test
  void aWriteInAnotherJvmInvalidatesTheNearCopyAndTheNextReadIsARemoteHit() throws Exception {
    double invalidationsAtStart = metric("nearcache.coherence.invalidations", "cache:books");
    // A poll that sees a journal counter advance before its record is readable repairs the whole
    // partition instead of counting an invalidation; either way the near copy goes. A few rounds
    // make sure the invalidation path itself is seen too.
    for (int round = 0; round < 5; round++) {
      getBook(103);
      awaitNearHit(103);
      double remoteHits = metric("nearcache.remote.hits", "cache:books", "zone:a");
      double dropped = droppedNearCopies();
      String title = "Written elsewhere " + round;

      otherBooks.put(103L, new Book(103, title));
      assertThat(await(this::droppedNearCopies, v -> v > dropped)).isGreaterThan(dropped);
      assertThat(getBook(103).title()).isEqualTo(title);
      assertThat(metric("nearcache.remote.hits", "cache:books", "zone:a"))
          .isEqualTo(remoteHits + 1);
      if (metric("nearcache.coherence.invalidations", "cache:books") > invalidationsAtStart) {
        break;
      }
    }
    assertThat(metric("nearcache.coherence.invalidations", "cache:books"))
        .isGreaterThan(invalidationsAtStart);
    // Cumulative: invalidations applied within 5 s (the +Inf bucket would need URL escaping).
    assertThat(metric("nearcache.coherence.lag", "cache:books", "le:5.0")).isPositive();
    assertThat(metric("nearcache.coherence.polls", "cache:books")).isPositive();
  }

  /** Waits until a read of the book is served by the near tier. */
  private void awaitNearHit(long id) throws InterruptedException {
    double delta =
        await(
            () -> {
              double before = metric("nearcache.near.gets", "cache:books", "result:hit");
              getBook(id);
              return metric("nearcache.near.gets", "cache:books", "result:hit") - before;
            },
            d -> d == 1);
    assertThat(delta).isEqualTo(1);
  }

  /** Near copies dropped for other JVMs' writes: applied invalidations and partition repairs. */
  private double droppedNearCopies() {
    return metric("nearcache.coherence.invalidations", "cache:books")
        + metric("nearcache.coherence.repairs", "cache:books", "scope:partition");
  }

  @Test
  void bootsCacheMetricsAndNearcachesMetersMove() {
    double hits = metric("cache.gets", "cache:books", "result:hit");
    double misses = metric("cache.gets", "cache:books", "result:miss");
    double tierHits = tierHits();
    double gets = metric("nearcache.latency", "cache:books", "operation:get");
    getBook(104);
    getBook(104);
    getBook(104);
    assertThat(metric("cache.gets", "cache:books", "result:hit")).isEqualTo(hits + 2);
    assertThat(metric("cache.gets", "cache:books", "result:miss")).isEqualTo(misses + 1);
    // Every hit is a near hit or a remote hit (a journal repair can drop a fresh near copy).
    assertThat(tierHits()).isEqualTo(tierHits + 2);
    assertThat(metric("nearcache.latency", "cache:books", "operation:get")).isGreaterThan(gets);
    assertThat(metric("nearcache.remote.failures", "cache:books", "zone:b"))
        .isGreaterThanOrEqualTo(0);
  }

  private double tierHits() {
    return metric("nearcache.near.gets", "cache:books", "result:hit")
        + metric("nearcache.remote.hits", "cache:books", "zone:a")
        + metric("nearcache.remote.hits", "cache:books", "zone:b");
  }

  @Test
  void theCachesEndpointListsAndClearsTheCache() {
    Map<String, Object> caches =
        map(map(json("/actuator/caches").get("cacheManagers")).get("cacheManager"));
    assertThat(map(caches.get("caches"))).containsKey("books");
    getBook(105);
    int loads = service.loads();
    http.delete("/actuator/caches/books");
    getBook(105);
    assertThat(service.loads()).isEqualTo(loads + 1);
  }

  @Test
  void hibernatesSecondLevelCacheIsOnTheSameCacheManagerAndShowsInActuator() {
    String region = Publisher.class.getName();
    Statistics statistics = entityManagerFactory.unwrap(SessionFactory.class).getStatistics();
    assertThat(http.getForObject("/books/publishers/{id}", String.class, 7))
        .isEqualTo("Publisher 7");
    long hits = statistics.getSecondLevelCacheHitCount();
    assertThat(http.getForObject("/books/publishers/{id}", String.class, 7))
        .isEqualTo("Publisher 7");
    assertThat(statistics.getSecondLevelCacheHitCount()).isEqualTo(hits + 1);
    assertThat(cacheManager.getCacheNames()).contains(region);
    Map<String, Object> caches =
        map(map(json("/actuator/caches").get("cacheManagers")).get("cacheManager"));
    assertThat(map(caches.get("caches"))).containsKey(region);
    assertThat(metric("cache.gets", "cache:" + region, "result:hit")).isPositive();
    // Served by the near tier, or by memcached when the first write to a fresh journal partition
    // made this JVM drop its own copy (a repair it cannot tell from a lost record).
    assertThat(
            metric("nearcache.near.gets", "cache:" + region, "result:hit")
                + metric("nearcache.remote.hits", "cache:" + region, "zone:a")
                + metric("nearcache.remote.hits", "cache:" + region, "zone:b"))
        .isPositive();
  }

  @Test
  void theHealthEndpointReportsAKilledNodeAndItsReturn() throws Exception {
    Map<String, Object> up = json("/actuator/health/nearcache");
    assertThat(up.get("status")).isEqualTo("UP");
    assertThat(map(map(up.get("details")).get("zones"))).containsOnlyKeys("a", "b");

    String victim = memcached.nodes("b").get(0);
    memcached.cluster().kill(victim);
    try {
      long[] id = {1000};
      Map<String, Object> degraded =
          await(
              () -> {
                getBook(id[0]++); // traffic lets the client notice the dead peer
                return json("/actuator/health/nearcache");
              },
              h -> "DEGRADED".equals(h.get("status")));
      assertThat(degraded.get("status")).isEqualTo("DEGRADED");
      Map<String, Object> zoneB = map(map(map(degraded.get("details")).get("zones")).get("b"));
      assertThat(zoneB).containsEntry("status", "DEGRADED").containsEntry("nodesDown", 1);
      assertThat(map(map(zoneB.get("nodes")).get(victim))).containsEntry("status", "DOWN");
      assertThat(http.getForEntity("/actuator/health", Map.class).getStatusCode())
          .isEqualTo(HttpStatus.OK);
      assertThat(getBook(id[0]).id()).isEqualTo(id[0]);
    } finally {
      memcached.cluster().restart(victim);
    }
    Map<String, Object> back =
        await(() -> json("/actuator/health/nearcache"), h -> "UP".equals(h.get("status")));
    assertThat(back.get("status")).isEqualTo("UP");
  }
}
