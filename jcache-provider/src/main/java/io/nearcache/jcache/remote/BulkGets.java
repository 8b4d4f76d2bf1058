package io.nearcache.jcache.remote;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;

/** Runs one multi-key get per group of keys in parallel and merges the answers. */
public final class BulkGets {
  private BulkGets() {}

  /** The keys without repeats: a set as it is, anything else copied into an ordered set. */
  public static Collection<String> distinct(Collection<String> keys) {
    return keys instanceof Set<?> ? keys : new LinkedHashSet<>(keys);
  }

  /**
   * One {@code get} per group (for example per node), all sent at once; the merged map completes
   * when every group answered, and fails with the first group's failure.
   */
  public static <G> CompletableFuture<Map<String, byte[]>> perGroup(
      Map<G, List<String>> groups,
      BiFunction<G, List<String>, CompletableFuture<Map<String, byte[]>>> get) {
    if (groups.isEmpty()) {
      return CompletableFuture.completedFuture(Map.of());
    }
    if (groups.size() == 1) {
      // Nothing to merge: the one group's answer is the answer (the usual case once the keys
      // were grouped per node a level up).
      Map.Entry<G, List<String>> only = groups.entrySet().iterator().next();
      return get.apply(only.getKey(), only.getValue());
    }
    int total = 0;
    for (List<String> group : groups.values()) {
      total += group.size();
    }
    Map<String, byte[]> found = new ConcurrentHashMap<>(total * 4 / 3 + 1);
    CompletableFuture<Map<String, byte[]>> result = new CompletableFuture<>();
    AtomicInteger pending = new AtomicInteger(groups.size());
    groups.forEach(
        (group, keys) ->
            get.apply(group, keys)
                .whenComplete(
                    (values, failure) -> {
                      if (failure != null) {
                        result.completeExceptionally(failure);
                      } else {
                        found.putAll(values);
                        if (pending.decrementAndGet() == 0) {
                          result.complete(found);
                        }
                      }
                    }));
    return result;
  }
}
