package dev.ccr.server;

import com.sun.net.httpserver.Headers;
import dev.ccr.config.CcrConfig;
import dev.ccr.config.ProviderConfig;
import dev.ccr.json.JsonArray;
import dev.ccr.json.JsonObject;
import dev.ccr.json.JsonValue;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code GET /v1/models}: every configured {@code provider,model}, in the shape of the client's own
 * API. Anthropic's SDKs and Claude Code always send {@code anthropic-version}; OpenAI's SDKs never
 * do, and always send their key as {@code Authorization: Bearer}. So a Bearer request without
 * {@code anthropic-version} or {@code x-api-key} gets OpenAI's list; every other request
 * (curl included) keeps Anthropic's, as before.
 */
final class ModelList {
  private ModelList() {}

  /** The paths it serves: {@code /models} too, for an OpenAI SDK given a base URL without {@code /v1}. */
  static boolean serves(String path) {
    return path.equals("/v1/models") || path.equals("/models");
  }

  static JsonObject answer(CcrConfig config, Headers request) {
    return isOpenAiClient(request) ? openAi(config) : anthropic(config);
  }

  static boolean isOpenAiClient(Headers request) {
    String auth = request.getFirst("Authorization");
    return request.getFirst("anthropic-version") == null && request.getFirst("x-api-key") == null
        && auth != null && auth.regionMatches(true, 0, "Bearer ", 0, 7);
  }

  /** Anthropic's page: {@code data} of {@code model} objects, {@code has_more}, {@code first_id}, {@code last_id}. */
  static JsonObject anthropic(CcrConfig config) {
    List<JsonValue> data = new ArrayList<>();
    for (ProviderConfig p : config.providers()) {
      for (String m : p.models()) {
        data.add(JsonObject.builder().put("type", "model").put("id", p.name() + "," + m)
            .put("display_name", p.name() + " " + m).put("created_at", "1970-01-01T00:00:00Z").build());
      }
    }
    JsonObject.Builder b = JsonObject.builder().put("data", JsonArray.of(data)).put("has_more", false);
    if (!data.isEmpty()) {
      b.put("first_id", data.get(0).asObject().get("id")).put("last_id", data.get(data.size() - 1).asObject().get("id"));
    }
    return b.build();
  }

  /** OpenAI's list: {@code object: "list"} and {@code model} objects owned by their provider. */
  static JsonObject openAi(CcrConfig config) {
    List<JsonValue> data = new ArrayList<>();
    for (ProviderConfig p : config.providers()) {
      for (String m : p.models()) {
        data.add(JsonObject.builder().put("id", p.name() + "," + m).put("object", "model").put("created", 0)
            .put("owned_by", p.name()).build());
      }
    }
    return JsonObject.builder().put("object", "list").put("data", JsonArray.of(data)).build();
  }
}
