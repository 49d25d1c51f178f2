package dev.ccr.testing;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

/**
 * The lines one class logs while a test runs, through java.util.logging (the binding ccr-server's
 * SLF4J uses). Close it to stop listening.
 */
public final class LogCapture implements AutoCloseable {
  private final List<String> lines = new CopyOnWriteArrayList<>();
  private final Logger logger; // held: java.util.logging keeps loggers only weakly
  private final Handler handler = new Handler() {
    @Override
    public void publish(LogRecord r) {
      lines.add(new SimpleFormatter().formatMessage(r));
    }

    @Override
    public void flush() {}

    @Override
    public void close() {}
  };

  private LogCapture(Class<?> source) {
    logger = Logger.getLogger(source.getName());
    logger.addHandler(handler);
  }

  /** Starts listening to what {@code source}'s logger writes. */
  public static LogCapture of(Class<?> source) {
    return new LogCapture(source);
  }

  /** Every line so far, formatted, oldest first. */
  public List<String> lines() {
    return List.copyOf(lines);
  }

  @Override
  public void close() {
    logger.removeHandler(handler);
  }
}
