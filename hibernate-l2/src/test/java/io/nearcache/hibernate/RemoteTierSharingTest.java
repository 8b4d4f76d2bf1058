package io.nearcache.hibernate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nearcache.hibernate.model.Author;
import io.nearcache.hibernate.model.Award;
import io.nearcache.hibernate.model.Book;
import io.nearcache.jcache.NearCache;
import io.nearcache.testsupport.MemcachedClusterExtension;
import jakarta.persistence.EntityManager;
import java.util.List;
import javax.cache.Cache;
import javax.cache.CacheManager;
import org.hibernate.SessionFactory;
import org.hibernate.engine.spi.SessionFactoryImplementor;
import org.hibernate.stat.Statistics;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Two session factories on one database, each with its own CacheManager (its own near tier, as in
 * two JVMs), a writer in zone a and a reader in zone b of real memcached: whatever the writer
 * caches (entities, collections, natural ids, query results, timestamps) the reader finds in
 * memcached, deserializes under the default allowlist without a single rejected value, and serves
 * without SQL.
 */
class RemoteTierSharingTest {
  @RegisterExtension
  static MemcachedClusterExtension memcached = MemcachedClusterExtension.zones(2).resetBeforeEach();

  private SessionFactory writer;
  private SessionFactory reader;

  @BeforeEach
  void open() {
    TestSessionFactories writerBuilder =
        TestSessionFactories.strategy("read-write").zones(memcached.cluster(), "a");
    writer = writerBuilder.build();
    reader =
        TestSessionFactories.strategy("read-write")
            .zones(memcached.cluster(), "b")
            .with("hibernate.connection.url", writerBuilder.property("hibernate.connection.url"))
            .with(
                "hibernate.cache.region_prefix",
                writerBuilder.property("hibernate.cache.region_prefix"))
            .with("hibernate.hbm2ddl.auto", "none")
            .build();
  }

  @AfterEach
  void close() {
    reader.close();
    writer.close();
  }

  @Test
  void whatOneFactoryCachesTheOtherReadsFromMemcachedWithoutSql() {
    writer.inTransaction(
        session -> {
          Author author = new Author(1L, "Ursula");
          session.persist(author);
          for (long id = 10; id < 13; id++) {
            Book book = new Book(id, "isbn-" + id, "Earthsea " + id, author);
            session.persist(book);
            author.getBooks().add(book);
          }
          for (long id = 20; id < 22; id++) {
            Award award = new Award(id, "Hugo " + id);
            session.persist(award);
            author.getAwards().add(award);
          }
        });
    readEverything(writer);
    Statistics statistics = reader.getStatistics();
    statistics.clear();

    readEverything(reader);

    assertEquals(0, statistics.getPrepareStatementCount(), "every read came from the cache");
    assertEquals(0, statistics.getSecondLevelCacheMissCount());
    assertTrue(statistics.getSecondLevelCacheHitCount() >= 8, "author, collections, books, awards");
    assertEquals(1, statistics.getNaturalIdCacheHitCount());
    assertEquals(1, statistics.getQueryCacheHitCount());
    CacheManager manager = ((NearcacheRegionFactory) regionFactory(reader)).getCacheManager();
    for (String name : manager.getCacheNames()) {
      Cache<?, ?> cache = manager.getCache(name);
      assertEquals(
          0,
          cache.unwrap(NearCache.class).remoteCounters().rejectedValues(),
          name + " rejected a value Hibernate cached");
    }
  }

  @Test
  void queryResultsCachedBeforeTheTimestampsWereLostAreNotTrusted() {
    writer.inTransaction(session -> session.persist(new Author(2L, "Anne")));
    assertEquals(List.of("Anne"), names(writer));
    assertEquals(List.of("Anne"), names(writer));
    writer.inTransaction(session -> session.find(Author.class, 2L).setName("Anne Rice"));

    // Every timestamp is lost, as when memcached restarts: the cached result must not come back.
    String timestamps =
        writer.getProperties().get("hibernate.cache.region_prefix")
            + ".default-update-timestamps-region";
    ((NearcacheRegionFactory) regionFactory(writer)).getCacheManager().getCache(timestamps).clear();

    assertEquals(List.of("Anne Rice"), names(writer));
    assertEquals(List.of("Anne Rice"), names(reader));
  }

  @Test
  void aFactoryOnAnotherStrategyReadsAMissNotAnEntryItCannotUse() {
    writer.inTransaction(session -> session.persist(new Author(3L, "Octavia")));
    assertEquals("Octavia", writer.fromTransaction(s -> s.find(Author.class, 3L).getName()));
    try (SessionFactory nonstrict =
        TestSessionFactories.strategy("nonstrict-read-write")
            .zones(memcached.cluster(), "b")
            .with(
                "hibernate.connection.url", writer.getProperties().get("hibernate.connection.url"))
            .with(
                "hibernate.cache.region_prefix",
                writer.getProperties().get("hibernate.cache.region_prefix"))
            .with("hibernate.hbm2ddl.auto", "none")
            .build()) {
      nonstrict.getStatistics().clear();

      assertEquals("Octavia", nonstrict.fromTransaction(s -> s.find(Author.class, 3L).getName()));

      assertEquals(1, nonstrict.getStatistics().getSecondLevelCacheMissCount());
    }
  }

  private static void readEverything(SessionFactory factory) {
    factory.inTransaction(
        session -> {
          Author author = session.find(Author.class, 1L);
          assertEquals("Ursula", author.getName());
          assertEquals(3, author.getBooks().size());
          author.getBooks().forEach(book -> assertTrue(book.getTitle().startsWith("Earthsea")));
          assertEquals(2, author.getAwards().size());
          author.getAwards().forEach(award -> assertTrue(award.getName().startsWith("Hugo")));
        });
    Long byIsbn =
        factory.fromTransaction(
            session -> session.bySimpleNaturalId(Book.class).load("isbn-11").getId());
    assertEquals(11L, byIsbn);
    assertEquals(List.of("Ursula"), names(factory));
  }

  private static List<String> names(SessionFactory factory) {
    return factory.fromTransaction(
        session ->
            ((EntityManager) session)
                .createQuery("select a.name from Author a order by a.id", String.class)
                .setHint("org.hibernate.cacheable", true)
                .getResultList());
  }

  private static org.hibernate.cache.spi.RegionFactory regionFactory(SessionFactory factory) {
    return factory.unwrap(SessionFactoryImplementor.class).getCache().getRegionFactory();
  }
}
