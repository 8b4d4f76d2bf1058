package io.nearcache.jcache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * The future {@code getAsync} returns: every kind of stage attached before it completes runs on the
 * stage executor, not on the completing thread, and so do the stages of the futures it derives;
 * stages attached after it completed run at once; a waiting caller is answered by the completing
 * thread.
 */
class StageFutureTest {
  /** Runs each task at once, counting it: a stage ran here, not on the completing thread. */
  private static final class Counting implements Executor {
    final List<Runnable> ran = new ArrayList<>();

    @Override
    public void execute(Runnable task) {
      ran.add(task);
      task.run();
    }
  }

  @Test
  void everyStageAttachedBeforeCompletionRunsOnTheStageExecutor() throws Exception {
    Counting stages = new Counting();
    StageFuture<String> future = new StageFuture<>(stages);
    CompletableFuture<String> other = CompletableFuture.completedFuture("o");
    List<Function<StageFuture<String>, CompletableFuture<?>>> kinds =
        List.of(
            f -> f.thenApply(v -> v),
            f -> f.thenAccept(v -> {}),
            f -> f.thenRun(() -> {}),
            f -> f.thenCompose(CompletableFuture::completedFuture),
            f -> f.handle((v, e) -> v),
            f -> f.whenComplete((v, e) -> {}),
            f -> f.exceptionally(e -> "x"),
            f -> f.exceptionallyCompose(e -> CompletableFuture.completedFuture("x")),
            f -> f.thenCombine(other, (a, b) -> a + b),
            f -> f.thenAcceptBoth(other, (a, b) -> {}),
            f -> f.runAfterBoth(other, () -> {}),
            f -> f.applyToEither(new CompletableFuture<String>(), v -> v),
            f -> f.acceptEither(new CompletableFuture<String>(), v -> {}),
            f -> f.runAfterEither(new CompletableFuture<String>(), () -> {}));
    List<CompletableFuture<?>> attached = new ArrayList<>();
    for (Function<StageFuture<String>, CompletableFuture<?>> kind : kinds) {
      attached.add(kind.apply(future));
    }
    future.complete("v");
    for (CompletableFuture<?> stage : attached) {
      stage.get(5, TimeUnit.SECONDS);
    }
    // exceptionally and exceptionallyCompose run no function on success, but still hand over.
    assertTrue(stages.ran.size() >= kinds.size() - 2, stages.ran.size() + " stages handed over");
  }

  @Test
  void derivedFuturesHandTheirStagesOverToo() throws Exception {
    Counting stages = new Counting();
    StageFuture<String> future = new StageFuture<>(stages);
    CompletableFuture<String> derived = future.thenApply(v -> v + "1");
    assertInstanceOf(StageFuture.class, derived);
    CompletableFuture<String> further = derived.thenApply(v -> v + "2");
    future.complete("v");
    assertEquals("v12", further.get(5, TimeUnit.SECONDS));
    assertEquals(2, stages.ran.size());
  }

  @Test
  void aStageAttachedAfterCompletionRunsAtOnceInTheAttachingThread() {
    Counting stages = new Counting();
    StageFuture<String> future = new StageFuture<>(stages);
    future.complete("v");
    String thread = future.thenApply(v -> Thread.currentThread().getName()).getNow(null);
    assertEquals(Thread.currentThread().getName(), thread);
    assertEquals(0, stages.ran.size());
  }

  @Test
  void relayAppliesItsStepOnTheCompletingThreadAndCarriesItsFailure() throws Exception {
    Counting stages = new Counting();
    CompletableFuture<Integer> source = new CompletableFuture<>();
    StageFuture<String> stepped =
        StageFuture.relay(source, n -> n + " on " + Thread.currentThread().getName(), stages);
    source.complete(7);
    assertEquals("7 on " + Thread.currentThread().getName(), stepped.get(5, TimeUnit.SECONDS));
    assertEquals(0, stages.ran.size(), "the step is not handed over");

    CompletableFuture<Integer> throwing = new CompletableFuture<>();
    StageFuture<String> failed =
        StageFuture.relay(
            throwing,
            n -> {
              throw new IllegalArgumentException("bad " + n);
            },
            stages);
    throwing.complete(8);
    ExecutionException e =
        org.junit.jupiter.api.Assertions.assertThrows(
            ExecutionException.class, () -> failed.get(5, TimeUnit.SECONDS));
    assertInstanceOf(IllegalArgumentException.class, e.getCause());
  }

  @Test
  void relayCarriesValuesAndFailures() throws Exception {
    Counting stages = new Counting();
    CompletableFuture<String> source = new CompletableFuture<>();
    StageFuture<String> relayed = StageFuture.relay(source, stages);
    source.complete("v");
    assertEquals("v", relayed.get(5, TimeUnit.SECONDS));

    CompletableFuture<String> failing = new CompletableFuture<>();
    StageFuture<String> failed = StageFuture.relay(failing, stages);
    failing.completeExceptionally(new IllegalStateException("boom"));
    ExecutionException e =
        org.junit.jupiter.api.Assertions.assertThrows(
            ExecutionException.class, () -> failed.get(5, TimeUnit.SECONDS));
    assertInstanceOf(IllegalStateException.class, e.getCause());
  }
}
