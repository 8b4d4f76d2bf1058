package io.nearcache.samples.embedded;

import java.io.Serializable;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.cache.integration.CacheLoader;
import javax.cache.integration.CacheLoaderException;

/** A pretend product table: every load takes a fixed latency and is counted. */
final class SlowDatabase implements CacheLoader<Long, String>, Serializable {

  private static final long serialVersionUID = 1L;

  private final long latencyMillis;
  private final AtomicInteger loads = new AtomicInteger();

  SlowDatabase(long latencyMillis) {
    this.latencyMillis = latencyMillis;
  }

  /** How many keys this database has loaded so far. */
  int loads() {
    return loads.get();
  }

  @Override
  public String load(Long id) {
    loads.incrementAndGet();
    try {
      TimeUnit.MILLISECONDS.sleep(latencyMillis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CacheLoaderException("Interrupted while loading product " + id, e);
    }
    return "product #" + id;
  }

  @Override
  public Map<Long, String> loadAll(Iterable<? extends Long> ids) {
    Map<Long, String> products = new HashMap<>();
    for (Long id : ids) {
      products.put(id, load(id));
    }
    return products;
  }
}
