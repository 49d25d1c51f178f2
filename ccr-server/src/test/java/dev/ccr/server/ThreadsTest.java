package dev.ccr.server;

import static org.assertj.core.api.Assertions.assertThat;

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
      Set<String> names = ConcurrentHashMap.newKeySet();
      Threads.IdleFirstQueue queue = (Threads.IdleFirstQueue) pool.getQueue();
      for (int i = 0; i < 200; i++) {
        pool.submit(() -> names.add(Thread.currentThread().getName())).get();
        // wait until the worker is back waiting for work, so the next task finds it idle
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10); // a safety net, not a timing
        while (!queue.hasWaitingConsumer() && System.nanoTime() < deadline) Thread.onSpinWait();
        assertThat(queue.hasWaitingConsumer()).as("the worker is back waiting").isTrue();
      }
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
}
