package io.nearcache.jcache.remote;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Fails the futures of one client's operations that outlive the client's single per-operation
 * timeout, and then cancels the spymemcached operation so that it is not sent late.
 *
 * <p>Every operation has the same timeout, so deadlines arrive in the order operations were sent:
 * a queue ordered by arrival is ordered by deadline, and one sweep every tick looks only at its
 * head. Tracking an operation costs one lock-free enqueue, where {@code orTimeout} costs a task on
 * the JDK's shared timer queue, whose lock every calling thread and the I/O thread (cancelling the
 * task when the answer comes) contend for. Operations fail between the timeout and the timeout plus
 * one tick (a tenth of the timeout); a thread descheduled between sending and tracking can delay
 * the deadlines behind it by as long as it was descheduled.
 *
 * <p>Timeouts complete on the sweeping thread, owned by the client, never on the JDK's timer.
 */
final class Deadlines implements AutoCloseable {
  /** Sweeps at most this often, whatever the timeout. */
  static final long MIN_TICK_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

  /** Sweeps at least this often, whatever the timeout. */
  static final long MAX_TICK_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

  /** What an operation whose deadline passed before it completed fails with. */
  @FunctionalInterface
  interface Expiry {
    /** The exception to fail the operation's future with. */
    Throwable timedOut(SpyCompletions.Call call);
  }

  private final long timeoutNanos;
  private final LongSupplier nanoTime;
  private final Expiry expiry;
  private final ConcurrentLinkedQueue<Deadline> pending = new ConcurrentLinkedQueue<>();
  private final ScheduledFuture<?> sweeper;
  private volatile boolean closed;

  /**
   * Starts sweeping on {@code timer}.
   *
   * @param timeout every tracked operation's timeout
   * @param expiry the exception for an operation that timed out
   */
  Deadlines(Duration timeout, ScheduledExecutorService timer, Expiry expiry) {
    this.timeoutNanos = requireNonNull(timeout).toNanos();
    this.nanoTime = System::nanoTime;
    this.expiry = requireNonNull(expiry);
    long tick = Math.max(MIN_TICK_NANOS, Math.min(MAX_TICK_NANOS, timeoutNanos / 10));
    this.sweeper =
        requireNonNull(timer).scheduleWithFixedDelay(this::sweep, tick, tick, TimeUnit.NANOSECONDS);
  }

  /** Deadlines on a given clock that sweep only when {@link #sweep} is called; for tests. */
  Deadlines(Duration timeout, LongSupplier nanoTime, Expiry expiry) {
    this.timeoutNanos = requireNonNull(timeout).toNanos();
    this.nanoTime = requireNonNull(nanoTime);
    this.expiry = requireNonNull(expiry);
    this.sweeper = null;
  }

  /**
   * Fails {@code result} when it has not completed within the timeout from now, then cancels
   * {@code source}; also cancels {@code source} when a caller cancelled {@code result}.
   */
  void track(CompletableFuture<?> result, SpyCompletions.Call call, Future<?> source) {
    pending.add(new Deadline(nanoTime.getAsLong() + timeoutNanos, result, call, source));
    if (closed) {
      // Sent while the client closed: no sweep will come for it.
      failPending();
    }
  }

  /** The number of operations still tracked; for tests. */
  int tracked() {
    return pending.size();
  }

  /** Runs on the timer thread only, so it is the queue's single consumer. */
  void sweep() {
    long now = nanoTime.getAsLong();
    for (Deadline head = pending.peek(); head != null; head = pending.peek()) {
      boolean expired = head.atNanos - now <= 0;
      if (!expired && !head.result.isDone()) {
        return;
      }
      pending.poll();
      try {
        head.settle(expired, expiry);
      } catch (RuntimeException e) {
        // A failing dependent action must not stop the sweeps; CompletableFuture reports it there.
      }
    }
  }

  /**
   * Stops sweeping and fails every operation still tracked: spymemcached's shutdown does not
   * always complete an operation sent to a node that stopped answering, and without the sweeps
   * nothing else would, so a caller waiting without a timeout of its own would wait for ever. An
   * operation tracked afterwards (sent by a thread that raced the client's shutdown) fails at once,
   * for the same reason.
   */
  @Override
  public void close() {
    closed = true;
    if (sweeper != null) {
      sweeper.cancel(false);
    }
    failPending();
  }

  private void failPending() {
    for (Deadline head = pending.poll(); head != null; head = pending.poll()) {
      if (head.result.completeExceptionally(
          new IllegalStateException(
              "the memcached client closed before " + head.call.describe() + " completed"))) {
        head.source.cancel(false);
      }
    }
  }

  private static final class Deadline {
    final long atNanos;
    final CompletableFuture<?> result;
    final SpyCompletions.Call call;
    final Future<?> source;

    Deadline(long atNanos, CompletableFuture<?> result, SpyCompletions.Call call, Future<?> source) {
      this.atNanos = atNanos;
      this.result = result;
      this.call = call;
      this.source = source;
    }

    /** Fails the result if it expired first; cancels the source if nobody waits for it. */
    void settle(boolean expired, Expiry expiry) {
      boolean abandoned;
      if (result.isDone()) {
        abandoned = result.isCancelled();
      } else {
        abandoned = expired && result.completeExceptionally(expiry.timedOut(call));
      }
      if (abandoned && !source.isDone()) {
        source.cancel(false);
      }
    }
  }
}
