package io.nearcache.jcache.remote;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.nearcache.jcache.remote.SpyConnectionFactory.PrimaryOnlyLocator;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import net.spy.memcached.MemcachedNode;
import net.spy.memcached.NodeLocator;
import org.junit.jupiter.api.Test;

/**
 * The ring a zone routes with: no failover sequence, and a zone of one node skips hashing the key
 * (every key is on that node), which a ring of several nodes never does.
 */
class PrimaryOnlyLocatorTest {
  private final MemcachedNode first = node("first");
  private final MemcachedNode second = node("second");
  private final List<MemcachedNode> nodes = new ArrayList<>(List.of(first));
  private final NodeLocator ring = ring(nodes);

  @Test
  void aZoneOfOneNodeMapsEveryKeyToItWithoutHashing() {
    PrimaryOnlyLocator locator = new PrimaryOnlyLocator(ring);
    assertSame(first, locator.getPrimary("any key"));
    assertSame(first, locator.getPrimary("another"));
    assertFalse(locator.getSequence("any key").hasNext(), "no failover sequence");
  }

  @Test
  void aZoneOfSeveralNodesHashesEveryKey() {
    nodes.add(second);
    PrimaryOnlyLocator locator = new PrimaryOnlyLocator(ring);
    assertThrows(HashedKey.class, () -> locator.getPrimary("any key"));
  }

  @Test
  void updatingTheNodesUpdatesTheShortcut() {
    PrimaryOnlyLocator locator = new PrimaryOnlyLocator(ring);
    nodes.add(second);
    locator.updateLocator(List.copyOf(nodes));
    assertThrows(HashedKey.class, () -> locator.getPrimary("any key"));
    nodes.remove(first);
    locator.updateLocator(List.copyOf(nodes));
    assertSame(second, locator.getPrimary("any key"));
  }

  /** Thrown by the fake ring when asked to hash a key. */
  private static final class HashedKey extends RuntimeException {
    private static final long serialVersionUID = 1L;
  }

  private static NodeLocator ring(List<MemcachedNode> nodes) {
    return (NodeLocator)
        Proxy.newProxyInstance(
            NodeLocator.class.getClassLoader(),
            new Class<?>[] {NodeLocator.class},
            (proxy, method, args) -> {
              switch (method.getName()) {
                case "getAll":
                  return List.copyOf(nodes);
                case "getPrimary":
                  throw new HashedKey();
                case "updateLocator":
                  return null;
                default:
                  throw new UnsupportedOperationException(method.getName());
              }
            });
  }

  private static MemcachedNode node(String name) {
    return (MemcachedNode)
        Proxy.newProxyInstance(
            MemcachedNode.class.getClassLoader(),
            new Class<?>[] {MemcachedNode.class},
            (proxy, method, args) -> {
              switch (method.getName()) {
                case "toString":
                  return name;
                case "equals":
                  return proxy == args[0];
                case "hashCode":
                  return System.identityHashCode(proxy);
                default:
                  throw new UnsupportedOperationException(method.getName());
              }
            });
  }
}
