package dev.ccr.server;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The exchanges being served, so that a stop waits for exactly those. JDK 17's
 * {@code HttpServer.stop(n)} waits the whole {@code n} seconds even when nothing runs; counting
 * here and then calling {@code stop(0)} makes the drain deadline an upper bound only.
 */
final class InFlight {
  private static final byte[] STOPPING = ("{\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\","
      + "\"message\":\"ccr is stopping\"}}").getBytes(StandardCharsets.UTF_8);

  private final ReentrantLock lock = new ReentrantLock();
  private final Condition idle = lock.newCondition();
  private int running;
  private long served;
  private boolean draining;

  /** {@code handler}, counted; once draining, new exchanges get a 503 instead. */
  HttpHandler wrap(HttpHandler handler) {
    return ex -> {
      if (!enter()) {
        refuse(ex);
        return;
      }
      try {
        handler.handle(ex);
      } finally {
        exit();
      }
    };
  }

  int running() {
    lock.lock();
    try {
      return running;
    } finally {
      lock.unlock();
    }
  }

  /** Exchanges begun since the start. */
  long served() {
    lock.lock();
    try {
      return served;
    } finally {
      lock.unlock();
    }
  }

  boolean draining() {
    lock.lock();
    try {
      return draining;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Refuses new exchanges from now on and waits until the running ones have ended or
   * {@code deadline} has passed; true when none is left.
   */
  boolean drain(Duration deadline) throws InterruptedException {
    long left = deadline.compareTo(Duration.ofDays(365)) > 0 ? Long.MAX_VALUE : deadline.toNanos();
    lock.lock();
    try {
      draining = true;
      while (running > 0) {
        if (left <= 0) return false;
        left = idle.awaitNanos(left);
      }
      return true;
    } finally {
      lock.unlock();
    }
  }

  private boolean enter() {
    lock.lock();
    try {
      if (draining) return false;
      running++;
      served++;
      return true;
    } finally {
      lock.unlock();
    }
  }

  private void exit() {
    lock.lock();
    try {
      if (--running == 0) idle.signalAll();
    } finally {
      lock.unlock();
    }
  }

  private static void refuse(HttpExchange ex) {
    try (ex) {
      ex.getResponseHeaders().set("Content-Type", "application/json");
      ex.getResponseHeaders().set("Connection", "close");
      ex.sendResponseHeaders(503, STOPPING.length);
      try (OutputStream out = ex.getResponseBody()) {
        out.write(STOPPING);
      }
    } catch (IOException gone) {
      // the client left; nothing to tell it
    }
  }
}
