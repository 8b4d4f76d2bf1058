package io.nearcache.hibernate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nearcache.hibernate.model.Author;
import io.nearcache.hibernate.model.Award;
import io.nearcache.hibernate.model.Book;
import io.nearcache.hibernate.storage.HibernateAllowlist;
import io.nearcache.jcache.config.NearCacheConfiguration;
import io.nearcache.jcache.spi.NearCachingProvider;
import java.lang.reflect.Proxy;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.expiry.Duration;
import javax.cache.spi.CachingProvider;
import org.hibernate.SessionFactory;
import org.hibernate.cache.spi.RegionFactory;
import org.hibernate.engine.spi.SessionFactoryImplementor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * How the region factory is selected, where its CacheManager comes from and who closes it, what its
 * region caches look like, and how bad configuration fails: with the property named.
 */
class RegionFactoryTest {
  private static final String AUTHOR = Author.class.getName();
  private static final String BOOK = Book.class.getName();

  private final List<SessionFactory> factories = new ArrayList<>();

  @AfterEach
  void close() {
    factories.forEach(SessionFactory::close);
  }

  private SessionFactory open(TestSessionFactories builder) {
    SessionFactory factory = builder.build();
    factories.add(factory);
    return factory;
  }

  private static RegionFactory regionFactory(SessionFactory factory) {
    return factory.unwrap(SessionFactoryImplementor.class).getCache().getRegionFactory();
  }

  private static CacheManager cacheManager(SessionFactory factory) {
    return ((NearcacheRegionFactory) regionFactory(factory)).getCacheManager();
  }

  private static String prefix(SessionFactory factory) {
    return (String) factory.getProperties().get("hibernate.cache.region_prefix");
  }

  private static void persistAndRead(SessionFactory factory, long id) {
    factory.inTransaction(session -> session.persist(new Author(id, "author " + id)));
    assertEquals("author " + id, factory.fromTransaction(s -> s.find(Author.class, id).getName()));
  }

  @Test
  void theShortNameSelectsTheFactory() {
    SessionFactory factory = open(TestSessionFactories.strategy("read-write"));

    assertInstanceOf(NearcacheRegionFactory.class, regionFactory(factory));
  }

  @Test
  void theClassNameSelectsTheFactory() {
    SessionFactory factory =
        open(
            TestSessionFactories.strategy("read-write")
                .with(
                    "hibernate.cache.region.factory_class",
                    NearcacheRegionFactory.class.getName()));

    assertInstanceOf(NearcacheRegionFactory.class, regionFactory(factory));
  }

  @Test
  void regionCachesGetTheRegionDefaults() {
    SessionFactory factory = open(TestSessionFactories.strategy("read-write"));
    CacheManager manager = cacheManager(factory);
    persistAndRead(factory, 1);

    for (String region :
        List.of(
            AUTHOR,
            BOOK,
            BOOK + "##NaturalId",
            AUTHOR + ".books",
            "default-query-results-region")) {
      NearCacheConfiguration<?, ?> configuration =
          configuration(manager, prefix(factory) + "." + region);
      assertFalse(configuration.isStoreByValue(), region + ": Hibernate's entries are immutable");
      assertTrue(
          configuration.isStatisticsEnabled(), region + ": as hibernate.generate_statistics");
      assertEquals(HibernateAllowlist.PATTERNS, configuration.getSerializationAllow(), region);
      assertEquals(
          Duration.ETERNAL,
          configuration.getExpiryPolicyFactory().create().getExpiryForCreation(),
          region);
      assertNull(configuration.getMaximumSize(), region + ": the properties bound the near tier");
    }
    NearCacheConfiguration<?, ?> timestamps =
        configuration(manager, prefix(factory) + ".default-update-timestamps-region");
    assertEquals(0L, timestamps.getMaximumSize(), "the timestamps never leave the near tier");
    assertEquals(
        Duration.ETERNAL, timestamps.getExpiryPolicyFactory().create().getExpiryForCreation());
  }

  @Test
  void nearcachePropertiesAmongHibernatesConfigureRegionCaches() {
    TestSessionFactories builder = TestSessionFactories.strategy("read-write");
    String prefix = (String) builder.property("hibernate.cache.region_prefix");
    SessionFactory factory =
        open(builder.with("nearcache.caches." + prefix + "." + BOOK + ".store-by-value", "true"));

    assertTrue(configuration(cacheManager(factory), prefix + "." + BOOK).isStoreByValue());
    assertFalse(configuration(cacheManager(factory), prefix + "." + AUTHOR).isStoreByValue());
  }

  @Test
  void aUriNamesAPropertiesFileOnTheClasspath() {
    SessionFactory factory =
        open(
            TestSessionFactories.strategy("read-write")
                .with("hibernate.generate_statistics", "false")
                .with("hibernate.cache.region_prefix", "from-file")
                .with("hibernate.javax.cache.uri", "nearcache-hibernate-test.properties"));
    CacheManager manager = cacheManager(factory);

    assertEquals(URI.create("classpath:nearcache-hibernate-test.properties"), manager.getURI());
    assertTrue(configuration(manager, "from-file." + AUTHOR).isStatisticsEnabled());
    assertFalse(configuration(manager, "from-file." + BOOK).isStatisticsEnabled());
  }

