package io.nearcache.jcache.remote.tier;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** Waits, bounded, for something that happens asynchronously, such as replication to a zone. */
final class Eventually {
  /** Long enough for a loaded 2-core machine; replication normally takes milliseconds. */
  static final Duration DEFAULT_BOUND = Duration.ofSeconds(5);

  private Eventually() {}

  /** Polls until the condition holds, failing with the description after the default bound. */
  static void await(String description, BooleanSupplier condition) {
    await(description, DEFAULT_BOUND, condition);
  }

  /** Polls until the condition holds, failing with the description after {@code bound}. */
  static void await(String description, Duration bound, BooleanSupplier condition) {
    long deadline = System.nanoTime() + bound.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() - deadline > 0) {
        throw new AssertionError("not within " + bound.toMillis() + " ms: " + description);
      }
      pause();
    }
  }

  /** Polls until the supplier returns a non-null value, and returns it. */
  static <T> T awaitValue(String description, Supplier<T> supplier) {
    Object[] found = {null};
    await(description, () -> (found[0] = supplier.get()) != null);
    @SuppressWarnings("unchecked")
    T value = (T) found[0];
    return value;
  }

  private static void pause() {
    try {
      Thread.sleep(10);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted while waiting", e);
    }
  }
}
