package io.nearcache.jcache.remote;

import static java.util.Objects.requireNonNull;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Takes remote answers off the memcached I/O threads: a few lanes, each one daemon thread draining
 * its own lock-free queue. A thread hands every task to the same lane (so one I/O thread's answers
 * stay in order), which costs it one queue insertion, plus a wake-up only when that lane's thread
 * has run dry and parked.
 *
 * <p>Written here because the JDK's pools cost the I/O thread, the bottleneck of a pipelined
 * client, more per answer. In the paired pipelined benchmark ({@code PairedPipelinedBenchmark},
 * getAsync throughput over spymemcached {@code asyncGet}'s, window 100, 2 cores): a two-thread
 * {@code ThreadPoolExecutor} 0.85, a one-thread one 0.89, two threads sharing one lock-free queue
 * 0.76-0.87 (they take turns parking and waking each other), one lane 0.93, and completing on the
 * I/O thread itself, which would run callers' code there, 0.96. A {@code ThreadPoolExecutor} takes
 * a lock per task and wakes a parked worker whenever its queue was empty; a lane that is still
 * draining takes the next answer with no wake-up at all.
 *
 * <p>A lane runs tasks one at a time: they must not block. nearcache gives its lanes only its own
 * short steps (decoding an answer, filling the near tier, completing the caller's future) and runs
 * callers' dependent stages elsewhere (see {@code StageFuture}). {@link #close} stops taking tasks
 * and lets each lane finish the ones queued.
 */
public final class HandoffExecutor implements Executor, AutoCloseable {
  private static final Logger LOG = Logger.getLogger(HandoffExecutor.class.getName());

  private final Lane[] lanes;
  private volatile boolean closed;

  /**
   * Starts the lanes.
   *
   * @param name the threads are named {@code <name>-1} and so on
   * @param lanes how many lanes, each with its own thread; at least 1
   */
  public HandoffExecutor(String name, int lanes) {
    requireNonNull(name);
    if (lanes < 1) {
      throw new IllegalArgumentException(name + " needs at least one lane, not " + lanes);
    }
    this.lanes = new Lane[lanes];
    for (int i = 0; i < lanes; i++) {
      this.lanes[i] = new Lane(name + "-" + (i + 1));
    }
    for (Lane lane : this.lanes) {
      lane.thread.start();
    }
  }

  /**
   * Queues a task on the calling thread's lane.
   *
   * @throws RejectedExecutionException after {@link #close}
   */
  @Override
  public void execute(Runnable task) {
    requireNonNull(task);
    if (closed) {
      throw new RejectedExecutionException("The executor is closed: its cache manager is closing");
    }
    Lane lane =
        lanes.length == 1
            ? lanes[0]
            : lanes[(int) Long.remainderUnsigned(Thread.currentThread().getId(), lanes.length)];
    lane.offer(task);
  }

  /** Takes no more tasks; each lane runs those queued, then stops. Does not wait for them. */
  @Override
  public void close() {
    closed = true;
    for (Lane lane : lanes) {
      lane.wake();
    }
  }

  /** One thread draining its own queue, parked while the queue is empty. */
  private final class Lane implements Runnable {
    final ConcurrentLinkedQueue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    final AtomicBoolean sleeping = new AtomicBoolean();
    final Thread thread;

    Lane(String name) {
      thread = new Thread(this, name);
      thread.setDaemon(true);
    }

    void offer(Runnable task) {
      tasks.offer(task);
      wake();
      if (closed) {
        // Closed meanwhile: the lane may have stopped before it saw this task, so run what is left
        // here rather than leave a future that never completes.
        drain();
      }
    }

    void drain() {
      for (Runnable left = tasks.poll(); left != null; left = tasks.poll()) {
        runQuietly(left);
      }
    }

    void wake() {
      if (sleeping.get() && sleeping.compareAndSet(true, false)) {
        LockSupport.unpark(thread);
      }
    }

    @Override
    public void run() {
      while (true) {
        Runnable task = tasks.poll();
        if (task != null) {
          runQuietly(task);
          continue;
        }
        if (closed) {
          return;
        }
        sleeping.set(true);
        // A task offered before the flag was set may have seen this lane awake: look again.
        if (!tasks.isEmpty() || closed) {
          sleeping.set(false);
          continue;
        }
        while (sleeping.get()) {
          LockSupport.park(this);
        }
      }
    }

    private void runQuietly(Runnable task) {
      try {
        task.run();
      } catch (RuntimeException | Error e) {
        // A CompletableFuture's task completes its future itself; anything escaping is a bug.
        LOG.log(Level.WARNING, Thread.currentThread().getName() + " caught an exception", e);
      } finally {
        // An interrupt a task left behind would make every park return at once: clear it.
        if (Thread.currentThread() == thread) {
          Thread.interrupted();
        }
      }
    }
  }
}
