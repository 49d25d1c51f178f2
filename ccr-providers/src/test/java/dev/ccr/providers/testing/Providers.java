package dev.ccr.providers.testing;

import dev.ccr.config.CcrConfig;
import dev.ccr.config.ProviderConfig;
import dev.ccr.json.JsonObject;
import dev.ccr.model.AnthropicJson;
import dev.ccr.model.MessagesRequest;
import dev.ccr.routing.Route;
import dev.ccr.spi.PluginRegistry;
import dev.ccr.spi.Provider;
import dev.ccr.spi.UpstreamRequest;

/** Builds a provider from a config.json entry, as ccr does, to look at what it would send. */
public final class Providers {
  public static final PluginRegistry PLUGINS = PluginRegistry.discover(Providers.class.getClassLoader());

  private Providers() {}

  public static Provider provider(String entry) {
    CcrConfig config = CcrConfig.parse("{Providers: [" + entry + "], Router: {}}");
    ProviderConfig pc = config.providers().get(0);
    Provider.Factory f = PLUGINS.providerFor(pc).orElseThrow();
    return f.create(pc.apiBaseUrl() != null ? pc : pc.withApiBaseUrl(f.defaultBaseUrl(pc)));
  }

  public static UpstreamRequest prepare(String entry, String model, String anthropicRequest) {
    MessagesRequest r = AnthropicJson.readRequest(anthropicRequest);
    return provider(entry).prepare(r.withModel(model), Route.of("p", model, "default", "test"));
  }

  public static JsonObject body(String entry, String model, String anthropicRequest) {
    return prepare(entry, model, anthropicRequest).body();
  }
}
