package io.nearcache.jcache.tck;

import static org.junit.jupiter.api.Assertions.assertNotNull;

import domain.Blog;
import java.util.ServiceLoader;
import javax.cache.Caching;
import javax.cache.annotation.BeanProvider;
import manager.BlogManager;
import manager.ClassLevelCacheConfigBlogManagerImpl;
import org.junit.jupiter.api.Test;

/**
 * The TCK's annotation tests mark themselves excluded, and so pass, when no {@link BeanProvider}
 * loads. This test fails loudly instead, and proves {@code @CacheResult} is intercepted and served
 * by nearcache.
 */
class TckBeanProviderGuardTest {
  @Test
  void beanProviderLoadsAndCacheAnnotationsAreIntercepted() {
    BeanProvider provider =
        ServiceLoader.load(BeanProvider.class)
            .findFirst()
            .orElseThrow(() -> new AssertionError("no BeanProvider on the test classpath"));
    BlogManager manager = provider.getBeanByType(ClassLevelCacheConfigBlogManagerImpl.class);
    try {
      manager.createEntry(new Blog("guard-title", "guard-body"));
      assertNotNull(manager.getEntryCached("guard-title"));
      manager.clearEntry("guard-title");
      assertNotNull(
          manager.getEntryCached("guard-title"), "@CacheResult was not served from the cache");
    } finally {
      Caching.getCachingProvider().getCacheManager().destroyCache("blgMngr");
    }
  }
}
