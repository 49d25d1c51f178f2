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
 *
 * <p>While requests come, glibc's free memory alone goes back at every poll: the JIT compiles the
 * request path then, and its scratch arenas, freed after each compile, would otherwise stay
 * resident (JDK 17, after c=32 JSON and stream rounds: 107-111 MB with it, 137-145 MB without;
 * the peak under streams 140 MB against 138-148).
 */
final class IdleMemory {
  private static final Logger log = LoggerFactory.getLogger(IdleMemory.class);
  static final Duration QUIET = Duration.ofSeconds(30);
  /** Set once the JDK turns out to have no trim operation (before 17.0.9), so it is not asked again every poll. */
  private static volatile boolean cannotTrim;

  private final LongSupplier served;
  private final java.util.function.IntSupplier running;
  private final Clock clock;
  private final Runnable release;
  private final Runnable trim;
  private long lastServed;
  private long lastChange;
  private boolean worked;

  IdleMemory(LongSupplier served, java.util.function.IntSupplier running, Clock clock, Runnable release, Runnable trim) {
    this.served = served;
    this.running = running;
    this.clock = clock;
    this.release = release;
    this.trim = trim;
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
   * with nothing running (a long stream is not interrupted by a collection); trims glibc's heap
   * when requests came since the last call.
   */
  void poll() {
    long now = served.getAsLong();
    if (now != lastServed) {
      lastServed = now;
      lastChange = clock.nanoTime();
      worked = true;
      trim.run();
    } else if (worked && running.getAsInt() == 0 && clock.nanoTime() - lastChange >= QUIET.toNanos()) {
      worked = false;
      release.run();
    }
  }

  /** A collection (the heap shrinks to what is live, within the JVM's free ratios), then glibc's free memory back. */
  static void release() {
    System.gc();
    trimNativeHeap();
  }

  /** glibc's free memory back to the system; no collection, no pause for Java threads. */
  static void trimNativeHeap() {
    if (cannotTrim) return;
    try {
      // jcmd's System.trim_native_heap (JDK 17.0.9 and later); older JDKs have no such operation.
      ManagementFactory.getPlatformMBeanServer().invoke(new ObjectName("com.sun.management:type=DiagnosticCommand"),
          "systemTrimNativeHeap", new Object[] {null}, new String[] {String[].class.getName()});
    } catch (Exception | LinkageError unsupported) {
      cannotTrim = true;
      log.debug("Cannot trim the native heap: {}", unsupported.toString());
    }
  }
}
