package io.nearcache.jcache.remote;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nearcache.jcache.remote.SpyCompletions.Call;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * The per-operation timeout of a client: an operation without an answer fails when its deadline
 * passes and its spymemcached operation is cancelled; one that completed, or whose caller gave up,
 * leaves the queue at the next sweep. The clock is a fake, so nothing sleeps.
 */
class DeadlinesTest {
  private static final Duration TIMEOUT = Duration.ofMillis(250);

  private final AtomicLong now = new AtomicLong(1_000_000_000L);
  private final RemoteTimeoutException timedOut =
      new RemoteTimeoutException("a", null, "get", "k", TIMEOUT, null);
  private final Deadlines deadlines = new Deadlines(TIMEOUT, now::get, call -> timedOut);

  @Test
  void anUnansweredOperationFailsAtItsDeadlineAndIsCancelled() {
    CompletableFuture<byte[]> result = new CompletableFuture<>();
    CompletableFuture<Object> source = new CompletableFuture<>();
    deadlines.track(result, new Call("get", "k", null), source);

    now.addAndGet(TIMEOUT.toNanos() - 1);
    deadlines.sweep();
    assertFalse(result.isDone(), "one nanosecond before the deadline");

    now.addAndGet(1);
    deadlines.sweep();
    ExecutionException failure = assertThrows(ExecutionException.class, result::get);
    assertSame(timedOut, failure.getCause());
    assertTrue(source.isCancelled(), "spymemcached's operation is cancelled, not sent late");
    assertEquals(0, deadlines.tracked());
  }

  @Test
  void anAnsweredOperationLeavesAtTheNextSweepAndIsNotCancelled() {
    CompletableFuture<byte[]> result = new CompletableFuture<>();
    CompletableFuture<Object> source = new CompletableFuture<>();
    deadlines.track(result, new Call("get", "k", null), source);
    source.complete("answer");
    result.complete(new byte[] {1});

    deadlines.sweep();
    assertEquals(0, deadlines.tracked());
    assertFalse(source.isCancelled());
  }

  @Test
  void anOperationWhoseCallerGaveUpIsCancelled() {
    CompletableFuture<byte[]> result = new CompletableFuture<>();
    CompletableFuture<Object> source = new CompletableFuture<>();
    deadlines.track(result, new Call("get", "k", null), source);
    result.cancel(false);

    deadlines.sweep();
    assertTrue(source.isCancelled());
    assertEquals(0, deadlines.tracked());
  }

  @Test
  void closingFailsWhatIsTrackedAndWhatIsTrackedAfterwards() {
    CompletableFuture<byte[]> before = new CompletableFuture<>();
    CompletableFuture<Object> beforeSource = new CompletableFuture<>();
    deadlines.track(before, new Call("get", "before", null), beforeSource);
    deadlines.close();
    ExecutionException failure = assertThrows(ExecutionException.class, before::get);
    assertTrue(failure.getCause().getMessage().contains("closed before get"), failure.getMessage());
    assertTrue(beforeSource.isCancelled());

    // An operation sent while the client closed is tracked after the last sweep: it fails at once.
    CompletableFuture<byte[]> after = new CompletableFuture<>();
    CompletableFuture<Object> afterSource = new CompletableFuture<>();
    deadlines.track(after, new Call("get", "after", null), afterSource);
    assertTrue(after.isCompletedExceptionally(), "nothing would ever sweep it");
    assertTrue(afterSource.isCancelled());
    assertEquals(0, deadlines.tracked());
  }

  @Test
  void aSweepStopsAtTheFirstOperationStillWithinItsDeadline() {
    CompletableFuture<byte[]> first = new CompletableFuture<>();
    CompletableFuture<byte[]> second = new CompletableFuture<>();
    deadlines.track(first, new Call("get", "first", null), new CompletableFuture<>());
    now.addAndGet(1);
    deadlines.track(second, new Call("get", "second", null), new CompletableFuture<>());
    second.complete(null);

    deadlines.sweep();
    assertEquals(2, deadlines.tracked(), "the answered one waits behind the older pending one");
    first.complete(null);
    deadlines.sweep();
    assertEquals(0, deadlines.tracked());
  }
}
