package dev.ccr.server;

import dev.ccr.config.CcrConfig;
import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The background server: its PID file ({@code ~/.claude-code-router/.claude-code-router.pid}, as the
 * original writes it), the URL it serves, and starting and stopping it.
 */
final class Daemon {
  private Daemon() {}

  static Path pidFile() {
    return CcrConfig.home().resolve(".claude-code-router.pid");
  }

  static Path urlFile() {
    return CcrConfig.home().resolve(".claude-code-router.url");
  }

  /** A running server: its process and URL. */
  record Running(long pid, String url) {}

  /** The server the PID file names, if that process is alive. */
  static Optional<Running> running() {
    try {
      if (!Files.exists(pidFile())) return Optional.empty();
      long pid = Long.parseLong(Files.readString(pidFile()).trim());
      if (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
        String url = Files.exists(urlFile()) ? Files.readString(urlFile()).trim() : "";
        return Optional.of(new Running(pid, url));
      }
    } catch (IOException | NumberFormatException e) {
      // a stale or broken PID file means no server
    }
    return Optional.empty();
  }

  /** Written by the server process itself once it listens; removed when it stops. */
  static void register(String url) throws IOException {
    Files.createDirectories(CcrConfig.home());
    Files.writeString(pidFile(), Long.toString(ProcessHandle.current().pid()));
    Files.writeString(urlFile(), url);
    Runtime.getRuntime().addShutdownHook(new Thread(Daemon::unregister, "ccr-pid-file"));
  }

  static void unregister() {
    try {
      String pid = Files.exists(pidFile()) ? Files.readString(pidFile()).trim() : "";
      if (pid.equals(Long.toString(ProcessHandle.current().pid()))) {
        Files.deleteIfExists(pidFile());
        Files.deleteIfExists(urlFile());
      }
    } catch (IOException ignored) {
      // best effort on the way out
    }
  }

  /** JVM flags for the background server: use the class-data archive if recorded, else record it on exit. */
  static List<String> classDataFlags(String archive) throws IOException {
    if (archive == null || archive.isBlank()) return List.of();
    Path p = Path.of(archive);
    boolean recorded = Files.isRegularFile(p) && Files.size(p) > 0;
    return recorded
        ? List.of("-XX:SharedArchiveFile=" + archive, "-Xshare:auto", "-Xlog:cds*=off")
        : List.of("-XX:ArchiveClassesAtExit=" + archive, "-Xlog:cds*=off"); // the JDK lists every class it skips
  }

  /** Starts {@code ccr start <args>} as a background process and waits until it answers /health. */
  static Running spawn(List<String> startArgs, Duration wait) throws IOException, InterruptedException {
    String java = ProcessHandle.current().info().command().orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    List<String> command = new ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path")));
    String home = System.getProperty("ccr.home");
    if (home != null) command.add("-Dccr.home=" + home);
    command.addAll(classDataFlags(System.getProperty("ccr.cds.archive"))); // set by the launcher: see the ccr script
    command.add(Main.class.getName());
    command.add("start");
    command.addAll(startArgs);
    command.add("--register");
    Path log = CcrConfig.home().resolve("logs").resolve("ccr-daemon.log");
    Files.createDirectories(log.getParent());
    Process p = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
    long deadline = System.nanoTime() + wait.toNanos();
    while (System.nanoTime() < deadline) {
      Optional<Running> r = running();
      if (r.isPresent() && r.get().pid() == p.pid() && healthy(r.get().url())) return r.get();
      if (!p.isAlive()) {
        throw new IOException("the server stopped at once (exit " + p.exitValue() + "); see " + log);
      }
      Thread.sleep(50);
    }
    p.destroy();
    throw new IOException("the server did not answer within " + wait.toSeconds() + " s; see " + log);
  }

  static boolean healthy(String url) {
    try {
      HttpURLConnection c = (HttpURLConnection) URI.create(url + "/health").toURL().openConnection();
      c.setConnectTimeout(500);
      c.setReadTimeout(1000);
      try {
        return c.getResponseCode() == 200;
      } finally {
        c.disconnect();
      }
    } catch (IOException | IllegalArgumentException e) {
      return false;
    }
  }

  /** Stops the running server (SIGTERM, then forcibly after {@code grace}); false when none ran. */
  static boolean stop(Duration grace) throws InterruptedException {
    Optional<Running> r = running();
    if (r.isEmpty()) return false;
    Optional<ProcessHandle> handle = ProcessHandle.of(r.get().pid());
    if (handle.isPresent()) {
      ProcessHandle h = handle.get();
      h.destroy();
      try {
        h.onExit().get(grace.toMillis(), TimeUnit.MILLISECONDS); // returns the moment the process is gone
      } catch (TimeoutException e) {
        h.destroyForcibly();
      } catch (ExecutionException e) {
        throw new IllegalStateException(e); // onExit never fails
      }
    }
    try {
      Files.deleteIfExists(pidFile());
      Files.deleteIfExists(urlFile());
    } catch (IOException ignored) {
      // it is gone either way
    }
    return true;
  }
}
