package dev.ccr.bench;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import okhttp3.ConnectionPool;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * Load benchmark: a zero-delay OpenAI-compatible mock upstream in this JVM, ccr as its own
 * process in front of it, and a closed-loop client on loopback that alternates direct and
 * through-ccr rounds at each concurrency. Bounded in time; it only ever targets 127.0.0.1.
 * Usage: {@code LoadBench [seconds-per-round] [concurrencies, e.g. 1,8,32,128] [idle-streams]}; the idle
 * streams go to a second mock provider that sends one event a second.
 */
public final class LoadBench {
  static final MediaType JSON = MediaType.get("application/json");
  static final byte[] COMPLETION = ("{\"id\":\"c\",\"object\":\"chat.completion\",\"created\":1,\"model\":\"m\",\"choices\":[{\"index\":0,"
      + "\"message\":{\"role\":\"assistant\",\"content\":\"Hello there, how can I help?\"},\"finish_reason\":\"stop\"}],"
      + "\"usage\":{\"prompt_tokens\":12,\"completion_tokens\":8}}").getBytes(StandardCharsets.UTF_8);
  static final byte[] STREAM = stream();
  static final String OPENAI_BODY = "{\"model\":\"m\",\"max_tokens\":64,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
  static final String ANTHROPIC_BODY = "{\"model\":\"claude-sonnet-4-5\",\"max_tokens\":64,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";

  static byte[] stream() {
    StringBuilder sb = new StringBuilder();
    for (String t : new String[] {"Hello", " there,", " how", " can", " I help?"}) {
      sb.append("data: {\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"m\",\"choices\":[{\"index\":0,"
          + "\"delta\":{\"content\":\"").append(t).append("\"},\"finish_reason\":null}]}\n\n");
    }
    sb.append("data: {\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"m\",\"choices\":[{\"index\":0,"
        + "\"delta\":{},\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":12,\"completion_tokens\":8}}\n\ndata: [DONE]\n\n");
    return sb.toString().getBytes(StandardCharsets.UTF_8);
  }

  public static void main(String[] args) throws Exception {
    int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
    int[] levels = Arrays.stream((args.length > 1 ? args[1] : "1,8,32,128").split(",")).mapToInt(Integer::parseInt).toArray();
    int idleStreams = args.length > 2 ? Integer.parseInt(args[2]) : 1000;
    System.setProperty("sun.net.httpserver.nodelay", "true"); // the mock must not add Nagle's 40 ms either
    HttpServer mock = mockUpstream();
    String upstream = "http://127.0.0.1:" + mock.getAddress().getPort() + "/v1/chat/completions";
    int port = freePort();
    Path config = Files.createTempFile("ccr-bench", ".json");
    Files.writeString(config, "{LOG_LEVEL: 'warn', Providers: [{name: 'mock', api_base_url: '" + upstream
        + "', models: ['m']}, {name: 'slow', api_base_url: '" + upstream.replace("/v1/", "/v1/slow/")
        + "', models: ['m']}], Router: {default: 'mock,m'}}");
    String ccr = "http://127.0.0.1:" + port + "/v1/messages";

    OkHttpClient client = new OkHttpClient.Builder().connectionPool(new ConnectionPool(512, 1, TimeUnit.MINUTES))
        .readTimeout(Duration.ofSeconds(60)).build();
    client.dispatcher().setMaxRequests(4096);
    client.dispatcher().setMaxRequestsPerHost(4096);
    System.out.printf(Locale.ROOT, "JDK %s, %d cores%n", Runtime.version(), Runtime.getRuntime().availableProcessors());
    startupTimes(client, config, port, ccr);

    List<String> jvmArgs = new ArrayList<>(); // e.g. a JFR recording for the ccr process
    String extra = System.getProperty("ccr.bench.jvmArgs", "");
    if (!extra.isBlank()) jvmArgs.addAll(List.of(extra.trim().split("\\s+")));
    Started started = startCcr(jvmArgs, config, port, client, ccr);
    Process proxy = started.process();
    System.out.printf(Locale.ROOT, "ccr PID %d%n", proxy.pid());
    try {
      // The targets are for a warm JVM: let both JIT tiers settle on the ccr paths before measuring.
      int warmup = Integer.getInteger("ccr.bench.warmupSeconds", 10);
      if (warmup > 0) {
        for (boolean stream : new boolean[] {false, true}) {
          String payload = stream ? ANTHROPIC_BODY.replace("\"max_tokens\"", "\"stream\":true,\"max_tokens\"") : ANTHROPIC_BODY;
          runFor(client, ccr, payload, stream, 8, Math.max(1, warmup / 2), null);
        }
        System.out.printf(Locale.ROOT, "ccr warmed up for %d s at concurrency 8 (not counted)%n", warmup);
      }
      System.out.println();
      System.out.println("| concurrency | kind | target | req/s | p50 ms | p99 ms | p99.9 ms | TTFB p50 ms"
          + " | ccr CPU µs/req | bench CPU µs/req |");
      System.out.println("|---|---|---|---|---|---|---|---|---|---|");
      for (int c : levels) {
        for (boolean stream : new boolean[] {false, true}) {
          Round direct = null;
          Round through = null;
          for (int rep = 0; rep < 2; rep++) { // alternate, so drift hits both alike
            Round d = round(client, upstream, OPENAI_BODY, stream, c, seconds, proxy.pid());
            Round p = round(client, ccr, ANTHROPIC_BODY, stream, c, seconds, proxy.pid());
            direct = direct == null ? d : direct.merge(d);
            through = through == null ? p : through.merge(p);
          }
          System.out.println(direct.row(c, stream, "direct"));
          System.out.println(through.row(c, stream, "ccr"));
          System.out.printf(Locale.ROOT, "|   | %s | added by ccr | %.0f%% of direct | %+.3f | %+.3f | %+.3f | %+.3f | | |%n",
              stream ? "stream" : "json", 100.0 * through.rate() / direct.rate(),
              through.p(50) - direct.p(50), through.p(99) - direct.p(99), through.p(99.9) - direct.p(99.9),
              stream ? through.ttfb(50) - direct.ttfb(50) : 0.0);
        }
      }
      System.out.printf(Locale.ROOT, "%nccr resident memory after the rounds: %d MB%n", rssKb(proxy.pid()) / 1024);
      if (idleStreams > 0) idleStreams(client, ccr, proxy.pid(), idleStreams);
    } finally {
      proxy.destroy();
      proxy.waitFor(10, TimeUnit.SECONDS);
      mock.stop(0);
      client.dispatcher().executorService().shutdown();
      client.connectionPool().evictAll();
      Files.deleteIfExists(config);
    }
  }

