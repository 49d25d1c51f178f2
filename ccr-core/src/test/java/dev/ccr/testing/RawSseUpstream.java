package dev.ccr.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;

/**
 * An upstream on a raw socket that answers one request with a chunked {@code text/event-stream},
 * written as its script says: for what MockWebServer cannot do, such as a stream that never ends,
 * a reset mid-stream, or an event held until the test says so. The script's result, or its
 * failure, completes {@link #result()}.
 */
public final class RawSseUpstream implements AutoCloseable {
  private final ServerSocket server;
  private final CompletableFuture<Object> result = new CompletableFuture<>();

  /** What the upstream does once the request has arrived and the response head is out. */
  public interface Script {
    Object serve(Connection connection) throws Exception;
  }

  private RawSseUpstream(Script script) throws IOException {
    server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
    Thread t = new Thread(() -> {
      try (Socket s = server.accept()) {
        Connection c = new Connection(s);
        c.readRequest();
        result.complete(script.serve(c));
        c.stallUntilClientLeaves(); // the client reads to the end before this side closes
      } catch (Throwable e) {
        result.completeExceptionally(e);
      }
    }, "raw-sse-upstream");
    t.setDaemon(true);
    t.start();
  }

  /** Starts listening on a free loopback port; the script runs on its own thread. */
  public static RawSseUpstream start(Script script) throws IOException {
    return new RawSseUpstream(script);
  }

  /** {@code http://127.0.0.1:port} followed by {@code path}. */
  public String url(String path) {
    return "http://127.0.0.1:" + server.getLocalPort() + path;
  }

  /** What the script returned, or how it failed. */
  public CompletableFuture<Object> result() {
    return result;
  }

  @Override
  public void close() throws IOException {
    server.close();
  }

  /** The accepted connection, its request read and a {@code 200 text/event-stream} head sent. */
  public static final class Connection {
    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private String head;

    Connection(Socket socket) throws IOException {
      this.socket = socket;
      this.in = socket.getInputStream();
      this.out = socket.getOutputStream();
    }

    private void readRequest() throws IOException {
      StringBuilder h = new StringBuilder();
      while (h.indexOf("\r\n\r\n") < 0) {
        int b = in.read();
        if (b < 0) throw new IOException("the client left before its request head ended");
        h.append((char) b);
      }
      head = h.toString();
      int length = 0;
      for (String line : head.split("\r\n")) {
        if (line.toLowerCase(java.util.Locale.ROOT).startsWith("content-length:")) length = Integer.parseInt(line.substring(15).trim());
      }
      in.readNBytes(length);
      out.write("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nTransfer-Encoding: chunked\r\n\r\n"
          .getBytes(StandardCharsets.US_ASCII));
      out.flush();
    }

    /** The request line and headers. */
    public String requestHead() {
      return head;
    }

    /** Writes {@code text} as one HTTP chunk and flushes it; fails once the client has gone. */
    public void send(String text) throws IOException {
      byte[] b = text.getBytes(StandardCharsets.UTF_8);
      out.write((Integer.toHexString(b.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
      out.write(b);
      out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
      out.flush();
    }

    /** Like {@link #send}, for scripts that cannot throw a checked exception. */
    public void sendUnchecked(String text) {
      try {
        send(text);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    /** The last, empty chunk: the response is complete. */
    public void end() throws IOException {
      out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      out.flush();
    }

    /**
     * Sends {@code event} again and again, {@code pauseMillis} apart, until the client hangs up;
     * true when it did, false when {@code max} events went out first (a safety net, not a timing).
     */
    public boolean sendUntilClientLeaves(String event, long pauseMillis, int max) throws InterruptedException {
      for (int i = 0; i < max; i++) {
        try {
          send(event);
        } catch (IOException gone) {
          return true;
        }
        Thread.sleep(pauseMillis);
      }
      return false;
    }

    /** Sends nothing more and waits until the client closes the connection; true when it did. */
    public boolean stallUntilClientLeaves() {
      try {
        socket.setSoTimeout(60_000); // a safety net: the test fails rather than hangs
        return in.read() < 0;
      } catch (java.net.SocketTimeoutException stillThere) {
        return false;
      } catch (IOException closed) {
        return true;
      }
    }

    /** Ends the connection with a TCP reset, as a crashed upstream does. */
    public void reset() throws IOException {
      socket.setSoLinger(true, 0);
      socket.close();
    }
  }
}
