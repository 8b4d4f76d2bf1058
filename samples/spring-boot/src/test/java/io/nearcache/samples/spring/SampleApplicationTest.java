package io.nearcache.samples.spring;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.persistence.EntityManagerFactory;
import java.math.BigDecimal;
import java.util.Map;
import org.hibernate.SessionFactory;
import org.hibernate.stat.Statistics;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;

/**
 * The sample runs on the embedded near tier: products come from Hibernate's second-level cache
 * after their first load, exchange rates from the {@code rates} cache, and Actuator shows both.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class SampleApplicationTest {
  @Autowired private TestRestTemplate http;
  @Autowired private ExchangeRates rates;
  @Autowired private EntityManagerFactory entityManagerFactory;

  @SuppressWarnings("unchecked")
  private Map<String, Object> get(String path) {
    return http.getForObject(path, Map.class);
  }

  @Test
  void productsComeFromTheSecondLevelCacheAfterTheirFirstLoad() {
    Statistics statistics = entityManagerFactory.unwrap(SessionFactory.class).getStatistics();
    long hits = statistics.getSecondLevelCacheHitCount();
    get("/products/2");
    get("/products/2");
    get("/products/2");
    assertThat(statistics.getSecondLevelCacheHitCount()).isGreaterThanOrEqualTo(hits + 2);
  }

  @Test
  void exchangeRatesAreLookedUpOnce() {
    int lookups = rates.lookups();
    Map<String, Object> first = get("/products/1?currency=USD");
    Map<String, Object> second = get("/products/1?currency=USD");
    assertThat(first.get("price")).isEqualTo(second.get("price")).isEqualTo(268.92);
    assertThat(rates.lookups()).isEqualTo(lookups + 1);
  }

  @Test
  void aPriceChangeIsSeenAtOnce() {
    http.put("/products/3/price", new BigDecimal("19.90"));
    assertThat(get("/products/3").get("price")).isEqualTo(19.9);
  }

  @Test
  void actuatorShowsTheCachesAndTheirHealth() {
    Map<String, Object> health = get("/actuator/health/nearcache");
    assertThat(health.get("status")).isEqualTo("UP");
    assertThat(health.toString()).contains("mode=embedded");
    assertThat(get("/actuator/caches").toString()).contains("rates", Product.class.getName());
  }
}
