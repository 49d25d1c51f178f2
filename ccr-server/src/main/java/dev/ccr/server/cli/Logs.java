package dev.ccr.server.cli;

import dev.ccr.config.CcrConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.logging.ConsoleHandler;
import java.util.logging.FileHandler;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Where the server's log lines go: stderr always, and with {@code LOG: true} rotating files
 * {@code ~/.claude-code-router/logs/ccr-0.log} (newest) to {@code ccr-4.log}, 10 MB each.
 * {@code LOG_LEVEL} sets the level.
 */
final class Logs {
  static final int FILE_LIMIT = 10 * 1024 * 1024;
  static final int FILE_COUNT = 5;

  private Logs() {}

  /** Applies the config's logging settings; returns the log directory when files are written, else null. */
  static Path configure(CcrConfig config) throws IOException {
    LogManager.getLogManager().reset();
    Logger root = Logger.getLogger("");
    Level level = level(config.logLevel());
    root.setLevel(level);
    Formatter format = new Line();
    Handler console = new ConsoleHandler();
    console.setLevel(level);
    console.setFormatter(format);
    root.addHandler(console);
    Logger.getLogger("okhttp3").setLevel(Level.WARNING);
    if (!config.log()) return null;
    Path dir = CcrConfig.home().resolve("logs");
    Files.createDirectories(dir);
    FileHandler file = new FileHandler(dir.resolve("ccr-%g.log").toString(), FILE_LIMIT, FILE_COUNT, true);
    file.setLevel(level);
    file.setFormatter(format);
    root.addHandler(file);
    return dir;
  }

  static Level level(String logLevel) {
    switch (logLevel) {
      case "fatal":
      case "error":
        return Level.SEVERE;
      case "warn":
        return Level.WARNING;
      case "debug":
        return Level.FINE;
      case "trace":
        return Level.FINEST;
      default:
        return Level.INFO;
    }
  }

  /** One line per record: time, level, logger, message, and a stack trace only at debug level. */
  static final class Line extends Formatter {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS")
        .withZone(ZoneId.systemDefault());

    @Override
    public String format(LogRecord r) {
      String name = r.getLoggerName() == null ? "" : r.getLoggerName();
      StringBuilder sb = new StringBuilder(128).append(TIME.format(Instant.ofEpochMilli(r.getMillis()))).append(' ')
          .append(r.getLevel().getName()).append(' ').append(name.substring(name.lastIndexOf('.') + 1)).append(" - ")
          .append(formatMessage(r)).append(System.lineSeparator());
      if (r.getThrown() != null) {
        sb.append("  ").append(r.getThrown()).append(System.lineSeparator());
        if (Logger.getLogger("").isLoggable(Level.FINE)) {
          for (StackTraceElement e : r.getThrown().getStackTrace()) sb.append("    at ").append(e).append(System.lineSeparator());
        }
      }
      return sb.toString();
    }
  }
}
