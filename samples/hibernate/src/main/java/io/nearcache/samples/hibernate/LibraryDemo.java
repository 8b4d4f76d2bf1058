package io.nearcache.samples.hibernate;

import io.nearcache.hibernate.NearcacheRegionFactory;
import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.Persistence;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.logging.LogManager;
import javax.cache.CacheManager;
import org.hibernate.Session;
import org.hibernate.SessionFactory;
import org.hibernate.engine.spi.SessionFactoryImplementor;
import org.hibernate.stat.CacheRegionStatistics;
import org.hibernate.stat.Statistics;

/**
 * A console tour of nearcache as Hibernate's second-level cache, bootstrapped by JPA from {@code
 * META-INF/persistence.xml}: entity, collection, natural-id and query caching, an update read back
 * after commit, and Hibernate's statistics. Embedded (in-process) unless {@code
 * -Dnearcache.zones.*} names memcached nodes.
 */
public final class LibraryDemo {
  private LibraryDemo() {}

  /** Runs the tour. */
  public static void main(String[] args) throws IOException {
    quietLogging();
    boolean twoTier =
        System.getProperties().stringPropertyNames().stream()
            .anyMatch(key -> key.startsWith("nearcache.zones."));
    System.out.println(
        twoTier
            ? "nearcache two-tier: near tier in front of the memcached zones given with"
                  + " -Dnearcache.zones.*"
            : "nearcache embedded: no zones configured, every region lives in this JVM");

    EntityManagerFactory emf = Persistence.createEntityManagerFactory("library");
    SessionFactory factory = emf.unwrap(SessionFactory.class);
    Statistics statistics = factory.getStatistics();
    try {
      inTransaction(
          emf,
          em -> {
            Author le = new Author(1L, "Ursula K. Le Guin");
            em.persist(le);
            em.persist(new Book(10L, "978-0441478125", "The Left Hand of Darkness", 3, le));
            em.persist(new Book(11L, "978-0061054884", "The Dispossessed", 2, le));
          });

      statistics.clear();
      String title = fromTransaction(emf, em -> em.find(Book.class, 10L).getTitle());
      System.out.printf(
          "%nfind(Book, 10)     -> %s  (L2 hits %d, SQL statements %d)%n",
          title, statistics.getSecondLevelCacheHitCount(), statistics.getPrepareStatementCount());

      statistics.clear();
      int books = fromTransaction(emf, em -> em.find(Author.class, 1L).getBooks().size());
      int again = fromTransaction(emf, em -> em.find(Author.class, 1L).getBooks().size());
      System.out.printf(
          "author's books     -> %d, then %d  (collection L2 hits %d, misses %d)%n",
          books,
          again,
          collectionStatistics(statistics).getHitCount(),
          collectionStatistics(statistics).getMissCount());

      statistics.clear();
      Long byIsbn =
          fromTransaction(
              emf,
              em ->
                  em.unwrap(Session.class)
                      .bySimpleNaturalId(Book.class)
                      .load("978-0061054884")
                      .getId());
      System.out.printf(
          "natural id lookup  -> book %d  (natural-id L2 hits %d)%n",
          byIsbn, statistics.getNaturalIdCacheHitCount());

      statistics.clear();
      List<String> first = availableTitles(emf);
      List<String> second = availableTitles(emf);
      System.out.printf(
          "cached query       -> %s, then %s  (query cache misses %d, hits %d)%n",
          first, second, statistics.getQueryCacheMissCount(), statistics.getQueryCacheHitCount());

      inTransaction(
          emf,
          em -> {
            em.find(Book.class, 11L).lend();
            em.find(Book.class, 11L).lend();
          });
      statistics.clear();
      int copies = fromTransaction(emf, em -> em.find(Book.class, 11L).getCopies());
      List<String> after = availableTitles(emf);
      System.out.printf(
          "after lending out  -> %d copies left, read from the cache (L2 hits %d);"
              + " available %s (the update invalidated the cached query)%n",
          copies, statistics.getSecondLevelCacheHitCount(), after);

      CacheManager manager =
          ((NearcacheRegionFactory)
                  factory.unwrap(SessionFactoryImplementor.class).getCache().getRegionFactory())
              .getCacheManager();
      System.out.printf("%nnearcache caches (configure one with nearcache.caches.<name>.*):%n");
      for (String name : manager.getCacheNames()) {
        System.out.println("  " + name);
      }
    } finally {
      emf.close();
    }
  }

  private static List<String> availableTitles(EntityManagerFactory emf) {
    return fromTransaction(
        emf,
        em ->
            em.createQuery(
                    "select b.title from Book b where b.copies > 0 order by b.title", String.class)
                .setHint("org.hibernate.cacheable", true)
                .getResultList());
  }

  private static CacheRegionStatistics collectionStatistics(Statistics statistics) {
    return statistics.getDomainDataRegionStatistics(Author.class.getName() + ".books");
  }

  private static void inTransaction(EntityManagerFactory emf, Consumer<EntityManager> work) {
    fromTransaction(
        emf,
        em -> {
          work.accept(em);
          return null;
        });
  }

  private static <R> R fromTransaction(EntityManagerFactory emf, Function<EntityManager, R> work) {
    EntityManager em = emf.createEntityManager();
    try {
      em.getTransaction().begin();
      R result = work.apply(em);
      em.getTransaction().commit();
      return result;
    } finally {
      if (em.getTransaction().isActive()) {
        em.getTransaction().rollback();
      }
      em.close();
    }
  }

  private static void quietLogging() throws IOException {
    try (InputStream in = LibraryDemo.class.getResourceAsStream("/logging.properties")) {
      if (in != null) {
        LogManager.getLogManager().readConfiguration(in);
      }
    }
  }
}
