package dev.ccr.cache;

import dev.ccr.config.CcrConfig;
import dev.ccr.config.ProviderConfig;
import dev.ccr.json.JsonNumber;
import dev.ccr.json.JsonObject;
import dev.ccr.json.JsonValue;
import java.time.Duration;
import java.util.List;

/**
 * {@code "cacheStrategy": "semantic-similarity"}'s settings in {@code caching}: {@code
 * similarityThreshold} (cosine, default 0.95), {@code maxEntriesPerContext} (default 32) and {@code
 * embedding}: {@code provider} (a {@code Providers} entry whose key is used and whose chat URL, less
 * {@code /chat/completions}, plus {@code /embeddings} is called), {@code model}, and optionally {@code
 * url} (another address, with the provider's key if one is named, else {@code api_key}) and {@code
 * timeoutMs} (default 2000).
 */
record SemanticSettings(double threshold, int perContext, String url, String model, String apiKey, Duration timeout) {
  static final double DEFAULT_THRESHOLD = 0.95;
  static final int DEFAULT_PER_CONTEXT = 32;
  static final long DEFAULT_TIMEOUT_MS = 2000;

  /** The settings in {@code caching}, or null with what is wrong added to {@code problems}. */
  static SemanticSettings parse(JsonObject caching, CcrConfig config, List<String> problems) {
    int before = problems.size();
    double threshold = DEFAULT_THRESHOLD;
    JsonValue t = caching.get("similarityThreshold");
    if (t != null) {
      if (t instanceof JsonNumber n && n.doubleValue() > 0 && n.doubleValue() <= 1) threshold = n.doubleValue();
      else problems.add("caching.similarityThreshold must be a number above 0 and at most 1, not " + t.toJson());
    }
    int perContext = DEFAULT_PER_CONTEXT;
    JsonValue p = caching.get("maxEntriesPerContext");
    if (p != null) {
      if (p instanceof JsonNumber n && n.isIntegral() && n.longValue() >= 1 && n.longValue() <= 256) perContext = n.intValue();
      // Every miss reads the whole list: 256 vectors of 1,536 dimensions are some 2 MB already.
      else problems.add("caching.maxEntriesPerContext must be a whole number from 1 to 256, not " + p.toJson());
    }
    JsonObject e = caching.getObject("embedding");
    if (e == null) {
      problems.add("caching.cacheStrategy \"semantic-similarity\" needs caching.embedding: {\"provider\": \"<a Providers"
          + " entry serving POST /v1/embeddings>\", \"model\": \"text-embedding-3-small\"}");
      return null;
    }
    String model = e.getString("model");
    if (model == null || model.isBlank()) problems.add("caching.embedding.model must name the embeddings model");
    String url = e.getString("url");
    String apiKey = e.getString("api_key");
    String providerName = e.getString("provider");
    if (providerName != null) {
      ProviderConfig provider = config.provider(providerName).orElse(null);
      if (provider == null) {
        problems.add("caching.embedding.provider \"" + providerName + "\" is not in Providers");
      } else {
        // The provider's key goes only to the provider's own host: an explicit url gets the explicit api_key.
        if (apiKey == null && url == null && !provider.apiKeys().isEmpty()) apiKey = provider.apiKeys().get(0);
        if (url == null) {
          url = OpenAiEmbeddings.urlFor(provider.apiBaseUrl());
          if (url == null) {
            problems.add("caching.embedding.url is needed: provider \"" + providerName + "\"'s api_base_url does not end"
                + " in /chat/completions, so ccr cannot tell where its /embeddings is");
          }
        }
      }
    } else if (url == null) {
      problems.add("caching.embedding needs a provider (a Providers entry) or a url");
    }
    if (url != null && !(url.startsWith("http://") || url.startsWith("https://"))) {
      problems.add("caching.embedding.url must be an http(s) URL");
    }
    long timeoutMs = DEFAULT_TIMEOUT_MS;
    JsonValue to = e.get("timeoutMs");
    if (to != null) {
      if (to instanceof JsonNumber n && n.isIntegral() && n.longValue() > 0) timeoutMs = n.longValue();
      else problems.add("caching.embedding.timeoutMs must be a whole number of milliseconds above 0, not " + to.toJson());
    }
    if (problems.size() > before) return null;
    return new SemanticSettings(threshold, perContext, url, model, apiKey, Duration.ofMillis(timeoutMs));
  }

  @Override
  public String toString() { // never the key
    return "SemanticSettings[threshold=" + threshold + ", perContext=" + perContext + ", url=" + url + ", model=" + model
        + ", timeout=" + timeout + "]";
  }
}