  record Started(Process process, double millis) {}

  /** Starts ccr as the launcher would, without its archive unless given; waits for its first answer. */
  static Started startCcr(List<String> jvmArgs, Path config, int port, OkHttpClient client, String ccr) throws Exception {
    long t0 = System.nanoTime();
    List<String> command = new ArrayList<>(List.of(java()));
    command.addAll(jvmArgs);
    command.addAll(List.of("-cp", System.getProperty("java.class.path"), "dev.ccr.server.cli.Main", "start",
        "--config", config.toString(), "--port", Integer.toString(port)));
    Process proxy = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    while (System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(30)) {
      try (Response r = post(client, ccr, ANTHROPIC_BODY)) {
        if (r.code() == 200) {
          r.body().bytes();
          return new Started(proxy, (System.nanoTime() - t0) / 1e6);
        }
      } catch (IOException notYet) {
        Thread.sleep(5);
      }
    }
    proxy.destroy();
    throw new IllegalStateException("ccr did not answer within 30 s");
  }

  static void stop(Process p) throws InterruptedException {
    p.destroy();
    p.waitFor(30, TimeUnit.SECONDS);
  }

  /** Start to first answered request, three times each: plain, and with a class-data archive as ./ccr makes one. */
  static void startupTimes(OkHttpClient client, Path config, int port, String ccr) throws Exception {
    double[] plain = new double[3];
    for (int i = 0; i < 3; i++) {
      Started s = startCcr(List.of(), config, port, client, ccr);
      plain[i] = s.millis();
      stop(s.process());
      client.connectionPool().evictAll();
    }
    Path jsa = Files.createTempFile("ccr-bench", ".jsa");
    Files.delete(jsa);
    Started recording = startCcr(List.of("-XX:ArchiveClassesAtExit=" + jsa, "-Xlog:cds*=off"), config, port, client, ccr);
    stop(recording.process()); // the archive is written on the way out
    client.connectionPool().evictAll();
    double[] cds = new double[3];
    for (int i = 0; i < 3; i++) {
      Started s = startCcr(List.of("-XX:SharedArchiveFile=" + jsa, "-Xshare:auto", "-Xlog:cds*=off"), config, port, client, ccr);
      cds[i] = s.millis();
      stop(s.process());
      client.connectionPool().evictAll();
    }
    Files.deleteIfExists(jsa);
    Arrays.sort(plain);
    Arrays.sort(cds);
    System.out.printf(Locale.ROOT, "start to first answered request (median of 3): %.0f ms (%.0f..%.0f); "
        + "with the launcher's class-data archive: %.0f ms (%.0f..%.0f)%n", plain[1], plain[0], plain[2], cds[1], cds[0], cds[2]);
  }

