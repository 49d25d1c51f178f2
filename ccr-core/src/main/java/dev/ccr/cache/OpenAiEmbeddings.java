package dev.ccr.cache;

import dev.ccr.json.Json;
import dev.ccr.json.JsonArray;
import dev.ccr.json.JsonObject;
import dev.ccr.json.JsonNumber;
import dev.ccr.json.JsonValue;
import java.io.IOException;
import java.time.Duration;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;

/**
 * OpenAI's {@code POST /v1/embeddings} ({@code {"model", "input"}} in, {@code data[0].embedding} out),
 * which OpenAI, most OpenAI-compatible hosts and local servers (Ollama, vLLM, LM Studio) serve. The
 * whole call is bounded by a small timeout: the semantic cache must never hold a request up for long.
 */
final class OpenAiEmbeddings implements Embedder, AutoCloseable {
  private static final MediaType JSON = MediaType.get("application/json");

  private final String url;
  private final String model;
  private final String apiKey;
  private final Duration timeout;
  private final String proxyUrl;
  private OkHttpClient client; // made on the first call: a config that is only checked makes none

  OpenAiEmbeddings(String url, String model, String apiKey, Duration timeout, String proxyUrl) {
    this.url = url;
    this.model = model;
    this.apiKey = apiKey;
    this.timeout = timeout;
    this.proxyUrl = proxyUrl;
  }

  private synchronized OkHttpClient client() {
    if (client == null) {
      OkHttpClient.Builder b = new OkHttpClient.Builder().connectTimeout(timeout).readTimeout(timeout).callTimeout(timeout)
          .retryOnConnectionFailure(false);
      if (proxyUrl != null) { // the config's PROXY_URL, as for providers
        java.net.URI u = java.net.URI.create(proxyUrl);
        int port = u.getPort() > 0 ? u.getPort() : "https".equalsIgnoreCase(u.getScheme()) ? 443 : 80;
        b.proxy(new java.net.Proxy(java.net.Proxy.Type.HTTP, java.net.InetSocketAddress.createUnresolved(u.getHost(), port)));
      }
      client = b.build();
    }
    return client;
  }

  /**
   * The embeddings URL a provider entry's chat URL implies: a trailing {@code /chat/completions}
   * becomes {@code /embeddings}, as OpenAI-compatible hosts lay them out; null when the URL has none.
   */
  static String urlFor(String chatUrl) {
    if (chatUrl == null) return null;
    String u = chatUrl.endsWith("/") ? chatUrl.substring(0, chatUrl.length() - 1) : chatUrl;
    return u.endsWith("/chat/completions") ? u.substring(0, u.length() - "/chat/completions".length()) + "/embeddings" : null;
  }

  @Override
  public float[] embed(String text) throws IOException {
    String body = Json.write(JsonObject.builder().put("model", model).put("input", text).build());
    Request.Builder request = new Request.Builder().url(url).post(RequestBody.create(body, JSON));
    if (apiKey != null && !apiKey.isEmpty()) request.header("Authorization", "Bearer " + apiKey);
    try (Response response = client().newCall(request.build()).execute()) {
      if (!response.isSuccessful()) throw new IOException("embeddings answered HTTP " + response.code());
      ResponseBody b = response.body();
      return vector(Json.parse(b.string()));
    } catch (RuntimeException e) {
      throw new IOException("embeddings answered something unreadable", e);
    }
  }

  private static float[] vector(JsonValue answer) throws IOException {
    JsonArray data = answer instanceof JsonObject o ? o.getArray("data") : null;
    JsonArray embedding = data != null && !data.isEmpty() && data.get(0) instanceof JsonObject first
        ? first.getArray("embedding") : null;
    if (embedding == null || embedding.isEmpty()) throw new IOException("embeddings answered no data[0].embedding");
    float[] v = new float[embedding.size()];
    for (int i = 0; i < v.length; i++) {
      if (!(embedding.get(i) instanceof JsonNumber n)) throw new IOException("embeddings answered a non-number");
      v[i] = (float) n.doubleValue();
    }
    return v;
  }

  @Override
  public synchronized void close() {
    if (client == null) return;
    client.dispatcher().executorService().shutdown();
    client.connectionPool().evictAll();
  }
}
