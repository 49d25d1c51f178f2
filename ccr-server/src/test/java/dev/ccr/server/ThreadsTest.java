package dev.ccr.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ThreadsTest {
  @Test
  void sequentialRequestsReuseOneIdleThread() throws Exception {
    ThreadPoolExecutor pool = Threads.platformPool(64);
    try {
      Set<String> names = oneAtATime(pool, 200, 1);
      assertThat(names).hasSize(1);
      assertThat(pool.getLargestPoolSize()).isEqualTo(1);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void growsToItsBoundWhenBusyAndQueuesTheRest() throws Exception {
    ThreadPoolExecutor pool = Threads.platformPool(4);
    try {
      CountDownLatch release = new CountDownLatch(1);
      AtomicInteger ran = new AtomicInteger();
      CountDownLatch allDone = new CountDownLatch(10);
      for (int i = 0; i < 10; i++) {
        pool.execute(() -> {
          try {
            release.await();
            ran.incrementAndGet();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          } finally {
            allDone.countDown();
          }
        });
      }
      assertThat(pool.getPoolSize()).isEqualTo(4);
      assertThat(pool.getQueue()).hasSize(6);
      release.countDown();
      assertThat(allDone.await(10, TimeUnit.SECONDS)).isTrue();
      assertThat(ran).hasValue(10);
      assertThat(pool.getLargestPoolSize()).isEqualTo(4);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void afterABurstOneRequestAtATimeKeepsGoingToTheThreadThatWentIdleLast() throws Exception {
    ThreadPoolExecutor pool = Threads.platformPool(64);
    try {
      IdleFirstQueue queue = (IdleFirstQueue) pool.getQueue();
      CountDownLatch started = new CountDownLatch(8);
      CountDownLatch release = new CountDownLatch(1);
      for (int i = 0; i < 8; i++) {
        pool.execute(() -> {
          started.countDown();
          try {
            release.await();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        });
      }
      assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
      release.countDown();
      awaitIdle(queue, 8);
      Set<String> names = oneAtATime(pool, 50, 8);
      // A first-come queue handed these to the eight threads in turn.
      assertThat(names).hasSize(1);
      assertThat(pool.getPoolSize()).isEqualTo(8);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void queuedTasksAllRunWhileWorkersComeAndGoIdle() throws Exception {
    ThreadPoolExecutor pool = Threads.platformPool(2);
    int submitters = 4;
    int each = 2_000;
    CountDownLatch done = new CountDownLatch(submitters * each);
    Thread[] threads = new Thread[submitters];
    for (int s = 0; s < submitters; s++) {
      threads[s] = new Thread(() -> {
        for (int i = 0; i < each; i++) pool.execute(done::countDown);
      });
      threads[s].start();
    }
    try {
      for (Thread t : threads) t.join();
      // Every task runs, though the two workers go idle and wake again many times meanwhile.
      assertThat(done.await(30, TimeUnit.SECONDS)).as("tasks left: %d", done.getCount()).isTrue();
      assertThat(pool.getLargestPoolSize()).isLessThanOrEqualTo(2);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void shutdownNowReturnsTheQueuedTasksAndStopsTheIdleWorkers() throws Exception {
    ThreadPoolExecutor pool = Threads.platformPool(1);
    CountDownLatch release = new CountDownLatch(1);
    pool.execute(() -> {
      try {
        release.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
    Runnable queued = () -> { };
    pool.execute(queued);
    pool.execute(queued);
    assertThat(pool.getQueue()).hasSize(2);
    assertThat(pool.shutdownNow()).containsExactly(queued, queued);
    assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
  }

  /**
   * The names of the threads that ran {@code tasks} tasks given one at a time, each after the
   * pool's {@code workers} threads were all back waiting (so the next task finds them idle).
   */
  private static Set<String> oneAtATime(ThreadPoolExecutor pool, int tasks, int workers) throws Exception {
    IdleFirstQueue queue = (IdleFirstQueue) pool.getQueue();
    Set<String> names = ConcurrentHashMap.newKeySet();
    for (int i = 0; i < tasks; i++) {
      pool.submit(() -> names.add(Thread.currentThread().getName())).get();
      awaitIdle(queue, workers);
    }
    return names;
  }

  private static void awaitIdle(IdleFirstQueue queue, int workers) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10); // a safety net, not a timing
    while (queue.idleWorkers() < workers && System.nanoTime() < deadline) Thread.onSpinWait();
    assertThat(queue.idleWorkers()).as("workers back waiting").isEqualTo(workers);
  }

  @Test
  void tasksRunWhileTheOnlyWorkerKeepsTimingOut() throws Exception {
    ThreadPoolExecutor pool = Threads.platformPool(1);
    pool.setKeepAliveTime(1, TimeUnit.MILLISECONDS); // the worker leaves between most tasks
    try {
      CountDownLatch done = new CountDownLatch(300);
      for (int i = 0; i < 300; i++) {
        pool.execute(done::countDown);
        java.util.concurrent.locks.LockSupport.parkNanos(i % 3 * 500_000L); // gaps around the keep-alive
      }
      assertThat(done.await(30, TimeUnit.SECONDS)).as("tasks left: %d", done.getCount()).isTrue();
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void aStoppedPoolRefusesWork() {
    ThreadPoolExecutor pool = Threads.platformPool(1);
    pool.shutdown();
    assertThatThrownBy(() -> pool.execute(() -> { })).isInstanceOf(java.util.concurrent.RejectedExecutionException.class);
  }
}
