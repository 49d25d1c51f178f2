package dev.ccr.cache;

import dev.ccr.config.ProviderConfig;
import dev.ccr.config.TransformerUse;
import dev.ccr.json.Json;
import dev.ccr.json.JsonArray;
import dev.ccr.json.JsonBoolean;
import dev.ccr.json.JsonObject;
import dev.ccr.json.JsonString;
import dev.ccr.json.JsonValue;
import dev.ccr.model.AnthropicJson;
import dev.ccr.model.ContentBlock;
import dev.ccr.model.Message;
import dev.ccr.model.MessagesRequest;
import dev.ccr.model.ToolResultBlock;
import dev.ccr.routing.Route;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a cache key is made of: a request's members that decide its answer (less {@code metadata}
 * and {@code cache_control} hints, members sorted) with who asks and what answers, hashed.
 */
final class RequestScope {
  private RequestScope() {}

  /** {@code prefix} and the hash of {@code members} in canonical form. */
  static String key(String prefix, Map<String, JsonValue> members) {
    return prefix + sha256(Json.write(canonical(JsonObject.of(members))));
  }

  /** The request's members that decide its answer, with who asks and what answers (see {@link ResponseCache#keyFor}). */
  static Map<String, JsonValue> of(MessagesRequest request, Route route, Map<String, String> clientHeaders,
      ProviderConfig provider) {
    JsonObject tree = AnthropicJson.toTree(request);
    Map<String, JsonValue> members = new TreeMap<>(tree.members());
    JsonValue user = tree.getObject("metadata") == null ? null : tree.getObject("metadata").get("user_id");
    members.remove("metadata");
    members.put("stream", JsonBoolean.of(request.isStream())); // a stream is replayed as one, a message as one
    members.put("ccr_route", JsonString.of(route.target()));
    if (user != null) members.put("ccr_user", user);
    String clientKey = clientHeaders.get(ResponseCache.CLIENT_KEY);
    if (clientKey != null) members.put("ccr_client", JsonString.of(sha256(clientKey)));
    for (String h : List.of("anthropic-beta", "anthropic-version")) {
      if (clientHeaders.get(h) != null) members.put("ccr_" + h, JsonString.of(clientHeaders.get(h)));
    }
    if (provider != null) members.put("ccr_provider", JsonString.of(sha256(providerDigest(provider))));
    return members;
  }

  /** Everything of a provider entry that shapes an answer: the raw entry, URL and transformer chains with options. */
  private static String providerDigest(ProviderConfig p) {
    StringBuilder b = new StringBuilder(p.name()).append('\n').append(p.apiBaseUrl()).append('\n');
    b.append(Json.write(canonical(p.raw()))).append('\n');
    for (TransformerUse u : p.use()) b.append(u.name()).append(Json.write(canonical(u.options()))).append(';');
    new TreeMap<>(p.modelUse()).forEach((model, uses) -> {
      b.append('\n').append(model).append(':');
      for (TransformerUse u : uses) b.append(u.name()).append(Json.write(canonical(u.options()))).append(';');
    });
    return b.toString();
  }

  static String sha256(String text) {
    try {
      byte[] d = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(d);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e); // every JDK has SHA-256
    }
  }

  static boolean carriesToolResults(MessagesRequest request) {
    for (Message m : request.messages()) {
      for (ContentBlock b : m.content().blocks()) if (b instanceof ToolResultBlock) return true;
    }
    return false;
  }

  /** Object members sorted, {@code cache_control} hints left out, at every depth. */
  static JsonValue canonical(JsonValue v) {
    if (v instanceof JsonObject o) {
      Map<String, JsonValue> out = new LinkedHashMap<>();
      new TreeMap<>(o.members()).forEach((k, x) -> {
        if (!k.equals("cache_control")) out.put(k, canonical(x));
      });
      return JsonObject.of(out);
    }
    if (v instanceof JsonArray a) {
      List<JsonValue> out = new ArrayList<>(a.size());
      for (JsonValue x : a.elements()) out.add(canonical(x));
      return JsonArray.of(out);
    }
    return v;
  }
}
