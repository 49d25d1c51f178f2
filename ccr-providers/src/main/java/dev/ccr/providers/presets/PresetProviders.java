package dev.ccr.providers.presets;

import dev.ccr.ConfigException;
import dev.ccr.config.ProviderConfig;
import dev.ccr.config.TransformerUse;
import dev.ccr.json.Json;
import dev.ccr.json.JsonArray;
import dev.ccr.json.JsonObject;
import dev.ccr.json.JsonValue;
import dev.ccr.providers.openai.OpenAiCompatibleProvider;
import dev.ccr.spi.Provider;
import dev.ccr.transformers.openai.ChatDialect;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * OpenAI-compatible services that need nothing but settings, from a table ({@code presets.json}):
 * default URL, dialect and the transformers each needs. An entry picks a preset by naming it in
 * its {@code use} list or as its {@code name}, or by pointing at its host; the user writes only
 * name, key and models.
 */
public final class PresetProviders {
  static final Map<String, Preset> PRESETS = load();

  private PresetProviders() {}

  /** One row of the table. */
  record Preset(String name, String url, Set<String> hosts, ChatDialect dialect, List<TransformerUse> use) {}

  private static Map<String, Preset> load() {
    try (InputStream in = PresetProviders.class.getResourceAsStream("presets.json")) {
      JsonObject table = (JsonObject) Json.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
      Map<String, Preset> out = new LinkedHashMap<>();
      table.members().forEach((name, v) -> out.put(name, preset(name, v.asObject())));
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Preset preset(String name, JsonObject o) {
    ChatDialect d = ChatDialect.DEFAULT;
    if (Boolean.TRUE.equals(o.getBoolean("topK"))) d = d.withTopK(true);
    if (Boolean.TRUE.equals(o.getBoolean("files"))) d = d.withFiles(true);
    if (Boolean.FALSE.equals(o.getBoolean("reasoningEffort"))) d = d.withReasoningEffort(false);
    if (o.getString("reasoningEcho") != null) d = d.withReasoningEcho(ChatDialect.ReasoningEcho.valueOf(o.getString("reasoningEcho")));
    List<TransformerUse> use = new ArrayList<>();
    JsonArray u = o.getArray("use");
    if (u != null) {
      for (JsonValue e : u.elements()) {
        if (e.asString() != null) use.add(TransformerUse.of(e.asString()));
        else use.add(new TransformerUse(e.asArray().get(0).asString(), e.asArray().size() > 1 ? e.asArray().get(1) : null));
      }
    }
    Set<String> hosts = Set.copyOf(o.getArray("hosts").elements().stream().map(JsonValue::asString).toList());
    return new Preset(name, o.getString("url"), hosts, d, List.copyOf(use));
  }

  /** The preset a config entry asks for, or null. */
  static Preset presetFor(ProviderConfig config) {
    for (TransformerUse u : config.use()) {
      Preset p = PRESETS.get(u.name().toLowerCase(Locale.ROOT));
      if (p != null) return p;
    }
    Preset byName = PRESETS.get(config.name().toLowerCase(Locale.ROOT));
    if (byName != null) return byName;
    for (Preset p : PRESETS.values()) {
      if (Provider.Factory.claims(p.hosts(), config.apiBaseUrl())) return p; // the registry's rule, so both agree
    }
    return null;
  }

  /** A preset's provider: the OpenAI-compatible one with the preset's dialect and transformers. */
  static final class PresetProvider extends OpenAiCompatibleProvider {
    private final Preset preset;

    PresetProvider(ProviderConfig config, Preset preset) {
      super(config, preset.dialect());
      this.preset = preset;
    }

    @Override
    public List<TransformerUse> transformers(String model) {
      return preset.use();
    }
  }

  /** Every preset name, as a {@code use} entry or an entry's name, and every preset host. */
  public static final class Factory implements Provider.Factory {
    @Override
    public String name() {
      return "presets";
    }

    @Override
    public Set<String> aliases() {
      return PRESETS.keySet();
    }

    @Override
    public Set<String> hosts() {
      Set<String> all = new java.util.HashSet<>();
      PRESETS.values().forEach(p -> all.addAll(p.hosts()));
      return all;
    }

    @Override
    public String defaultBaseUrl(ProviderConfig config) {
      Preset p = presetFor(config);
      return p == null ? null : p.url();
    }

    @Override
    public Provider create(ProviderConfig config) {
      Preset p = presetFor(config);
      if (p == null) throw new ConfigException("provider \"" + config.name() + "\" matches no preset; known: " + PRESETS.keySet());
      return new PresetProvider(config, p);
    }
  }
}
