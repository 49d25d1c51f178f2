package dev.ccr.alerts;

import dev.ccr.json.Json;
import dev.ccr.json.JsonObject;
import java.io.IOException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Posts alerts as small JSON objects to the config's {@code alertWebhook}, one after another in
 * the order they were raised, on a thread of its own. The URL is never logged: chat webhooks carry
 * their secret in it.
 */
final class AlertWebhook implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(AlertWebhook.class);
  private static final MediaType JSON = MediaType.get("application/json");

  private final String url;
  private final OkHttpClient client;
  private final ExecutorService sender;

  AlertWebhook(String url) {
    this.url = url;
    this.client = url == null ? null : new OkHttpClient.Builder().callTimeout(10, TimeUnit.SECONDS).build();
    this.sender = url == null ? null : new ThreadPoolExecutor(0, 1, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(1000),
        r -> {
          Thread t = new Thread(r, "ccr-alert-webhook");
          t.setDaemon(true);
          return t;
        }, new ThreadPoolExecutor.DiscardPolicy());
  }

  void post(JsonObject alert) {
    if (client == null) return;
    Request request = new Request.Builder().url(url).post(RequestBody.create(Json.write(alert), JSON)).build();
    sender.execute(() -> {
      try (Response response = client.newCall(request).execute()) {
        if (!response.isSuccessful()) log.warn("the alert webhook answered HTTP {}", response.code());
      } catch (IOException e) {
        log.warn("the alert webhook could not be reached: {}", e.getClass().getSimpleName());
      }
    });
  }

  @Override
  public void close() {
    if (client == null) return;
    sender.shutdown(); // alerts already raised still go out
    client.connectionPool().evictAll();
  }
}
