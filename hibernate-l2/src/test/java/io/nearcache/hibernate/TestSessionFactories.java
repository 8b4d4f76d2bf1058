package io.nearcache.hibernate;

import io.nearcache.hibernate.model.Author;
import io.nearcache.hibernate.model.Award;
import io.nearcache.hibernate.model.Book;
import io.nearcache.testsupport.MemcachedCluster;
import jakarta.persistence.Persistence;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.hibernate.SessionFactory;

/**
 * Session factories over the test model ({@link Author}, {@link Book}, {@link Award}) with the
 * nearcache region factory, statistics on, and every entity, collection and natural id cached with
 * one strategy. Each factory gets its own CacheManager URI, so it has its own near tier as a
 * separate JVM would, and its own region prefix unless the test shares one on purpose.
 */
public final class TestSessionFactories {
  /** The persistence unit of the test model, in {@code META-INF/persistence.xml}. */
  public static final String UNIT = "nearcache-test";

  private static final AtomicInteger SEQUENCE = new AtomicInteger();

  private final Map<String, Object> properties = new LinkedHashMap<>();

  private TestSessionFactories(String strategy) {
    int n = SEQUENCE.incrementAndGet();
    properties.put("hibernate.connection.url", "jdbc:h2:mem:nearcache-" + n + ";DB_CLOSE_DELAY=-1");
    properties.put("hibernate.connection.username", "sa");
    properties.put("hibernate.connection.password", "");
    properties.put("hibernate.hbm2ddl.auto", "create-drop");
    properties.put("hibernate.cache.use_second_level_cache", "true");
    properties.put("hibernate.cache.use_query_cache", "true");
    properties.put("hibernate.cache.region.factory_class", "nearcache");
    properties.put("hibernate.cache.region_prefix", "test" + n);
    properties.put("hibernate.javax.cache.uri", "nearcache:test-factory-" + n);
    properties.put("hibernate.generate_statistics", "true");
    properties.put("hibernate.classcache." + Author.class.getName(), strategy);
    properties.put("hibernate.classcache." + Book.class.getName(), strategy);
    properties.put("hibernate.classcache." + Award.class.getName(), strategy);
    properties.put("hibernate.collectioncache." + Author.class.getName() + ".books", strategy);
    properties.put("hibernate.collectioncache." + Author.class.getName() + ".awards", strategy);
  }

  /** A factory whose entities, collections and natural ids use {@code strategy}. */
  public static TestSessionFactories strategy(String strategy) {
    return new TestSessionFactories(strategy);
  }

  /** Connects the caches to the cluster's zones, this factory in {@code localZone}. */
  public TestSessionFactories zones(MemcachedCluster cluster, String localZone) {
    cluster.asProperties().forEach((k, v) -> properties.put((String) k, (String) v));
    properties.put(MemcachedCluster.LOCAL_ZONE, localZone);
    // A slow answer on a loaded machine must not count as a failed zone.
    properties.put("nearcache.remote.timeout", "2s");
    return this;
  }

  /** Sets a Hibernate or {@code nearcache.*} property; some Hibernate settings take objects. */
  public TestSessionFactories with(String key, Object value) {
    properties.put(key, value);
    return this;
  }

  /** Removes a property this builder set. */
  public TestSessionFactories without(String key) {
    properties.remove(key);
    return this;
  }

  /** The properties so far as text, e.g. for a factory in another JVM. */
  public Map<String, String> properties() {
    Map<String, String> text = new LinkedHashMap<>();
    properties.forEach((key, value) -> text.put(key, String.valueOf(value)));
    return text;
  }

  /** The value of a property this builder set, or null. */
  public Object property(String key) {
    return properties.get(key);
  }

  /** Builds the session factory, through JPA's bootstrap of the unit {@value #UNIT}. */
  public SessionFactory build() {
    return Persistence.createEntityManagerFactory(UNIT, properties).unwrap(SessionFactory.class);
  }
}
