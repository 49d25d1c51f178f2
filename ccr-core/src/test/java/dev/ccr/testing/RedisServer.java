package dev.ccr.testing;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * A real {@code redis-server} (the Debian package; CI installs it) on a free loopback port, in a
 * temporary folder, without persistence. {@link #kill} and {@link #start} again on the same port
 * let a test take Redis away and bring it back.
 */
public final class RedisServer implements AutoCloseable {
  private final int port;
  private final Path dir;
  private final List<String> extra;
  private Process process;

  private RedisServer(int port, Path dir, List<String> extra) {
    this.port = port;
    this.dir = dir;
    this.extra = extra;
  }

  /**
   * Starts one on a free port, with {@code args} added to its command line (such as {@code
   * --requirepass x}); fails the test with a clear message when redis-server is not installed.
   */
  public static RedisServer start(String... args) throws IOException {
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    RedisServer r = new RedisServer(port, Files.createTempDirectory("ccr-redis"), List.of(args));
    r.startAgain();
    return r;
  }

  /** Starts the server (again) on its port, and waits until it accepts connections. */
  public void startAgain() throws IOException {
    List<String> command = new java.util.ArrayList<>(List.of("redis-server", "--port", Integer.toString(port), "--bind",
        "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", dir.toString(), "--protected-mode", "yes"));
    command.addAll(extra);
    ProcessBuilder pb = new ProcessBuilder(command);
    pb.environment().clear(); // nothing of the inherited environment reaches it
    pb.environment().put("PATH", "/usr/local/bin:/usr/bin:/bin:/usr/sbin:/sbin");
    pb.redirectErrorStream(true).redirectOutput(dir.resolve("redis.log").toFile());
    try {
      process = pb.start();
    } catch (IOException e) {
      throw new IOException("redis-server is not installed (apt-get install redis-server; .ci/run installs it)", e);
    }
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (System.nanoTime() < deadline) {
      try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
        return;
      } catch (IOException notYet) {
        if (!process.isAlive()) throw new IOException("redis-server exited: " + Files.readString(dir.resolve("redis.log")));
        try {
          Thread.sleep(20);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IOException(e);
        }
      }
    }
    throw new IOException("redis-server did not accept connections on port " + port);
  }

  /** Kills the server at once, as a crash would. */
  public void kill() throws InterruptedException {
    process.destroyForcibly().waitFor();
  }

  /** Freezes the server (SIGSTOP): connections stay open and nothing answers, as with a hung host. */
  public void pause() throws IOException, InterruptedException {
    signal("-STOP");
  }

  /** Lets a paused server go on (SIGCONT). */
  public void resume() throws IOException, InterruptedException {
    signal("-CONT");
  }

  private void signal(String which) throws IOException, InterruptedException {
    Process kill = new ProcessBuilder("kill", which, Long.toString(process.pid())).inheritIO().start();
    if (kill.waitFor() != 0) throw new IOException("kill " + which + " failed");
  }

  public int port() {
    return port;
  }

  public String url() {
    return "redis://127.0.0.1:" + port + "/0";
  }

  @Override
  public void close() throws InterruptedException {
    if (process != null) {
      try {
        resume(); // a stopped process ignores nothing but SIGKILL; resume anyway so it exits cleanly
      } catch (IOException ignored) {
        // already gone
      }
      kill();
    }
  }
}