  /** Holds {@code count} streams open through ccr and reports ccr's heap per stream. */
  static void idleStreams(OkHttpClient client, String ccr, long pid, int count) throws Exception {
    long heapBefore = heapUsedKb(pid);
    CountDownLatch open = new CountDownLatch(count);
    CountDownLatch release = new CountDownLatch(1);
    AtomicInteger failed = new AtomicInteger();
    var pool = Executors.newFixedThreadPool(count);
    for (int i = 0; i < count; i++) {
      pool.submit(() -> {
        String slow = ANTHROPIC_BODY.replace("claude-sonnet-4-5", "slow,m").replace("\"max_tokens\"", "\"stream\":true,\"max_tokens\"");
        try (Response r = post(client, ccr, slow)) {
          InputStream in = r.body().byteStream();
          in.read(); // the stream is live
          open.countDown();
          release.await();
        } catch (Exception e) {
          failed.incrementAndGet();
          open.countDown();
        }
        return null;
      });
    }
    open.await(60, TimeUnit.SECONDS);
    long heapDuring = heapUsedKb(pid);
    System.out.printf(Locale.ROOT, "%d idle-ish streams held open (%d failed): ccr heap %d MB -> %d MB, %.1f KB per stream;"
            + " resident memory %d MB%n", count, failed.get(), heapBefore / 1024, heapDuring / 1024,
        (heapDuring - heapBefore) / (double) count, rssKb(pid) / 1024);
    release.countDown();
    pool.shutdownNow();
  }

  /** {@code cpuTicks}: ccr's user and system ticks, then the bench JVM's (client and mock) total, during the round. */
  record Round(long requests, long[] latencies, long[] ttfbs, double seconds, long[] cpuTicks) {
    Round merge(Round o) {
      long[] cpu = new long[3];
      for (int i = 0; i < 3; i++) cpu[i] = cpuTicks[i] + o.cpuTicks[i];
      return new Round(requests + o.requests, concat(latencies, o.latencies), concat(ttfbs, o.ttfbs), seconds + o.seconds, cpu);
    }

    /** CPU time per request in microseconds; a tick is 10 ms on Linux. */
    double cpuMicros(long ticks) {
      return ticks * 10_000.0 / requests;
    }

    static long[] concat(long[] a, long[] b) {
      long[] out = Arrays.copyOf(a, a.length + b.length);
      System.arraycopy(b, 0, out, a.length, b.length);
      Arrays.sort(out);
      return out;
    }

    double rate() {
      return requests / seconds;
    }

    double p(double pct) {
      return percentile(latencies, pct);
    }

    double ttfb(double pct) {
      return percentile(ttfbs, pct);
    }

    static double percentile(long[] sorted, double pct) {
      if (sorted.length == 0) return 0;
      int i = (int) Math.min(sorted.length - 1, Math.ceil(pct / 100.0 * sorted.length) - 1);
      return sorted[Math.max(0, i)] / 1e6;
    }

    String row(int c, boolean stream, String target) {
      String ccrCpu = target.equals("ccr")
          ? String.format(Locale.ROOT, "%.0f (%.0f sys)", cpuMicros(cpuTicks[0] + cpuTicks[1]), cpuMicros(cpuTicks[1])) : "-";
      return String.format(Locale.ROOT, "| %d | %s | %s | %.0f | %.3f | %.3f | %.3f | %s | %s | %.0f |", c, stream ? "stream" : "json",
          target, rate(), p(50), p(99), p(99.9), stream ? String.format(Locale.ROOT, "%.3f", ttfb(50)) : "-", ccrCpu,
          cpuMicros(cpuTicks[2]));
    }
  }

  /** A closed-loop round: {@code c} workers, each sending its next request when the last is done. */
  static Round round(OkHttpClient client, String url, String body, boolean stream, int c, int seconds, long ccrPid)
      throws Exception {
    if (!InetAddress.getByName(URI.create(url).getHost()).isLoopbackAddress()) {
      throw new IllegalArgumentException("the load client only targets loopback addresses: " + url);
    }
    String payload = stream ? body.replace("\"max_tokens\"", "\"stream\":true,\"max_tokens\"") : body;
    runFor(client, url, payload, stream, c, 1, null); // warm-up, not counted
    ConcurrentLinkedQueue<long[]> samples = new ConcurrentLinkedQueue<>();
    long[] ccrCpu0 = cpuTicks(ccrPid);
    long[] benchCpu0 = cpuTicks(ProcessHandle.current().pid());
    long start = System.nanoTime();
    long count = runFor(client, url, payload, stream, c, seconds, samples);
    double elapsed = (System.nanoTime() - start) / 1e9;
    long[] ccrCpu1 = cpuTicks(ccrPid);
    long[] benchCpu1 = cpuTicks(ProcessHandle.current().pid());
    long[] cpu = {ccrCpu1[0] - ccrCpu0[0], ccrCpu1[1] - ccrCpu0[1], benchCpu1[0] - benchCpu0[0] + benchCpu1[1] - benchCpu0[1]};
    long[] lat = samples.stream().mapToLong(s -> s[0]).sorted().toArray();
    long[] ttfb = samples.stream().mapToLong(s -> s[1]).sorted().toArray();
    return new Round(count, lat, ttfb, elapsed, cpu);
  }

