package dev.ccr.config;

import dev.ccr.json.JsonObject;
import java.util.List;
import java.util.Map;

/**
 * One entry of {@code Providers}: where it is, its key, its models and the transformers to use,
 * for all models and per model. {@code raw} is the whole entry with {@code $VAR}s filled in, for
 * provider-specific options. {@code unsetKeyVariables} lists the variables its key names that were
 * not set: such a provider is never called with the literal text, it fails with an error naming them.
 */
public record ProviderConfig(
    String name,
    String apiBaseUrl,
    String apiKey,
    List<String> models,
    List<TransformerUse> use,
    Map<String, List<TransformerUse>> modelUse,
    JsonObject raw,
    List<String> unsetKeyVariables) {

  public ProviderConfig {
    unsetKeyVariables = unsetKeyVariables == null ? List.of() : List.copyOf(unsetKeyVariables);
    models = List.copyOf(models);
    use = List.copyOf(use);
    modelUse = Map.copyOf(modelUse);
    raw = raw == null ? JsonObject.of() : raw;
  }

  public ProviderConfig(String name, String apiBaseUrl, String apiKey, List<String> models, List<TransformerUse> use,
      Map<String, List<TransformerUse>> modelUse, JsonObject raw) {
    this(name, apiBaseUrl, apiKey, models, use, modelUse, raw, List.of());
  }

  /**
   * Every key of the entry: {@code api_keys} (a pool that requests rotate over) when given, else
   * {@code api_key}; empty when it needs none.
   */
  public List<String> apiKeys() {
    dev.ccr.json.JsonArray pool = raw.getArray("api_keys");
    if (pool != null && !pool.isEmpty()) {
      List<String> keys = new java.util.ArrayList<>();
      for (dev.ccr.json.JsonValue k : pool.elements()) {
        if (k.asString() != null && !k.asString().isEmpty()) keys.add(k.asString());
      }
      if (!keys.isEmpty()) return List.copyOf(keys);
    }
    return apiKey == null ? List.of() : List.of(apiKey);
  }

  /** This entry with another key, for one call from a key pool. */
  public ProviderConfig withApiKey(String key) {
    return new ProviderConfig(name, apiBaseUrl, key, models, use, modelUse, raw, unsetKeyVariables);
  }

  /** This entry with its endpoint filled in, for plug-ins that know their default URL. */
  public ProviderConfig withApiBaseUrl(String url) {
    return new ProviderConfig(name, url, apiKey, models, use, modelUse, raw, unsetKeyVariables);
  }

  /** The transformers for {@code model}: the provider's, then the model's own. */
  public List<TransformerUse> transformersFor(String model) {
    List<TransformerUse> own = modelUse.get(model);
    if (own == null || own.isEmpty()) return use;
    if (use.isEmpty()) return own;
    return java.util.stream.Stream.concat(use.stream(), own.stream()).toList();
  }

  /** True when {@code name} is in the provider's {@code use} list (any case). */
  public boolean uses(String name) {
    for (TransformerUse u : use) {
      if (u.name().equalsIgnoreCase(name)) return true;
    }
    return false;
  }

  public boolean hasModel(String model) {
    return models.contains(model);
  }

  /** Never shows the key. */
  @Override
  public String toString() {
    return "ProviderConfig[name=" + name + ", apiBaseUrl=" + apiBaseUrl + ", apiKey="
        + (apiKey == null ? "none" : "<redacted>") + ", models=" + models + ", use="
        + use.stream().map(TransformerUse::name).toList() + "]";
  }
}
