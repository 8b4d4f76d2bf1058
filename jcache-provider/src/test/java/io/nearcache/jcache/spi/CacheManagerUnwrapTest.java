package io.nearcache.jcache.spi;

import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nearcache.jcache.TestCacheManagers;
import java.util.Map;
import javax.cache.CacheManager;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@link CacheManager#unwrap} gives the {@link NearCacheManager} and refuses anything else. */
class CacheManagerUnwrapTest {
  private CacheManager manager;

  @BeforeEach
  void openManager() {
    manager = TestCacheManagers.open(getClass());
  }

  @AfterEach
  void closeManager() {
    manager.close();
  }

  @Test
  void unwrapsToNearCacheManager() {
    assertSame(manager, manager.unwrap(NearCacheManager.class));
    assertSame(manager, manager.unwrap(CacheManager.class));
  }

  @Test
  void unwrapToAnotherTypeFailsNamingIt() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> manager.unwrap(Map.class));
    assertTrue(e.getMessage().contains(Map.class.getName()), e.getMessage());
  }
}