  @Test
  void aPassedInCacheManagerIsUsedAndNeverClosed() {
    CachingProvider provider = Caching.getCachingProvider(NearCachingProvider.class.getName());
    CacheManager manager =
        provider.getCacheManager(
            URI.create("nearcache:passed-in"), provider.getDefaultClassLoader(), new Properties());
    try {
      TestSessionFactories builder =
          TestSessionFactories.strategy("read-write")
              .with("hibernate.javax.cache.cache_manager", manager);
      String prefix = (String) builder.property("hibernate.cache.region_prefix");
      SessionFactory first = builder.build();
      assertEquals(manager, cacheManager(first));
      persistAndRead(first, 2);
      first.close();

      assertFalse(manager.isClosed(), "the session factory left the manager open");
      Cache<Object, Object> authors = manager.getCache(prefix + "." + AUTHOR);
      assertFalse(authors.isClosed(), "and its caches, which belong to the manager");

      SessionFactory second = open(builder);
      persistAndRead(second, 3);
    } finally {
      manager.close();
    }
  }

  @Test
  void anOwnedCacheManagerClosesWithTheLastSessionFactoryThatUsesIt() {
    TestSessionFactories builder =
        TestSessionFactories.strategy("read-write")
            .with("hibernate.javax.cache.uri", "nearcache:shared");
    SessionFactory first = builder.build();
    SessionFactory second =
        open(
            TestSessionFactories.strategy("read-write")
                .with("hibernate.javax.cache.uri", "nearcache:shared"));
    CacheManager manager = cacheManager(first);
    assertEquals(manager, cacheManager(second));

    first.close();
    assertFalse(manager.isClosed(), "the second session factory still uses it");
    persistAndRead(second, 4);

    second.close();
    factories.remove(second);
    assertTrue(manager.isClosed());
  }

  @Test
  void transactionalIsRefusedNamingTheEntityAndTheWayOut() {
    RuntimeException failure =
        assertThrows(
            RuntimeException.class, () -> open(TestSessionFactories.strategy("transactional")));

    String messages = messages(failure);
    assertTrue(messages.contains("transactional"), messages);
    assertTrue(messages.contains("read-write"), messages);
    assertTrue(messages.contains("asked for " + Author.class.getPackageName() + "."), messages);
  }

  @Test
  void anInvalidNearcachePropertyFailsNamingIt() {
    RuntimeException failure =
        assertThrows(
            RuntimeException.class,
            () ->
                open(
                    TestSessionFactories.strategy("read-write")
                        .with("nearcache.near.maximum-size", "lots")));

    assertTrue(messages(failure).contains("nearcache.near.maximum-size=lots"), messages(failure));
  }

  @Test
  void anotherJCacheProviderIsRefusedNamingTheSetting() {
    RuntimeException failure =
        assertThrows(
            RuntimeException.class,
            () ->
                open(
                    TestSessionFactories.strategy("read-write")
                        .with("hibernate.javax.cache.provider", "com.example.OtherProvider")));

    assertTrue(messages(failure).contains("hibernate.javax.cache.provider"), messages(failure));
  }

  @Test
  void aCacheManagerOfAnotherProviderIsRefused() {
    CachingProvider foreignProvider =
        (CachingProvider)
            Proxy.newProxyInstance(
                getClass().getClassLoader(),
                new Class<?>[] {CachingProvider.class},
                (proxy, method, args) -> null);
    CacheManager foreign =
        (CacheManager)
            Proxy.newProxyInstance(
                getClass().getClassLoader(),
                new Class<?>[] {CacheManager.class},
                (proxy, method, args) ->
                    method.getName().equals("getCachingProvider") ? foreignProvider : null);

    RuntimeException failure =
        assertThrows(
            RuntimeException.class,
            () ->
                open(
                    TestSessionFactories.strategy("read-write")
                        .with("hibernate.javax.cache.cache_manager", foreign)));

    assertTrue(messages(failure).contains("not of nearcache"), messages(failure));
  }

  @Test
  void failingOnMissingCachesAcceptsOnlyConfiguredOnes() {
    RuntimeException failure =
        assertThrows(
            RuntimeException.class,
            () ->
                open(
                    TestSessionFactories.strategy("read-write")
                        .with("hibernate.javax.cache.missing_cache_strategy", "fail")));
    assertTrue(messages(failure).contains("missing_cache_strategy=fail"), messages(failure));

    TestSessionFactories configured =
        TestSessionFactories.strategy("read-write")
            .with("hibernate.javax.cache.missing_cache_strategy", "fail");
    String prefix = (String) configured.property("hibernate.cache.region_prefix");
    for (String region :
        List.of(
            AUTHOR,
            BOOK,
            BOOK + "##NaturalId",
            AUTHOR + ".books",
            AUTHOR + ".awards",
            Award.class.getName(),
            "default-query-results-region",
            "default-update-timestamps-region")) {
      configured.with("nearcache.caches." + prefix + "." + region + ".near.maximum-size", "1000");
    }
    persistAndRead(open(configured), 5);
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static NearCacheConfiguration<?, ?> configuration(CacheManager manager, String cache) {
    Cache found = manager.getCache(cache);
    if (found == null) {
      throw new AssertionError("no cache " + cache + " in " + manager.getCacheNames());
    }
    return (NearCacheConfiguration<?, ?>) found.getConfiguration(NearCacheConfiguration.class);
  }

  private static String messages(Throwable failure) {
    StringBuilder all = new StringBuilder();
    for (Throwable t = failure; t != null; t = t.getCause()) {
      all.append(t).append('\n');
    }
    return all.toString();
  }
}
