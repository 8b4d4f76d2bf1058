package io.nearcache.spring.hibernate;

import static org.assertj.core.api.Assertions.assertThat;

import io.nearcache.hibernate.NearcacheRegionFactory;
import io.nearcache.spring.NearcacheAutoConfiguration;
import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import java.util.Arrays;
import javax.cache.CacheManager;
import org.hibernate.cache.internal.NoCachingRegionFactory;
import org.hibernate.engine.spi.SessionFactoryImplementor;
import org.hibernate.stat.Statistics;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.cache.CacheAutoConfiguration;
import org.springframework.boot.autoconfigure.domain.EntityScan;
import org.springframework.boot.autoconfigure.jdbc.DataSourceAutoConfiguration;
import org.springframework.boot.autoconfigure.orm.jpa.HibernateJpaAutoConfiguration;
import org.springframework.boot.autoconfigure.transaction.TransactionAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.cache.annotation.EnableCaching;
import org.springframework.cache.jcache.JCacheCacheManager;
import org.springframework.context.annotation.Configuration;

/**
 * Issue 7: with nearcache-hibernate and JPA present, Hibernate's second-level cache uses the
 * application's CacheManager; the EntityManagerFactory starts after it and closes before it, and
 * only the application context closes it.
 */
class HibernateSecondLevelCacheTest {
  private final ApplicationContextRunner runner =
      new ApplicationContextRunner()
          .withConfiguration(
              AutoConfigurations.of(
                  NearcacheAutoConfiguration.class,
                  DataSourceAutoConfiguration.class,
                  HibernateJpaAutoConfiguration.class,
                  TransactionAutoConfiguration.class,
                  CacheAutoConfiguration.class))
          .withUserConfiguration(Entities.class)
          .withPropertyValues(
              "spring.datasource.generate-unique-name=true",
              "spring.jpa.properties.hibernate.generate_statistics=true");

  private static SessionFactoryImplementor sessionFactory(AssertableApplicationContext context) {
    return context.getBean(EntityManagerFactory.class).unwrap(SessionFactoryImplementor.class);
  }

  @Test
  void hibernatesRegionsLiveInTheApplicationsCacheManager() {
    runner.run(
        context -> {
          assertThat(context).hasNotFailed();
          CacheManager manager = context.getBean(CacheManager.class);
          var regionFactory = sessionFactory(context).getCache().getRegionFactory();
          assertThat(regionFactory).isInstanceOf(NearcacheRegionFactory.class);
          assertThat(((NearcacheRegionFactory) regionFactory).getCacheManager()).isSameAs(manager);

          EntityManagerFactory emf = context.getBean(EntityManagerFactory.class);
          EntityManager writer = emf.createEntityManager();
          writer.getTransaction().begin();
          writer.persist(new Author(1L, "Ursula"));
          writer.getTransaction().commit();
          writer.close();
          Statistics statistics = sessionFactory(context).getStatistics();
          long hits = statistics.getSecondLevelCacheHitCount();
          EntityManager reader = emf.createEntityManager();
          assertThat(reader.find(Author.class, 1L).getName()).isEqualTo("Ursula");
          reader.close();
          assertThat(statistics.getSecondLevelCacheHitCount()).isEqualTo(hits + 1);
          assertThat(manager.getCacheNames()).contains(Author.class.getName());
          assertThat(manager.getCache(Author.class.getName()).iterator().hasNext()).isTrue();
        });
  }

  @Test
  void springsCacheManagerListsTheRegions() {
    runner
        .withUserConfiguration(WithCaching.class)
        .run(
            context ->
                assertThat(context.getBean(JCacheCacheManager.class).getCacheNames())
                    .contains(Author.class.getName()));
  }

  @Test
  void theEntityManagerFactoryDependsOnTheCacheManagerAndLeavesItOpen() {
    CacheManager[] manager = new CacheManager[1];
    runner.run(
        context -> {
          manager[0] = context.getBean(CacheManager.class);
          String[] dependsOn =
              context.getBeanFactory().getBeanDefinition("entityManagerFactory").getDependsOn();
          assertThat(Arrays.asList(dependsOn))
              .contains(NearcacheAutoConfiguration.CACHE_MANAGER_BEAN_NAME);
          context.getBean(EntityManagerFactory.class).close();
          assertThat(manager[0].isClosed())
              .as("closing Hibernate leaves the CacheManager open")
              .isFalse();
        });
    assertThat(manager[0].isClosed()).as("the context closes it").isTrue();
  }

  @Test
  void anotherRegionFactoryChosenByTheApplicationIsKept() {
    runner
        .withPropertyValues(
            "spring.jpa.properties.hibernate.cache.region.factory_class="
                + NoCachingRegionFactory.class.getName())
        .run(
            context ->
                assertThat(sessionFactory(context).getCache().getRegionFactory())
                    .isInstanceOf(NoCachingRegionFactory.class));
  }

  @Test
  void nothingIsWiredWithoutTheRegionFactory() {
    runner
        .withClassLoader(new FilteredClassLoader(NearcacheRegionFactory.class))
        .run(
            context ->
                assertThat(context).doesNotHaveBean(NearcacheHibernatePropertiesCustomizer.class));
  }

  @Configuration(proxyBeanMethods = false)
  @EntityScan(basePackageClasses = Author.class)
  static class Entities {}

  @Configuration(proxyBeanMethods = false)
  @EnableCaching
  static class WithCaching {}
}
