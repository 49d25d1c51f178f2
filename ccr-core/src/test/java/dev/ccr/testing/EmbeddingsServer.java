package dev.ccr.testing;

import dev.ccr.json.Json;
import dev.ccr.json.JsonObject;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;

/**
 * An OpenAI-style {@code POST /v1/embeddings} on MockWebServer answering the vector the test chose
 * for each input text ({@link #vector}); a text without one gets a 500, and {@link #hang} holds every
 * answer until {@link #close} (for a client's timeout). Counts the calls and keeps the last
 * Authorization header.
 */
public final class EmbeddingsServer implements AutoCloseable {
  private final MockWebServer server = new MockWebServer();
  private final Map<String, float[]> vectors = new ConcurrentHashMap<>();
  private final AtomicInteger calls = new AtomicInteger();
  private final CountDownLatch released = new CountDownLatch(1);
  private volatile boolean hang;
  private volatile String authorization;

  public EmbeddingsServer() throws IOException {
    server.setDispatcher(new Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest request) throws InterruptedException {
        calls.incrementAndGet();
        authorization = request.getHeaders().get("Authorization");
        if (hang) released.await();
        if (!request.getUrl().encodedPath().endsWith("/embeddings")) return new MockResponse.Builder().code(404).build();
        String input = ((JsonObject) Json.parse(request.getBody().utf8())).getString("input");
        float[] v = input == null ? null : vectors.get(input);
        if (v == null) return new MockResponse.Builder().code(500).body("{\"error\":{\"message\":\"no vector\"}}").build();
        StringBuilder b = new StringBuilder("{\"object\":\"list\",\"data\":[{\"object\":\"embedding\",\"index\":0,\"embedding\":[");
        for (int i = 0; i < v.length; i++) b.append(i == 0 ? "" : ",").append(v[i]);
        b.append("]}],\"model\":\"e\",\"usage\":{\"prompt_tokens\":3,\"total_tokens\":3}}");
        return new MockResponse.Builder().addHeader("content-type", "application/json").body(b.toString()).build();
      }
    });
    server.start();
  }

  /** Answers {@code vector} for {@code text}. */
  public EmbeddingsServer vector(String text, float... vector) {
    vectors.put(text, vector);
    return this;
  }

  /** Holds every answer from now on until {@link #close}. */
  public void hang() {
    hang = true;
  }

  /** An OpenAI-style chat URL on this server, for a provider entry: {@code .../v1/chat/completions}. */
  public String chatUrl() {
    return server.url("/v1/chat/completions").toString();
  }

  public int calls() {
    return calls.get();
  }

  /** The Authorization header of the latest call. */
  public String authorization() {
    return authorization;
  }

  @Override
  public void close() {
    released.countDown();
    server.close();
  }
}
