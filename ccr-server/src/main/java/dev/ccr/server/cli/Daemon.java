package dev.ccr.server.cli;

import dev.ccr.config.CcrConfig;
import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

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
    List<String> command = new ArrayList<>(List.of(java));
    List<String> user = javaOptions(System.getenv("CCR_JAVA_OPTS")); // the launcher gives them to this JVM only
    command.addAll(defaultJavaOptions(user));
    command.addAll(user);
    command.addAll(List.of("-cp", System.getProperty("java.class.path")));
    String home = System.getProperty("ccr.home");
    if (home != null) command.add("-Dccr.home=" + home);
    command.addAll(classDataFlags(System.getProperty("ccr.cds.archive"))); // set by the launcher: see the ccr script
    command.add(Main.class.getName());
    command.add("start");
    command.addAll(startArgs);
    command.add("--register");
    Path log = CcrConfig.home().resolve("logs").resolve("ccr-daemon.log");
    Files.createDirectories(log.getParent());
    long logStart = Files.exists(log) ? Files.size(log) : 0;
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    builder.environment().putIfAbsent("MALLOC_ARENA_MAX", "2"); // as the launcher sets it: see the ccr script
    builder.environment().putIfAbsent("CCR_SET_MALLOC_ARENA_MAX", "1");
    Process p = builder.start();
    long deadline = System.nanoTime() + wait.toNanos();
    while (System.nanoTime() < deadline) {
      Optional<Running> r = running();
      if (r.isPresent() && r.get().pid() == p.pid() && healthy(r.get().url())) return r.get();
      if (!p.isAlive()) {
        // Two `ccr code` at once: the other one's server won the port, and it serves us just as well.
        Optional<Running> other = running();
        if (other.isPresent() && healthy(other.get().url())) return other.get();
        throw new IOException("the server stopped at once (exit " + p.exitValue() + "):\n" + tail(log, logStart, 10)
            + "(the whole log: " + log + ")");
      }
      Thread.sleep(50);
    }
    p.destroy();
    throw new IOException("the server did not answer within " + wait.toSeconds() + " s:\n" + tail(log, logStart, 10)
        + "(the whole log: " + log + ")");
  }

  /**
   * The server's JVM defaults, the launcher's {@code jvm.options} (one flag a line, {@code #}
   * comments), without those that would stop the JVM beside {@code user}'s own flags: a second
   * collector, or our {@code -Xms} (and {@code -Xmn}) beside the user's own heap sizes. The same rule
   * as the ccr script's.
   */
  static List<String> defaultJavaOptions(List<String> user) throws IOException {
    boolean ownCollector = user.stream().anyMatch(o -> o.startsWith("-XX:+Use") && o.endsWith("GC"));
    boolean ownHeap = user.stream().anyMatch(o -> o.startsWith("-Xms") || o.startsWith("-Xmx") || o.startsWith("-Xmn"));
    try (var in = Daemon.class.getResourceAsStream("jvm.options")) {
      if (in == null) throw new IOException("jvm.options is missing from the server jar");
      return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
          .filter(l -> !l.isEmpty() && !l.startsWith("#"))
          .filter(l -> !(ownCollector && l.startsWith("-XX:+Use") && l.endsWith("GC")))
          .filter(l -> !(ownHeap && (l.startsWith("-Xms") || l.startsWith("-Xmn"))))
          .collect(Collectors.toList());
    }
  }

  /** {@code CCR_JAVA_OPTS} split at whitespace, as the launcher's unquoted expansion splits it. */
  static List<String> javaOptions(String value) {
    if (value == null || value.isBlank()) return List.of();
    return List.of(value.trim().split("\\s+"));
  }

  /** The last {@code lines} lines written to {@code log} from byte {@code from} on, each indented. */
  static String tail(Path log, long from, int lines) throws IOException {
    String text;
    try (SeekableByteChannel in = Files.newByteChannel(log)) {
      long start = Math.max(Math.max(0, from), in.size() - 64 * 1024); // the log of earlier runs can be long
      ByteBuffer buf = ByteBuffer.allocate((int) Math.max(0, in.size() - start));
      in.position(start);
      while (buf.hasRemaining() && in.read(buf) > 0) {
        // read on
      }
      text = new String(buf.array(), 0, buf.position(), StandardCharsets.UTF_8);
    }
    List<String> written = text.lines().filter(l -> !l.isBlank()).collect(Collectors.toList());
    StringBuilder sb = new StringBuilder();
    for (String l : written.subList(Math.max(0, written.size() - lines), written.size())) sb.append("  ").append(l).append('\n');
    return sb.toString();
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
      // Not onExit(): for a process that is not this JVM's child (one an earlier ccr started) the JDK
      // first looks 300 ms later, then ever more slowly (ProcessHandleImpl.completion). Looking every
      // 10 ms returns about as soon as it has exited.
      long deadline = System.nanoTime() + grace.toNanos();
      while (h.isAlive() && System.nanoTime() - deadline < 0) Thread.sleep(10);
      if (h.isAlive()) h.destroyForcibly();
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
