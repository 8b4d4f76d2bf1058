package io.nearcache.jcache.remote;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import net.spy.memcached.internal.BulkFuture;
import net.spy.memcached.internal.GetFuture;
import net.spy.memcached.internal.OperationFuture;
import net.spy.memcached.ops.OperationException;

/**
 * Turns spymemcached futures into {@link CompletableFuture}s: completed by spymemcached's
 * completion listeners (never by blocking) on the thread that completes the operation, normally
 * its I/O thread; bounded by a timeout; with failures translated into {@link RemoteException}s that
 * name the zone, node, operation and key.
 */
final class SpyCompletions {
  /** Reads the outcome of a spymemcached future that has completed. */
  @FunctionalInterface
  interface Outcome<T> {
    T read() throws Exception;
  }

  /**
   * What an operation was, for error messages. Built for every operation, so it holds only what
   * is at hand; the text is put together when an error needs it.
   *
   * @param operation the memcached command
   * @param key the key, or null; for a multi-key get, its first key
   * @param node the node, or null to look it up from the key when needed
   * @param keyCount how many keys the operation names
   */
  record Call(String operation, String key, NodeAddress node, int keyCount) {
    Call(String operation, String key, NodeAddress node) {
      this(operation, key, node, 1);
    }

    /** The command as error messages name it: {@code get (100 keys)} for a multi-key get. */
    String describe() {
      return keyCount == 1 ? operation : operation + " (" + keyCount + " keys)";
    }
  }

  private final String zone;
  private final Duration timeout;
  private final ScheduledExecutorService timer;
  private final Function<String, NodeAddress> placement;
  private final Deadlines deadlines;

  /**
   * Creates the completions of one client.
   *
   * @param timeout the per-operation timeout of every single-key and bulk operation
   * @param timer the client's own thread: sweeps deadlines and completes every timeout
   * @param placement the node of a key, named in errors
   */
  SpyCompletions(
      String zone,
      Duration timeout,
      ScheduledExecutorService timer,
      Function<String, NodeAddress> placement) {
    this.zone = requireNonNull(zone);
    this.timeout = requireNonNull(timeout);
    this.timer = requireNonNull(timer);
    this.placement = requireNonNull(placement);
    this.deadlines =
        new Deadlines(
            timeout,
            timer,
            call ->
                new RemoteTimeoutException(
                    zone, node(call), call.describe(), call.key(), timeout, null));
  }

  /** Completes with the outcome of a single-key operation. */
  <T> CompletableFuture<T> of(Call call, OperationFuture<?> future, Outcome<T> outcome) {
    CompletableFuture<T> result = new CompletableFuture<>();
    future.addListener(done -> settle(result, call, outcome));
    deadlines.track(result, call, future);
    return result;
  }

  /** Completes with the outcome of a {@code get}. */
  <T> CompletableFuture<T> of(Call call, GetFuture<?> future, Outcome<T> outcome) {
    CompletableFuture<T> result = new CompletableFuture<>();
    future.addListener(done -> settle(result, call, outcome));
    deadlines.track(result, call, future);
    return result;
  }

  /** Completes with the outcome of a multi-key {@code get}. */
  <T> CompletableFuture<T> of(Call call, BulkFuture<?> future, Outcome<T> outcome) {
    CompletableFuture<T> result = new CompletableFuture<>();
    future.addListener(done -> settle(result, call, outcome));
    deadlines.track(result, call, future);
    return result;
  }

  /**
   * Fails {@code raw} with a {@link RemoteTimeoutException} if it has not completed within {@code
   * limit}, and then cancels {@code source} (if given) so that spymemcached does not send it late.
   * The timeout's completion runs on the client's timer thread, never on the JDK's shared timer.
   * For operations whose limit differs from the per-operation timeout (administrative commands);
   * the others are bounded by {@link Deadlines}, at a fraction of the cost.
   */
  <T> CompletableFuture<T> bounded(
      CompletableFuture<T> raw, Call call, Future<?> source, Duration limit) {
    CompletableFuture<T> result = new CompletableFuture<>();
    raw.orTimeout(Math.max(1, limit.toMillis()), TimeUnit.MILLISECONDS);
    raw.whenComplete(
        (value, failure) -> {
          if (failure == null) {
            result.complete(value);
          } else if (failure instanceof TimeoutException) {
            if (source != null) {
              source.cancel(false);
            }
            RemoteTimeoutException timedOut =
                new RemoteTimeoutException(
                    zone, node(call), call.describe(), call.key(), limit, null);
            try {
              timer.execute(() -> result.completeExceptionally(timedOut));
            } catch (RejectedExecutionException closed) {
              result.completeExceptionally(timedOut);
            }
          } else {
            result.completeExceptionally(failure);
          }
        });
    return result;
  }

  /** Stops tracking deadlines; the client is closing. */
  void close() {
    deadlines.close();
  }

  /** A future already failed because the operation could not even be queued. */
  <T> CompletableFuture<T> rejected(Call call, RuntimeException e) {
    if (e instanceof IllegalArgumentException) {
      return CompletableFuture.failedFuture(
          new IllegalArgumentException(
              "Invalid memcached "
                  + call.describe()
                  + " in zone "
                  + zone
                  + (call.key() == null ? "" : " for key '" + call.key() + "'")
                  + ": "
                  + e.getMessage(),
              e));
    }
    return CompletableFuture.failedFuture(translate(call, e));
  }

  /** A {@link RemoteException} for the call. */
  RemoteException failure(Call call, String reason, Throwable cause) {
    return new RemoteException(zone, node(call), call.describe(), call.key(), reason, cause);
  }

  /** The typed exception for whatever failed the call. */
  RemoteException translate(Call call, Throwable e) {
    Throwable cause = e;
    while ((cause instanceof ExecutionException || cause instanceof CompletionException)
        && cause.getCause() != null) {
      cause = cause.getCause();
    }
    if (cause instanceof RemoteException remote) {
      return remote;
    }
    if (cause instanceof CancellationException) {
      return failure(call, "cancelled: the node is down or not connected", cause);
    }
    if (cause instanceof TimeoutException) {
      return new RemoteTimeoutException(
          zone, node(call), call.describe(), call.key(), timeout, cause);
    }
    if (cause instanceof OperationException) {
      return failure(call, "the server answered " + cause.getMessage(), cause);
    }
    if (cause instanceof RejectedExecutionException) {
      return failure(call, "the client is closed", cause);
    }
    return failure(call, String.valueOf(cause.getMessage()), cause);
  }

  private <T> void settle(CompletableFuture<T> raw, Call call, Outcome<T> outcome) {
    try {
      raw.complete(outcome.read());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      raw.completeExceptionally(failure(call, "interrupted", e));
    } catch (Exception e) {
      raw.completeExceptionally(translate(call, e));
    }
  }

  private NodeAddress node(Call call) {
    if (call.node() != null) {
      return call.node();
    }
    return call.key() == null ? null : placement.apply(call.key());
  }
}
