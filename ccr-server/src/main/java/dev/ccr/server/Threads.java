package dev.ccr.server;

import java.lang.reflect.Method;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** Virtual threads when the JVM has them (21+), else a bounded pool of platform threads. */
final class Threads {
  private Threads() {}

  static ExecutorService handlerExecutor(int platformThreads) {
    if ("platform".equals(System.getProperty("ccr.threads"))) return platformPool(platformThreads);
    try {
      // Looked up reflectively: the code is compiled for Java 17.
      Method m = java.util.concurrent.Executors.class.getMethod("newVirtualThreadPerTaskExecutor");
      return (ExecutorService) m.invoke(null);
    } catch (ReflectiveOperationException e) {
      return platformPool(platformThreads);
    }
  }

  static ThreadPoolExecutor platformPool(int platformThreads) {
    AtomicInteger n = new AtomicInteger();
    ThreadFactory factory = r -> {
      Thread t = new Thread(r, "ccr-handler-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
    // A plain fixed pool starts a new thread for every task until it is full, even with idle threads
    // about (measured: a thread start per request). This queue hands a task to the thread that went
    // idle last if one is idle, so the pool grows only when all are busy; past the bound, requests
    // wait in line.
    IdleFirstQueue queue = new IdleFirstQueue();
    return new ThreadPoolExecutor(0, platformThreads, 60, TimeUnit.SECONDS, queue, factory,
        (task, pool) -> {
          if (!pool.isShutdown()) queue.enqueue(task);
        });
  }

  static boolean virtual() {
    try {
      java.util.concurrent.Executors.class.getMethod("newVirtualThreadPerTaskExecutor");
      return true;
    } catch (NoSuchMethodException e) {
      return false;
    }
  }
}
