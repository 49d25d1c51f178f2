package dev.ccr.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ccr.ConfigException;
import dev.ccr.json.JsonValue;
import dev.ccr.testing.AnthropicShapedProvider;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PluginRegistryTest {
  @TempDir Path dir;

  /** A class loader whose META-INF/services lists {@code classes} as transformer factories. */
  private ClassLoader servicesListing(String... classes) throws Exception {
    Path services = dir.resolve("META-INF/services");
    Files.createDirectories(services);
    Files.writeString(services.resolve(Transformer.Factory.class.getName()), String.join("\n", classes) + "\n");
    return new URLClassLoader(new URL[] {dir.toUri().toURL()}, getClass().getClassLoader());
  }

  @Test
  void discoversFactoriesAndLooksThemUpIgnoringCase() throws Exception {
    PluginRegistry registry = PluginRegistry.discover(servicesListing(Shout.class.getName()));

    assertThat(registry.transformer("SHOUT")).get().isInstanceOf(Shout.class);
    assertThat(registry.transformer("whisper")).isEmpty();
    assertThat(registry.useNames()).contains("shout");
  }

  @Test
  void brokenPluginIsSkippedAndTheRestStillLoad() throws Exception {
    PluginRegistry registry = PluginRegistry.discover(servicesListing(
        Broken.class.getName(), "com.example.DoesNotExist", Nameless.class.getName(), Shout.class.getName()));

    assertThat(registry.transformer("shout")).isPresent();
    assertThat(registry.useNames()).containsExactly("shout");
  }

  @Test
  void twoPluginsClaimingOneNameIsAnErrorNamingBoth() throws Exception {
    ClassLoader loader = servicesListing(Shout.class.getName(), LoudShout.class.getName());

    assertThatThrownBy(() -> PluginRegistry.discover(loader))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("\"shout\"")
        .hasMessageContaining(Shout.class.getName())
        .hasMessageContaining(LoudShout.class.getName());
  }

  @Test
  void explicitRegistrationWinsOverDiscovery() throws Exception {
    LoudShout mine = new LoudShout();
    PluginRegistry registry = PluginRegistry.builder()
        .classLoader(servicesListing(Shout.class.getName()))
        .transformer(mine)
        .build();

    assertThat(registry.transformer("shout")).containsSame(mine);
  }

  @Test
  void twoExplicitRegistrationsOfOneNameAreAnError() {
    assertThatThrownBy(() -> PluginRegistry.builder().discover(false)
            .transformer(new Shout()).transformer(new LoudShout()).build())
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(LoudShout.class.getName());
  }

  @Test
  void providerIsFoundByHostWhenOnlyOneClaimsIt() {
    Provider.Factory router = hostFactory("openrouter", "openrouter.ai");
    Provider.Factory other = hostFactory("other", "example.com");
    Provider.Factory rival = hostFactory("rival", "example.com");
    PluginRegistry registry = PluginRegistry.builder().discover(false)
        .provider(router).provider(other).provider(rival).provider(AnthropicShapedProvider.factory("plain")).build();

    assertThat(registry.providerForUrl("https://openrouter.ai/api/v1/chat/completions")).containsSame(router);
    assertThat(registry.providerForUrl("https://eu.openrouter.ai/v1")).containsSame(router);
    assertThat(registry.providerForUrl("https://api.example.com/v1")).as("ambiguous").isEmpty();
    assertThat(registry.providerForUrl("http://localhost:1234/v1")).isEmpty();
  }

  @Test
  void aPathEndingClaimWinsOverTheEntrysNameAndHost() {
    Provider.Factory chat = hostFactory("openai", "api.openai.com");
    Provider.Factory responses = pathFactory("responses", "/responses");
    PluginRegistry registry = PluginRegistry.builder().discover(false).provider(chat).provider(responses).build();

    assertThat(registry.providerFor(entry("openai", "https://api.openai.com/v1/responses"))).containsSame(responses);
    assertThat(registry.providerFor(entry("openai", "https://api.openai.com/v1/RESPONSES/"))).containsSame(responses);
    assertThat(registry.providerFor(entry("x", "https://api.openai.com/v1/chat/completions"))).containsSame(chat);
    assertThat(registry.providerFor(entry("openai", "https://api.openai.com/v1/responses-old"))).containsSame(chat);
    assertThat(registry.providerFor(dev.ccr.config.CcrConfig.parse("{Providers: [{name: 'x', api_base_url: "
        + "'https://h/v1/responses', models: ['m'], transformer: {use: ['openai']}}]}").providers().get(0)))
        .as("a use entry still names the provider").containsSame(chat);
  }

  @Test
  void twoProvidersClaimingOnePathEndingClaimNeither() {
    Provider.Factory a = pathFactory("a", "/responses");
    Provider.Factory b = pathFactory("b", "/v1/responses");
    PluginRegistry registry = PluginRegistry.builder().discover(false).provider(a).provider(b).build();

    assertThat(registry.providerForPath("https://h/v1/responses")).as("ambiguous").isEmpty();
    assertThat(registry.providerForPath("https://h/api/responses")).containsSame(a);
    assertThat(registry.providerForPath("not a url at all")).isEmpty();
  }

  private static dev.ccr.config.ProviderConfig entry(String name, String url) {
    return dev.ccr.config.CcrConfig.parse("{Providers: [{name: '" + name + "', api_base_url: '" + url
        + "', models: ['m']}]}").providers().get(0);
  }

  private static Provider.Factory pathFactory(String name, String ending) {
    return claiming(name, Set.of(), Set.of(ending));
  }

  private static Provider.Factory hostFactory(String name, String host) {
    return claiming(name, Set.of(host), Set.of());
  }

  /** A provider factory named {@code name} that claims URLs on {@code hosts} or ending in {@code endings}. */
  private static Provider.Factory claiming(String name, Set<String> hosts, Set<String> endings) {
    Provider.Factory base = AnthropicShapedProvider.factory(name);
    return new Provider.Factory() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public Set<String> hosts() {
        return hosts;
      }

      @Override
      public Set<String> pathEndings() {
        return endings;
      }

      @Override
      public Provider create(dev.ccr.config.ProviderConfig config) {
        return base.create(config);
      }
    };
  }

  public static class Shout implements Transformer.Factory {
    @Override
    public String name() {
      return "shout";
    }

    @Override
    public Transformer create(JsonValue options) {
      return chain -> chain.proceed(chain.request());
    }
  }

  public static class LoudShout extends Shout {}

  public static class Broken extends Shout {
    public Broken() {
      throw new IllegalStateException("cannot start");
    }
  }

  public static class Nameless extends Shout {
    @Override
    public String name() {
      return null;
    }
  }
}
