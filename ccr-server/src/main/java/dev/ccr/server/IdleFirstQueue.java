package dev.ccr.server;

import java.util.AbstractQueue;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.Objects;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * The platform handler pool's work queue. {@link #offer} succeeds only by handing the task straight to
 * an idle worker, so the pool starts a thread only when none is idle; past the pool's bound the
 * rejection handler {@link #enqueue}s it, and workers take queued tasks first, oldest first.
 *
 * <p>The idle worker handed a task is the one that went idle last. After a burst leaves 32 workers
 * idle, one request at a time then keeps going to the same warm thread; a first-come queue
 * ({@code LinkedTransferQueue}) sent each request to the worker idle longest, a different thread each
 * time, and that added about 0.1 ms to every request (measured from outside: c=1 added p50 +0.28-0.49
 * against +0.18-0.27 ms, back to back).
 */
final class IdleFirstQueue extends AbstractQueue<Runnable> implements BlockingQueue<Runnable> {
  /** A worker waiting for a task; {@code task} is set under the lock, then the worker unparked. */
  private static final class Idle {
    final Thread thread = Thread.currentThread();
    volatile Runnable task;
  }

  private final ReentrantLock lock = new ReentrantLock();
  private final ArrayDeque<Runnable> queued = new ArrayDeque<>();
  private final ArrayDeque<Idle> idle = new ArrayDeque<>(); // the last to go idle first

  /** Hands {@code task} to the worker that went idle last; false when none is idle. */
  @Override
  public boolean offer(Runnable task) {
    return handOff(task, false);
  }

  /** Queues {@code task} when every worker the pool may have is busy (or hands it over if one is idle by now). */
  void enqueue(Runnable task) {
    handOff(task, true);
  }

  private boolean handOff(Runnable task, boolean queueIfNoneIdle) {
    Objects.requireNonNull(task, "task");
    Idle w;
    lock.lock();
    try {
      w = idle.pollFirst();
      if (w == null) {
        if (queueIfNoneIdle) queued.addLast(task);
        return queueIfNoneIdle;
      }
      w.task = task;
    } finally {
      lock.unlock();
    }
    LockSupport.unpark(w.thread);
    return true;
  }

  int idleWorkers() {
    return locked(idle::size);
  }

  /** For the pool's bookkeeping, off the request path (the hand-off itself locks without a lambda). */
  private <T> T locked(Supplier<T> read) {
    lock.lock();
    try {
      return read.get();
    } finally {
      lock.unlock();
    }
  }

  @Override
  public Runnable poll(long timeout, TimeUnit unit) throws InterruptedException {
    return await(System.nanoTime() + unit.toNanos(timeout), true);
  }

  @Override
  public Runnable take() throws InterruptedException {
    return await(0, false);
  }

  private Runnable await(long deadline, boolean timed) throws InterruptedException {
    Idle me;
    lock.lock();
    try {
      Runnable r = queued.pollFirst();
      if (r != null) return r;
      me = new Idle(); // registered under the same lock the queue was checked under: nothing is missed
      idle.addFirst(me);
    } finally {
      lock.unlock();
    }
    while (true) {
      Runnable r = me.task;
      if (r != null) return r;
      boolean interrupted = Thread.interrupted();
      long left = timed ? deadline - System.nanoTime() : 1;
      if (interrupted || left <= 0) {
        lock.lock();
        try {
          if (me.task != null) { // handed over meanwhile: it must run
            if (interrupted) Thread.currentThread().interrupt();
            return me.task;
          }
          idle.remove(me);
        } finally {
          lock.unlock();
        }
        if (interrupted) throw new InterruptedException();
        return null;
      }
      if (timed) LockSupport.parkNanos(this, left);
      else LockSupport.park(this);
    }
  }

  @Override
  public Runnable poll() {
    return locked(queued::pollFirst);
  }

  @Override
  public Runnable peek() {
    return locked(queued::peekFirst);
  }

  @Override
  public void put(Runnable task) {
    enqueue(task);
  }

  @Override
  public boolean offer(Runnable task, long timeout, TimeUnit unit) {
    return offer(task);
  }

  @Override
  public int remainingCapacity() {
    return Integer.MAX_VALUE;
  }

  @Override
  public int drainTo(Collection<? super Runnable> c) {
    return drainTo(c, Integer.MAX_VALUE);
  }

  @Override
  public int drainTo(Collection<? super Runnable> c, int max) {
    return locked(() -> {
      int n = 0;
      for (; n < max && !queued.isEmpty(); n++) c.add(queued.pollFirst());
      return n;
    });
  }

  @Override
  public boolean remove(Object o) {
    return locked(() -> queued.remove(o));
  }

  /** The queued tasks as they were (the pool's purge reads them while workers take from the queue). */
  @Override
  public Iterator<Runnable> iterator() {
    Iterator<Runnable> copy = locked(() -> new ArrayList<>(queued)).iterator();
    return new Iterator<>() {
      private Runnable last;

      @Override
      public boolean hasNext() {
        return copy.hasNext();
      }

      @Override
      public Runnable next() {
        return last = copy.next();
      }

      @Override
      public void remove() {
        if (last == null) throw new IllegalStateException();
        IdleFirstQueue.this.remove(last);
        last = null;
      }
    };
  }

  @Override
  public int size() {
    return locked(queued::size);
  }
}
