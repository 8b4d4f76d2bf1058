package io.nearcache.jcache.remote;

import static java.util.Objects.requireNonNull;

import io.nearcache.jcache.remote.SpyCompletions.Call;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.function.Supplier;

/**
 * The zone-wide administrative operations of a {@link ZoneClient}: an {@link AdminClient} command
 * on every node at once, each on its own thread (the commands block on sockets), each bounded.
 */
final class ZoneAdmin implements AutoCloseable {
  private final List<NodeAddress> nodes;
  private final Duration timeout;
  private final AdminClient admin;
  private final SpyCompletions completions;
  private final ThreadPoolExecutor threads;

  ZoneAdmin(String zone, List<NodeAddress> nodes, Duration timeout, SpyCompletions completions) {
    this.nodes = List.copyOf(nodes);
    this.timeout = requireNonNull(timeout);
    this.completions = requireNonNull(completions);
    this.admin = new AdminClient(zone, timeout);
    this.threads = DaemonThreads.pool("nearcache-" + zone + "-admin", this.nodes.size());
  }

  /** The keys with the prefix on every node, concatenated. */
  CompletableFuture<List<String>> keys(String prefix) {
    List<CompletableFuture<List<String>>> perNode = new ArrayList<>();
    for (NodeAddress node : nodes) {
      perNode.add(onEveryNode("lru_crawler metadump", node, () -> admin.keys(node, prefix)));
    }
    return CompletableFuture.allOf(perNode.toArray(CompletableFuture[]::new))
        .thenApply(
            done -> {
              List<String> keys = new ArrayList<>();
              perNode.forEach(future -> keys.addAll(future.join()));
              return keys;
            });
  }

  /** {@code flush_all} on every node. */
  CompletableFuture<Void> flushAll() {
    List<CompletableFuture<Void>> perNode = new ArrayList<>();
    for (NodeAddress node : nodes) {
      perNode.add(flush(node));
    }
    return CompletableFuture.allOf(perNode.toArray(CompletableFuture[]::new));
  }

  /** {@code flush_all} on one node. */
  CompletableFuture<Void> flush(NodeAddress node) {
    return onEveryNode(
        "flush_all",
        node,
        () -> {
          admin.flushAll(node);
          return null;
        });
  }

  private <T> CompletableFuture<T> onEveryNode(
      String operation, NodeAddress node, Supplier<T> work) {
    Call call = new Call(operation, null, node);
    CompletableFuture<T> raw;
    try {
      raw = CompletableFuture.supplyAsync(work, threads);
    } catch (RuntimeException e) {
      return completions.rejected(call, e);
    }
    CompletableFuture<T> translated = new CompletableFuture<>();
    raw.whenComplete(
        (value, failure) -> {
          if (failure == null) {
            translated.complete(value);
          } else {
            translated.completeExceptionally(completions.translate(call, failure));
          }
        });
    // The admin client bounds each command itself; this also bounds the wait for a thread.
    return completions.bounded(translated, call, null, timeout.multipliedBy(2));
  }

  /** Stops the threads; commands under way finish within their timeout. */
  @Override
  public void close() {
    threads.shutdown();
  }
}
