package io.nearcache.jcache.coherence;

import static io.nearcache.jcache.coherence.CoherenceFixture.manager;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nearcache.jcache.config.NearcacheConfigurationException;
import io.nearcache.testsupport.MemcachedClusterExtension;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * STYLE.md "a misconfiguration fails at start-up with a message that names the property": a {@code
 * nearcache.coherence.transport} that is not a usable {@link InvalidationTransport} class fails
 * {@code getCacheManager}, naming the key and the class.
 */
class TransportClassValidationTest {
  @RegisterExtension
  static MemcachedClusterExtension memcached = MemcachedClusterExtension.zones(1);

  @ParameterizedTest
  @ValueSource(strings = {"com.example.NoSuchTransport", "java.lang.Object", "java.lang.Runtime"})
  void unusableTransportClassFailsGetCacheManagerNamingTheKey(String className) {
    NearcacheConfigurationException e =
        assertThrows(
            NearcacheConfigurationException.class,
            () -> manager(memcached.cluster(), "a", "nearcache.coherence.transport", className));
    assertTrue(
        e.getMessage().contains("nearcache.coherence.transport=" + className), e.getMessage());
    assertTrue(e.getMessage().contains(InvalidationTransport.class.getName()), e.getMessage());
  }
}
