package dev.ccr.server;

import java.lang.reflect.Method;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** Virtual threads when the JVM has them (21+), else a bounded pool of platform threads. */
final class Threads {
  private Threads() {}

  static ExecutorService handlerExecutor(int platformThreads) {
    try {
      // Looked up reflectively: the code is compiled for Java 17.
      Method m = java.util.concurrent.Executors.class.getMethod("newVirtualThreadPerTaskExecutor");
      return (ExecutorService) m.invoke(null);
    } catch (ReflectiveOperationException e) {
      AtomicInteger n = new AtomicInteger();
      ThreadFactory factory = r -> {
        Thread t = new Thread(r, "ccr-handler-" + n.incrementAndGet());
        t.setDaemon(true);
        return t;
      };
      // Threads start on demand up to the bound and die after ten idle seconds; requests past the bound wait.
      ThreadPoolExecutor pool = new ThreadPoolExecutor(platformThreads, platformThreads, 10, TimeUnit.SECONDS,
          new LinkedBlockingQueue<>(), factory);
      pool.allowCoreThreadTimeOut(true);
      return pool;
    }
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
