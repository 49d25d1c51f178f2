package dev.ccr.server;

import java.lang.reflect.Method;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
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

  private static final Runnable START_ONE = () -> { };

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
          // Refused once stopping (the JDK server then closes that connection), as a pool does.
          if (pool.isShutdown()) throw new RejectedExecutionException("ccr is stopping");
          if (task == START_ONE) return; // no thread could be started: the queued task waits for the next
          queue.enqueue(task);
          if (pool.isShutdown() && queue.remove(task)) throw new RejectedExecutionException("ccr is stopping");
          // The last worker may have timed out between the pool's look for one and this queueing, and
          // found the queue still empty as it left: start one for the queued task.
          if (pool.getPoolSize() == 0) pool.execute(START_ONE);
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
