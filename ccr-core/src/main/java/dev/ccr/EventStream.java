package dev.ccr;

import java.io.Closeable;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.function.Function;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * A blocking, closeable stream of events read as they arrive. Close it when done (try-with-resources):
 * closing early cancels the upstream call.
 */
public abstract class EventStream<T> implements Iterator<T>, Iterable<T>, Closeable {
  private T next;
  private boolean done;
  private boolean closed;

  /** The next event, or null at the end; may block until it arrives. */
  protected abstract T read();

  /** Releases what the stream holds; called once. */
  protected abstract void release();

  @Override
  public final boolean hasNext() {
    if (next != null) return true;
    if (done) return false;
    if (closed) throw new IllegalStateException("closed");
    next = read();
    if (next == null) done = true;
    return next != null;
  }

  @Override
  public final T next() {
    if (!hasNext()) throw new NoSuchElementException();
    T result = next;
    next = null;
    return result;
  }

  @Override
  public final Iterator<T> iterator() {
    return this;
  }

  /** The remaining events as a {@link Stream}; closing it closes this. */
  public final Stream<T> stream() {
    return StreamSupport.stream(Spliterators.spliteratorUnknownSize(this, Spliterator.ORDERED), false)
        .onClose(this::close);
  }

  @Override
  public final void close() {
    if (closed) return;
    closed = true;
    done = true;
    next = null;
    release();
  }

  /**
   * Has {@code action} run each time reading the next event must wait for the network, so a writer
   * can hold what it wrote and flush once per arrival; false when this stream cannot tell, and a
   * writer should flush after every event.
   */
  public boolean onWait(Runnable action) {
    return false;
  }

  public final boolean isClosed() {
    return closed;
  }

  /** An event stream over an iterator, with an action to run on close. */
  public static <T> EventStream<T> of(Iterator<? extends T> events, Runnable onClose) {
    return new EventStream<>() {
      @Override
      protected T read() {
        return events.hasNext() ? events.next() : null;
      }

      @Override
      protected void release() {
        onClose.run();
      }
    };
  }

  /** These events, each changed by {@code f}; closing the result closes this. */
  public final <R> EventStream<R> map(Function<? super T, ? extends R> f) {
    EventStream<T> source = this;
    return new EventStream<>() {
      @Override
      protected R read() {
        return source.hasNext() ? f.apply(source.next()) : null;
      }

      @Override
      public boolean onWait(Runnable action) {
        return source.onWait(action);
      }

      @Override
      protected void release() {
        source.close();
      }
    };
  }
}
