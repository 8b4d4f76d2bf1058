package io.nearcache.jcache.config;

import static io.nearcache.jcache.TestCacheManagers.provider;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.file.Path;
import javax.cache.CacheException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A {@code classpath:} or {@code file:} URI other than the default names a file that must exist:
 * a missing one fails {@code getCacheManager} with a message naming it.
 */
class MissingConfigurationFileTest {
  @TempDir Path dir;

  @Test
  void missingClasspathResourceFailsNamingIt() {
    URI uri = URI.create("classpath:nearcache-test/absent.properties");
    NearcacheConfigurationException e =
        assertThrows(
            NearcacheConfigurationException.class,
            () -> provider().getCacheManager(uri, getClass().getClassLoader(), null));
    assertInstanceOf(CacheException.class, e);
    assertTrue(e.getMessage().contains(uri.toString()), e.getMessage());
    assertTrue(e.getMessage().contains("not found on the classpath"), e.getMessage());
  }

  @Test
  void missingFileFailsNamingIt() {
    Path absent = dir.resolve("absent.properties");
    NearcacheConfigurationException e =
        assertThrows(
            NearcacheConfigurationException.class,
            () -> provider().getCacheManager(absent.toUri(), getClass().getClassLoader(), null));
    assertTrue(e.getMessage().contains(absent.toString()), e.getMessage());
    assertTrue(e.getMessage().contains("does not exist"), e.getMessage());
  }
}
