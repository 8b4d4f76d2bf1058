package io.nearcache.jcache;

import static java.util.Objects.requireNonNull;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.function.BiConsumer;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The future {@code getAsync} hands to its caller. It is completed on one of nearcache's completion
 * lanes, which must never run a caller's code (one blocking stage would hold every answer behind
 * it up), yet a caller that simply waits ({@code get}, {@code join}) should be woken by the lane
 * directly, without a further hop to another thread. So the stages a caller attaches run on {@code
 * stages}, not on the completing thread: every non-async method is its {@code ...Async} twin on that
 * executor, and so are the stages of the futures it derives. A stage attached once the future is
 * done runs at once in the attaching thread, as {@link CompletableFuture} does.
 */
final class StageFuture<T> extends CompletableFuture<T> {
  private final Executor stages;

  StageFuture(Executor stages) {
    this.stages = requireNonNull(stages);
  }

  /** A future completed as {@code source} is, on whichever thread completes {@code source}. */
  static <T> StageFuture<T> relay(CompletableFuture<T> source, Executor stages) {
    return relay(source, Function.identity(), stages);
  }

  /**
   * A future completed with {@code step} applied to {@code source}'s value, or with its failure,
   * on whichever thread completes {@code source}: {@code step} is nearcache's own, and must not
   * block.
   */
  static <S, T> StageFuture<T> relay(
      CompletableFuture<S> source, Function<? super S, ? extends T> step, Executor stages) {
    StageFuture<T> relayed = new StageFuture<>(stages);
    source.whenComplete(
        (value, failure) -> {
          try {
            if (failure != null) {
              relayed.completeExceptionally(failure);
            } else {
              relayed.complete(step.apply(value));
            }
          } catch (RuntimeException | Error e) {
            relayed.completeExceptionally(e);
          }
        });
    return relayed;
  }

  @Override
  public <U> CompletableFuture<U> newIncompleteFuture() {
    return new StageFuture<>(stages);
  }

  @Override
  public Executor defaultExecutor() {
    return stages;
  }

  @Override
  public <U> CompletableFuture<U> thenApply(Function<? super T, ? extends U> fn) {
    return isDone() ? super.thenApply(fn) : thenApplyAsync(fn, stages);
  }

  @Override
  public CompletableFuture<Void> thenAccept(Consumer<? super T> action) {
    return isDone() ? super.thenAccept(action) : thenAcceptAsync(action, stages);
  }

  @Override
  public CompletableFuture<Void> thenRun(Runnable action) {
    return isDone() ? super.thenRun(action) : thenRunAsync(action, stages);
  }

  @Override
  public <U> CompletableFuture<U> thenCompose(
      Function<? super T, ? extends CompletionStage<U>> fn) {
    return isDone() ? super.thenCompose(fn) : thenComposeAsync(fn, stages);
  }

  @Override
  public <U> CompletableFuture<U> handle(BiFunction<? super T, Throwable, ? extends U> fn) {
    return isDone() ? super.handle(fn) : handleAsync(fn, stages);
  }

  @Override
  public CompletableFuture<T> whenComplete(BiConsumer<? super T, ? super Throwable> action) {
    return isDone() ? super.whenComplete(action) : whenCompleteAsync(action, stages);
  }

  @Override
  public CompletableFuture<T> exceptionally(Function<Throwable, ? extends T> fn) {
    return isDone() ? super.exceptionally(fn) : exceptionallyAsync(fn, stages);
  }

  @Override
  public CompletableFuture<T> exceptionallyCompose(
      Function<Throwable, ? extends CompletionStage<T>> fn) {
    return isDone() ? super.exceptionallyCompose(fn) : exceptionallyComposeAsync(fn, stages);
  }

  @Override
  public <U, V> CompletableFuture<V> thenCombine(
      CompletionStage<? extends U> other, BiFunction<? super T, ? super U, ? extends V> fn) {
    return thenCombineAsync(other, fn, stages);
  }

  @Override
  public <U> CompletableFuture<Void> thenAcceptBoth(
      CompletionStage<? extends U> other, BiConsumer<? super T, ? super U> action) {
    return thenAcceptBothAsync(other, action, stages);
  }

  @Override
  public CompletableFuture<Void> runAfterBoth(CompletionStage<?> other, Runnable action) {
    return runAfterBothAsync(other, action, stages);
  }

  @Override
  public <U> CompletableFuture<U> applyToEither(
      CompletionStage<? extends T> other, Function<? super T, U> fn) {
    return applyToEitherAsync(other, fn, stages);
  }

  @Override
  public CompletableFuture<Void> acceptEither(
      CompletionStage<? extends T> other, Consumer<? super T> action) {
    return acceptEitherAsync(other, action, stages);
  }

  @Override
  public CompletableFuture<Void> runAfterEither(CompletionStage<?> other, Runnable action) {
    return runAfterEitherAsync(other, action, stages);
  }
}
