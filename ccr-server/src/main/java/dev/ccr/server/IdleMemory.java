package dev.ccr.server;

import dev.ccr.engine.Clock;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.function.LongSupplier;
import javax.management.ObjectName;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gives memory back once the server has gone quiet after work. A burst of requests leaves the
 * JIT's freed scratch memory in glibc's heap and garbage in the Java heap; a tool that sits on a
 * laptop all day should not hold on to them (measured: 131 MB after a load round, 102 MB after
 * this). Runs once per quiet spell, not on a timer, so an idle server stays idle.
 */
final class IdleMemory {
  private static final Logger log = LoggerFactory.getLogger(IdleMemory.class);
  static final Duration QUIET = Duration.ofSeconds(30);

  private final LongSupplier served;
  private final java.util.function.IntSupplier running;
  private final Clock clock;
  private final Runnable release;
  private long lastServed;
  private long lastChange;
  private boolean worked;

  IdleMemory(LongSupplier served, java.util.function.IntSupplier running, Clock clock, Runnable release) {
    this.served = served;
    this.running = running;
    this.clock = clock;
    this.release = release;
    this.lastServed = served.getAsLong();
    this.lastChange = clock.nanoTime();
  }

  /**
   * Whether this process wants it: the server's launcher defaults ask for it ({@code jvm.options});
   * a program that embeds the server decides about its own heap.
   */
  static boolean wanted() {
    return Boolean.getBoolean("ccr.idleRelease");
  }

  /**
   * Called every few seconds: releases memory when requests came and then none for {@link #QUIET},
   * with nothing running (a long stream is not interrupted by a collection).
   */
  void poll() {
    long now = served.getAsLong();
    if (now != lastServed) {
      lastServed = now;
      lastChange = clock.nanoTime();
      worked = true;
    } else if (worked && running.getAsInt() == 0 && clock.nanoTime() - lastChange >= QUIET.toNanos()) {
      worked = false;
      release.run();
    }
  }

  /** A collection (the heap shrinks to what is live, within the JVM's free ratios), then glibc's free memory back. */
  static void release() {
    System.gc();
    try {
      // jcmd's System.trim_native_heap (JDK 17.0.9 and later); older JDKs have no such operation.
      ManagementFactory.getPlatformMBeanServer().invoke(new ObjectName("com.sun.management:type=DiagnosticCommand"),
          "systemTrimNativeHeap", new Object[] {null}, new String[] {String[].class.getName()});
    } catch (Exception | LinkageError unsupported) {
      log.debug("Cannot trim the native heap: {}", unsupported.toString());
    }
  }
}
