package dev.ccr.server;

import dev.ccr.CcrException;
import dev.ccr.ClaudeCodeRouter;
import dev.ccr.InvalidRequestException;
import dev.ccr.config.ProviderConfig;
import dev.ccr.json.Json;
import dev.ccr.json.JsonArray;
import dev.ccr.json.JsonObject;
import dev.ccr.json.JsonString;
import dev.ccr.json.JsonValue;
import dev.ccr.model.AnthropicJson;
import dev.ccr.routing.Route;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;

/**
 * {@code POST /api/providers/test}: one small request to a {@code provider,model}, through the
 * provider's own transformers, reporting status, latency and the error text; it leaves the live
 * router as it was (no circuit, key rest, rate limit, cache or usage record: {@link ClaudeCodeRouter#probe}). {@code GET
 * /api/providers/{name}/models}: the provider's own model list, where its API has one.
 */
final class ProviderProbe {
  private static final OkHttpClient HTTP = new OkHttpClient.Builder().connectTimeout(10, TimeUnit.SECONDS)
      .readTimeout(20, TimeUnit.SECONDS).build();

  private ProviderProbe() {}

  /** Body {@code {"provider": NAME, "model": MODEL}} (model defaults to the provider's first), or {@code {"route": "NAME,MODEL"}}. */
  static JsonObject test(ClaudeCodeRouter router, byte[] body) {
    JsonObject ask = object(body);
    String name = ask.getString("provider");
    String model = ask.getString("model");
    String route = ask.getString("route");
    if (route != null && route.contains(",")) {
      name = route.substring(0, route.indexOf(','));
      model = route.substring(route.indexOf(',') + 1);
    }
    ProviderConfig provider = provider(router, name);
    if (model == null || model.isBlank()) {
      if (provider.models().isEmpty()) throw new InvalidRequestException("give a model: provider " + name + " lists none");
      model = provider.models().get(0);
    }
    JsonObject request = JsonObject.builder().put("model", name + "," + model).put("max_tokens", 16)
        .put("messages", JsonArray.of(JsonObject.builder().put("role", "user").put("content", "Say ok.").build())).build();
    long start = System.nanoTime();
    JsonObject.Builder out = JsonObject.builder().put("provider", name).put("model", model);
    try {
      router.probe(AnthropicJson.request(request), Route.of(name, model, "test", "provider test from the management API"));
      out.put("ok", true).put("status", 200);
    } catch (CcrException e) {
      out.put("ok", false).put("status", e.status()).put("error", hideKeys(e.getMessage(), provider));
    }
    return out.put("latencyMs", (System.nanoTime() - start) / 1_000_000).build();
  }

  /** {@code {"provider", "models": [ids], "configured": [models]}}; 502 when the provider's list cannot be had. */
  static JsonObject models(ClaudeCodeRouter router, String name) {
    ProviderConfig provider = provider(router, name);
    String url = modelsUrl(provider.apiBaseUrl());
    if (url == null) throw new CcrException(404, "not_found_error", "provider " + name + " has no api_base_url to ask for models");
    Request.Builder request = new Request.Builder().url(url);
    String key = provider.apiKeys().isEmpty() ? null : provider.apiKeys().get(0);
    // only the header the provider's API reads: a key is not handed to a header another service may log
    String format = router.plugins().providerFor(provider).map(f -> f.name().toLowerCase(java.util.Locale.ROOT)).orElse("openai");
    if (format.equals("anthropic")) request.header("anthropic-version", "2023-06-01");
    if (key != null && !key.isBlank()) {
      if (format.equals("anthropic") && !"bearer".equalsIgnoreCase(provider.raw().getString("auth"))) request.header("x-api-key", key);
      else if (format.equals("gemini")) request.header("x-goog-api-key", key);
      else request.header("Authorization", "Bearer " + key);
    }
    List<JsonValue> ids = new ArrayList<>();
    try (Response r = HTTP.newCall(request.build()).execute()) {
      String text = r.body().string();
      if (!r.isSuccessful()) {
        throw new CcrException(502, "api_error", "the model list of " + name + " answered " + r.code() + ": "
            + hideKeys(text.length() > 300 ? text.substring(0, 300) : text, provider));
      }
      JsonValue tree = Json.parse(text);
      JsonArray list = tree instanceof JsonObject o ? (o.getArray("data") != null ? o.getArray("data") : o.getArray("models"))
          : tree instanceof JsonArray a ? a : null;
      if (list == null) throw new CcrException(502, "api_error", "the model list of " + name + " is not in a known shape");
      for (JsonValue v : list.elements()) {
        String id = v instanceof JsonObject m ? (m.getString("id") != null ? m.getString("id") : m.getString("name"))
            : v instanceof JsonString s ? s.value() : null;
        if (id != null) ids.add(JsonString.of(id.startsWith("models/") ? id.substring(7) : id));
      }
    } catch (IOException | IllegalArgumentException e) {
      throw new CcrException(502, "api_error", "cannot read the model list of " + name + ": " + hideKeys(String.valueOf(e.getMessage()), provider));
    }
    return JsonObject.builder().put("provider", name).put("models", JsonArray.of(ids))
        .put("configured", JsonArray.of(provider.models().stream().map(JsonString::of).toList())).build();
  }

  /** Where an API lists its models: beside {@code /v1/...} (OpenAI, Anthropic and most compatible ones), else {@code /v1/models} at the host. */
  static String modelsUrl(String base) {
    if (base == null || base.isBlank()) return null;
    int v = base.indexOf("/v1");
    if (v >= 0) return base.substring(0, v) + "/v1/models";
    String s = base.replaceAll("/chat/completions/?$", "").replaceAll("/+$", "");
    if (!s.equals(base.replaceAll("/+$", ""))) return s + "/models";
    java.net.URI uri = java.net.URI.create(base);
    return uri.getScheme() + "://" + uri.getRawAuthority() + "/v1/models";
  }

  private static ProviderConfig provider(ClaudeCodeRouter router, String name) {
    if (name == null || name.isBlank()) throw new InvalidRequestException("give the provider by name");
    return router.config().provider(name).orElseThrow(() -> new CcrException(404, "not_found_error",
        "no provider named " + name));
  }

  private static JsonObject object(byte[] body) {
    try {
      if (Json.parse(new String(body, StandardCharsets.UTF_8)) instanceof JsonObject o) return o;
    } catch (RuntimeException e) {
      // said below
    }
    throw new InvalidRequestException("the body must be a JSON object such as {\"provider\": \"NAME\", \"model\": \"MODEL\"}");
  }

  /** The text with the provider's keys cut out, should an upstream error echo them. */
  private static String hideKeys(String text, ProviderConfig provider) {
    if (text == null) return null;
    for (String k : provider.apiKeys()) {
      if (k != null && k.length() >= 4) text = text.replace(k, dev.ccr.internal.Redaction.REDACTED);
    }
    return text;
  }
}
