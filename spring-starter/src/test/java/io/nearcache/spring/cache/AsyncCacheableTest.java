package io.nearcache.spring.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.nearcache.spring.NearcacheAutoConfiguration;
import io.nearcache.testsupport.MemcachedClusterExtension;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.cache.CacheAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.cache.CacheManager;
import org.springframework.cache.annotation.Cacheable;
import org.springframework.cache.annotation.EnableCaching;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * {@code @Cacheable} on methods returning {@code CompletableFuture}: Spring reads through {@code
 * Cache#retrieve}, which Spring's plain JCache adapter does not implement; nearcache's reads
 * without blocking, on the embedded near tier and on real memcached zones.
 */
class AsyncCacheableTest {
  @RegisterExtension
  static final MemcachedClusterExtension memcached =
      MemcachedClusterExtension.zones(2).nodesPerZone(1).resetBeforeEach();

  private final ApplicationContextRunner runner =
      new ApplicationContextRunner()
          .withConfiguration(
              AutoConfigurations.of(
                  NearcacheAutoConfiguration.class, CacheAutoConfiguration.class))
          .withUserConfiguration(Books.class)
          .withPropertyValues("spring.cache.cache-names=titles,authors");

  @Test
  void embeddedAsyncMethodsLoadOnceAndFailuresAreNotCached() {
    runner.run(context -> checkCaching(context.getBean(Books.Service.class), context.getBean(CacheManager.class)));
  }

  @Test
  void remoteAsyncMethodsLoadOnceAcrossJvmsAndFailuresAreNotCached() {
    ApplicationContextRunner zones =
        runner.withPropertyValues(
            "nearcache.zones.a=" + memcached.serversProperty("a"),
            "nearcache.zones.b=" + memcached.serversProperty("b"),
            "nearcache.local-zone=a",
            "nearcache.write.ack=ALL");
    zones.run(
        first -> {
          checkCaching(first.getBean(Books.Service.class), first.getBean(CacheManager.class));
          // Another application (JVM) on the same servers reads the title from memcached.
          zones.run(
              second -> {
                Books.Service other = second.getBean(Books.Service.class);
                assertThat(other.title(1).get(5, TimeUnit.SECONDS)).isEqualTo("title 1");
                assertThat(other.loads()).as("served from memcached").isZero();
              });
        });
  }

  /** With the local zone's node hung, the call returns at once and the answer follows later. */
  @Test
  void aRemoteReadDoesNotBlockTheCaller() {
    runner
        .withPropertyValues(
            "nearcache.zones.a=" + memcached.serversProperty("a"),
            "nearcache.zones.b=" + memcached.serversProperty("b"),
            "nearcache.local-zone=a",
            "nearcache.remote.timeout=2s")
        .run(
            context -> {
              Books.Service books = context.getBean(Books.Service.class);
              String node = memcached.nodes("a").get(0);
              memcached.cluster().suspend(node);
              try {
                CompletableFuture<String> title = books.title(5);
                assertThat(title).as("waiting for the hung node, not blocking").isNotDone();
                memcached.cluster().resume(node);
                assertThat(title.get(10, TimeUnit.SECONDS)).isEqualTo("title 5");
              } finally {
                memcached.cluster().resume(node);
              }
            });
  }

  private static void checkCaching(Books.Service books, CacheManager springManager)
      throws Exception {
    assertThat(springManager).isInstanceOf(NearcacheSpringCacheManager.class);
    assertThat(springManager.getCache("titles")).isInstanceOf(NearcacheSpringCache.class);

    assertThat(books.title(1).get(5, TimeUnit.SECONDS)).isEqualTo("title 1");
    assertThat(books.title(1).get(5, TimeUnit.SECONDS)).isEqualTo("title 1");
    assertThat(books.loads()).as("the second call is served by the cache").isEqualTo(1);

    assertThatThrownBy(() -> books.title(-1).get(5, TimeUnit.SECONDS))
        .isInstanceOf(ExecutionException.class)
        .hasRootCauseMessage("no book -1");
    assertThatThrownBy(() -> books.title(-1).get(5, TimeUnit.SECONDS))
        .isInstanceOf(ExecutionException.class);
    assertThat(books.loads()).as("a failed future is not cached").isEqualTo(3);

    assertThat(books.author(7).get(5, TimeUnit.SECONDS)).isNull();
    assertThat(books.author(7).get(5, TimeUnit.SECONDS)).isNull();
    assertThat(books.authorLoads()).as("a null result is cached").isEqualTo(1);

    assertThat(books.synced(3).get(5, TimeUnit.SECONDS)).isEqualTo("synced 3");
    assertThat(books.synced(3).get(5, TimeUnit.SECONDS)).isEqualTo("synced 3");
    assertThat(books.syncedLoads()).as("retrieve with a loader stores the load").isEqualTo(1);
  }

  @Configuration(proxyBeanMethods = false)
  @EnableCaching
  static class Books {
    @Bean
    Service books() {
      return new Service();
    }

    static class Service {
      final AtomicInteger loads = new AtomicInteger();
      final AtomicInteger authorLoads = new AtomicInteger();
      final AtomicInteger syncedLoads = new AtomicInteger();

      // Read through methods: the caching proxy is a subclass whose own fields stay unset.
      public int loads() {
        return loads.get();
      }

      public int authorLoads() {
        return authorLoads.get();
      }

      public int syncedLoads() {
        return syncedLoads.get();
      }

      @Cacheable("titles")
      public CompletableFuture<String> title(int id) {
        loads.incrementAndGet();
        return id < 0
            ? CompletableFuture.failedFuture(new IllegalStateException("no book " + id))
            : CompletableFuture.supplyAsync(() -> "title " + id);
      }

      @Cacheable("authors")
      public CompletableFuture<String> author(int id) {
        authorLoads.incrementAndGet();
        return CompletableFuture.completedFuture(null);
      }

      @Cacheable(cacheNames = "titles", key = "'synced-' + #id", sync = true)
      public CompletableFuture<String> synced(int id) {
        syncedLoads.incrementAndGet();
        return CompletableFuture.supplyAsync(() -> "synced " + id);
      }
    }
  }
}