  static long runFor(OkHttpClient client, String url, String payload, boolean stream, int c, int seconds,
      ConcurrentLinkedQueue<long[]> samples) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    AtomicInteger done = new AtomicInteger();
    List<Thread> workers = new ArrayList<>();
    for (int w = 0; w < c; w++) {
      Thread t = new Thread(() -> {
        byte[] buf = new byte[8192];
        while (System.nanoTime() < deadline) {
          long s = System.nanoTime();
          try (Response r = post(client, url, payload)) {
            InputStream in = r.body().byteStream();
            int n = in.read(buf);
            long first = System.nanoTime();
            while (n >= 0) n = in.read(buf);
            if (r.code() != 200) throw new IOException("HTTP " + r.code());
            if (samples != null) samples.add(new long[] {System.nanoTime() - s, first - s});
            done.incrementAndGet();
          } catch (IOException e) {
            throw new IllegalStateException("request failed: " + e.getMessage(), e);
          }
        }
      });
      t.start();
      workers.add(t);
    }
    for (Thread t : workers) t.join();
    return done.get();
  }

  static Response post(OkHttpClient client, String url, String body) throws IOException {
    return client.newCall(new Request.Builder().url(url).post(RequestBody.create(body, JSON)).build()).execute();
  }

  /** The mock upstream: zero-delay JSON or SSE; under /v1/slow/ it streams an event a second for 10 s. */
  static HttpServer mockUpstream() throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 1024);
    server.setExecutor(Executors.newCachedThreadPool());
    server.createContext("/v1/", ex -> {
      byte[] req = ex.getRequestBody().readAllBytes();
      String body = new String(req, StandardCharsets.UTF_8);
      boolean stream = body.contains("\"stream\":true");
      try (OutputStream out = ex.getResponseBody()) {
        if (ex.getRequestURI().getPath().startsWith("/v1/slow/")) {
          ex.getResponseHeaders().set("Content-Type", "text/event-stream");
          ex.sendResponseHeaders(200, 0);
          for (int i = 0; i < 10; i++) {
            out.write(("data: {\"id\":\"c\",\"model\":\"m\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"t" + i + "\"}}]}\n\n")
                .getBytes(StandardCharsets.UTF_8));
            out.flush();
            Thread.sleep(1000);
          }
        } else if (stream) {
          ex.getResponseHeaders().set("Content-Type", "text/event-stream");
          ex.sendResponseHeaders(200, 0);
          out.write(STREAM);
        } else {
          ex.getResponseHeaders().set("Content-Type", "application/json");
          ex.sendResponseHeaders(200, COMPLETION.length);
          out.write(COMPLETION);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } catch (IOException gone) {
        // the proxy hung up
      }
    });
    server.start();
    return server;
  }

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  static String java() {
    return ProcessHandle.current().info().command().orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
  }

  /** User and system CPU ticks of a process, from /proc; zeros where there is no /proc. */
  static long[] cpuTicks(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
      String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      return new long[] {Long.parseLong(f[11]), Long.parseLong(f[12])}; // fields 14 and 15 of stat(5)
    } catch (IOException | RuntimeException e) {
      return new long[2];
    }
  }

  static long rssKb(long pid) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
        if (line.startsWith("VmRSS:")) return Long.parseLong(line.replaceAll("[^0-9]", ""));
      }
    } catch (IOException | NumberFormatException e) {
      // not Linux: no figure
    }
    return -1;
  }

  /** Used heap of the ccr process after a full GC, from jcmd, in KB. */
  static long heapUsedKb(long pid) throws Exception {
    Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
    new ProcessBuilder(jcmd.toString(), Long.toString(pid), "GC.run").redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor();
    Process p = new ProcessBuilder(jcmd.toString(), Long.toString(pid), "GC.heap_info").redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    p.waitFor();
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("used (\\d+)K").matcher(out);
    return m.find() ? Long.parseLong(m.group(1)) : -1;
  }
}
