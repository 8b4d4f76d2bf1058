package io.nearcache.jcache.remote;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;

/**
 * The executor that takes remote answers off the I/O threads: every task runs exactly once on one
 * of its lanes, whatever the number of producers; one thread's tasks run in order on one lane; after
 * close, queued tasks still run and new ones are refused.
 */
class HandoffExecutorTest {
  private static final long WAIT_SECONDS = 10;

  @Test
  void everyTaskOfManyProducersRunsExactlyOnceOnAWorker() throws Exception {
    int producers = 4;
    int perProducer = 50_000;
    AtomicIntegerArray runs = new AtomicIntegerArray(producers * perProducer);
    Set<String> threads = ConcurrentHashMap.newKeySet();
    CountDownLatch done = new CountDownLatch(producers * perProducer);
    try (HandoffExecutor executor = new HandoffExecutor("test-handoff", 2)) {
      List<Thread> started = new ArrayList<>();
      for (int p = 0; p < producers; p++) {
        int first = p * perProducer;
        Thread producer =
            new Thread(
                () -> {
                  for (int i = first; i < first + perProducer; i++) {
                    int task = i;
                    executor.execute(
                        () -> {
                          runs.incrementAndGet(task);
                          threads.add(Thread.currentThread().getName());
                          done.countDown();
                        });
                    if (i % 1_000 == 0) {
                      // Let the workers run dry now and then, so they park and are woken.
                      Thread.yield();
                    }
                  }
                });
        producer.start();
        started.add(producer);
      }
      for (Thread producer : started) {
        producer.join(TimeUnit.SECONDS.toMillis(WAIT_SECONDS));
      }
      assertTrue(done.await(WAIT_SECONDS, TimeUnit.SECONDS), done.getCount() + " tasks never ran");
    }
    for (int i = 0; i < runs.length(); i++) {
      assertEquals(1, runs.get(i), "task " + i);
    }
    for (String thread : threads) {
      assertTrue(thread.startsWith("test-handoff-"), thread);
    }
  }

  @Test
  void oneThreadsTasksRunInTheOrderGivenOnOneLane() throws Exception {
    int count = 20_000;
    List<Integer> order = java.util.Collections.synchronizedList(new ArrayList<>());
    Set<String> threads = ConcurrentHashMap.newKeySet();
    CountDownLatch done = new CountDownLatch(count);
    try (HandoffExecutor executor = new HandoffExecutor("test-handoff", 3)) {
      for (int i = 0; i < count; i++) {
        int task = i;
        executor.execute(
            () -> {
              order.add(task);
              threads.add(Thread.currentThread().getName());
              done.countDown();
            });
      }
      assertTrue(done.await(WAIT_SECONDS, TimeUnit.SECONDS), done.getCount() + " tasks never ran");
    }
    assertEquals(1, threads.size(), "one lane per submitting thread: " + threads);
    for (int i = 0; i < count; i++) {
      assertEquals(i, order.get(i));
    }
  }

  @Test
  void afterCloseQueuedTasksRunAndNewOnesAreRefused() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch ran = new CountDownLatch(5);
    HandoffExecutor executor = new HandoffExecutor("test-handoff", 1);
    executor.execute(
        () -> {
          try {
            release.await(WAIT_SECONDS, TimeUnit.SECONDS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          ran.countDown();
        });
    for (int i = 0; i < 4; i++) {
      executor.execute(ran::countDown);
    }
    executor.close();
    RejectedExecutionException refused =
        assertThrows(RejectedExecutionException.class, () -> executor.execute(() -> {}));
    assertTrue(refused.getMessage().contains("closed"), refused.getMessage());
    release.countDown();
    assertTrue(ran.await(WAIT_SECONDS, TimeUnit.SECONDS), ran.getCount() + " queued tasks lost");
  }

  @Test
  void aTaskThatThrowsDoesNotStopItsWorker() throws Exception {
    CountDownLatch after = new CountDownLatch(1);
    try (HandoffExecutor executor = new HandoffExecutor("test-handoff", 1)) {
      executor.execute(
          () -> {
            throw new IllegalStateException("expected by the test");
          });
      executor.execute(after::countDown);
      assertTrue(after.await(WAIT_SECONDS, TimeUnit.SECONDS));
    }
  }

  @Test
  void anInterruptATaskLeavesBehindIsCleared() throws Exception {
    CountDownLatch checked = new CountDownLatch(1);
    java.util.concurrent.atomic.AtomicBoolean interrupted =
        new java.util.concurrent.atomic.AtomicBoolean(true);
    try (HandoffExecutor executor = new HandoffExecutor("test-handoff", 1)) {
      executor.execute(() -> Thread.currentThread().interrupt());
      executor.execute(
          () -> {
            interrupted.set(Thread.currentThread().isInterrupted());
            checked.countDown();
          });
      assertTrue(checked.await(WAIT_SECONDS, TimeUnit.SECONDS));
    }
    assertTrue(!interrupted.get(), "the next task saw the interrupt");
  }

  @Test
  void needsALane() {
    assertThrows(IllegalArgumentException.class, () -> new HandoffExecutor("none", 0));
  }
}
