package io.nearcache.jcache.remote;

import java.util.List;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Runs each task at once on the thread that submits it. spymemcached submits its completion
 * listeners from the thread that completes an operation, normally its I/O thread, so with this
 * executor a {@code CompletableFuture} is completed there directly, without a hop to another
 * thread. Its dependent actions then run on the I/O thread too: they must be short and never block
 * (see {@link ZoneClient}).
 *
 * <p>It has no threads to stop, and it never refuses a task, not even after {@link #shutdown}: a
 * listener must run while the client closes, or its future would never complete.
 */
final class InlineExecutorService extends AbstractExecutorService {
  private volatile boolean shutdown;

  @Override
  public void execute(Runnable task) {
    task.run();
  }

  @Override
  public void shutdown() {
    shutdown = true;
  }

  @Override
  public List<Runnable> shutdownNow() {
    shutdown = true;
    return List.of();
  }

  @Override
  public boolean isShutdown() {
    return shutdown;
  }

  @Override
  public boolean isTerminated() {
    return shutdown;
  }

  @Override
  public boolean awaitTermination(long timeout, TimeUnit unit) {
    return shutdown;
  }
}
