package io.nearcache.jcache.remote;

import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;

/** Waiting on transport futures in tests, always bounded. */
final class Futures {
  private Futures() {}

  /** The value, waiting at most 5 seconds. */
  static <T> T await(CompletableFuture<T> future) {
    try {
      return future.get(5, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      throw new AssertionError("operation failed: " + e.getCause(), e.getCause());
    } catch (TimeoutException e) {
      throw new AssertionError("operation did not complete within 5 s", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /** The exception the future failed with, waiting at most 5 seconds. */
  static <E extends Throwable> E failure(Class<E> type, CompletableFuture<?> future) {
    ExecutionException e =
        assertThrows(ExecutionException.class, () -> future.get(5, TimeUnit.SECONDS));
    if (!type.isInstance(e.getCause())) {
      throw new AssertionError("expected " + type.getName() + " but got " + e.getCause(), e);
    }
    return type.cast(e.getCause());
  }

  /** The node list of a test cluster's zone. */
  static List<NodeAddress> addresses(List<String> nodes) {
    return nodes.stream().map(NodeAddress::parse).collect(Collectors.toUnmodifiableList());
  }

  /** The first key {@code prefix + i} that the client places on {@code node}. */
  static String keyOn(ZoneClient client, NodeAddress node, String prefix) {
    for (int i = 0; i < 100_000; i++) {
      String key = prefix + i;
      if (client.nodeFor(key).equals(node)) {
        return key;
      }
    }
    throw new AssertionError("no key with prefix " + prefix + " lands on " + node);
  }
}
