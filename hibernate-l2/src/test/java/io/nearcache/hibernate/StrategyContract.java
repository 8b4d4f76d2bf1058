package io.nearcache.hibernate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nearcache.hibernate.model.Author;
import io.nearcache.hibernate.model.Book;
import io.nearcache.testsupport.MemcachedClusterExtension;
import jakarta.persistence.EntityManager;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.hibernate.SessionFactory;
import org.hibernate.stat.Statistics;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What every cache concurrency strategy must do with real Hibernate, a real H2 database and real
 * memcached (two zones, this factory in zone a; or embedded, near tier only): serve a second read
 * from the second-level cache, never serve a changed or deleted entity, collection, natural id or
 * query result after the change committed, and count hits and misses in Hibernate's statistics.
 * Subclasses name the strategy; {@link UpdatableStrategyContract} adds updates for the strategies
 * that allow them.
 */
abstract class StrategyContract {
  @RegisterExtension
  static MemcachedClusterExtension memcached = MemcachedClusterExtension.zones(2);

  private static final AtomicLong IDS = new AtomicLong(1000);

  static SessionFactory factory;
  static Statistics statistics;

  /** Builds the class's session factory for {@code strategy}, two-tier in zone a. */
  static void start(String strategy) {
    start(TestSessionFactories.strategy(strategy).zones(memcached.cluster(), "a"));
  }

  /** Builds the class's session factory. */
  static void start(TestSessionFactories builder) {
    factory = builder.build();
    statistics = factory.getStatistics();
  }

  @AfterAll
  static void stop() {
    if (factory != null) {
      factory.close();
      factory = null;
    }
  }

  @BeforeEach
  void clearStatistics() {
    statistics.clear();
  }

  @Test
  void aSecondReadIsAHitWithoutTouchingTheDatabase() {
    long id = persistAuthor("Ada");
    readName(id);
    statistics.clear();

    assertEquals("Ada", readName(id));

    assertEquals(1, statistics.getSecondLevelCacheHitCount());
    assertEquals(0, statistics.getPrepareStatementCount(), "no SQL for a cached entity");
  }

  @Test
  void aMissIsCountedThenTheLoadedEntityIsPutAndHit() {
    long id = persistAuthor("Grace");
    factory.getCache().evictEntityData(Author.class, id);
    statistics.clear();

    assertEquals("Grace", readName(id));
    assertEquals(1, statistics.getSecondLevelCacheMissCount());
    assertEquals(1, statistics.getSecondLevelCachePutCount());

    assertEquals("Grace", readName(id));
    assertEquals(1, statistics.getSecondLevelCacheHitCount());
    String region = Author.class.getName(); // statistics name regions without the prefix
    assertEquals(1, statistics.getDomainDataRegionStatistics(region).getHitCount());
    assertEquals(1, statistics.getDomainDataRegionStatistics(region).getMissCount());
  }

  @Test
  void aDeletedEntityIsNeverReadFromTheCache() {
    long id = persistAuthor("Edsger");
    readName(id);
    readName(id);

    factory.inTransaction(session -> session.remove(session.find(Author.class, id)));

    assertNull(factory.fromTransaction(session -> session.find(Author.class, id)));
    assertNull(factory.fromTransaction(session -> session.find(Author.class, id)));
  }

  @Test
  void aCollectionIsReadFromTheCache() {
    long authorId = persistAuthor("Octavia");
    persistBook(authorId, "Kindred");
    persistBook(authorId, "Dawn");
    assertEquals(2, bookCount(authorId));
    statistics.clear();

    assertEquals(2, bookCount(authorId));
    String role = Author.class.getName() + ".books";
    assertEquals(1, statistics.getCollectionStatistics(role).getCacheHitCount());
  }

  @Test
  void aNaturalIdIsResolvedFromTheCacheUntilItsEntityIsDeleted() {
    long authorId = persistAuthor("Frank");
    long bookId = persistBook(authorId, "Dune");
    String isbn = isbn(bookId);
    assertEquals(bookId, bookIdByIsbn(isbn));
    statistics.clear();

    assertEquals(bookId, bookIdByIsbn(isbn));
    assertTrue(statistics.getNaturalIdCacheHitCount() >= 1, "natural id hit");

    factory.inTransaction(session -> session.remove(session.find(Book.class, bookId)));
    assertNull(
        factory.fromTransaction(session -> session.bySimpleNaturalId(Book.class).load(isbn)));
  }

  @Test
  void aCachedQueryIsHitThenInvalidatedByAChangeToItsTable() {
    long authorId = persistAuthor("Iain");
    String title = "Culture " + authorId;
    long first = persistBook(authorId, title);
    assertEquals(List.of(first), booksTitled(title));
    statistics.clear();

    assertEquals(List.of(first), booksTitled(title));
    assertEquals(1, statistics.getQueryCacheHitCount());

    long second = persistBook(authorId, title);
    statistics.clear();
    assertEquals(List.of(first, second), booksTitled(title));
    assertEquals(0, statistics.getQueryCacheHitCount(), "the insert invalidated the result");
    assertEquals(1, statistics.getQueryCacheMissCount());
    assertTrue(statistics.getUpdateTimestampsCacheHitCount() >= 1, "checked the timestamps");
  }

  @Test
  void evictingARegionForgetsItsEntriesEvenInMemcached() throws Exception {
    long id = persistAuthor("Barbara");
    readName(id);
    TestDatabase.execute(factory, "update Author set name = 'Barbara Liskov' where id = " + id);
    assertEquals("Barbara", readName(id), "the cache does not know of the change yet");

    factory.getCache().evictAllRegions();

    assertEquals("Barbara Liskov", readName(id));
  }

  // ---- helpers ------------------------------------------------------------------------------

  static long nextId() {
    return IDS.incrementAndGet();
  }

  static long persistAuthor(String name) {
    long id = nextId();
    factory.inTransaction(session -> session.persist(new Author(id, name)));
    return id;
  }

  static long persistBook(long authorId, String title) {
    long id = nextId();
    factory.inTransaction(
        session -> {
          Author author = session.find(Author.class, authorId);
          Book book = new Book(id, "isbn-" + id, title, author);
          session.persist(book);
          author.getBooks().add(book);
        });
    return id;
  }

  static String isbn(long bookId) {
    return "isbn-" + bookId;
  }

  static String readName(long id) {
    return factory.fromTransaction(session -> session.find(Author.class, id).getName());
  }

  static String readTitle(long id) {
    return factory.fromTransaction(session -> session.find(Book.class, id).getTitle());
  }

  static int bookCount(long authorId) {
    return factory.fromTransaction(
        session -> session.find(Author.class, authorId).getBooks().size());
  }

  static long bookIdByIsbn(String isbn) {
    return factory.fromTransaction(
        session -> session.bySimpleNaturalId(Book.class).load(isbn).getId());
  }

  static List<Long> booksTitled(String title) {
    return factory.fromTransaction(
        session ->
            ((EntityManager) session)
                .createQuery(
                    "select b.id from Book b where b.title = :title order by b.id", Long.class)
                .setParameter("title", title)
                .setHint("org.hibernate.cacheable", true)
                .getResultList());
  }
}
