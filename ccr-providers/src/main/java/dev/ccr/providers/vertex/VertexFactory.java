package dev.ccr.providers.vertex;

import dev.ccr.config.ProviderConfig;
import dev.ccr.engine.Clock;
import dev.ccr.spi.Provider;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.LongSupplier;
import okhttp3.OkHttpClient;

/**
 * What the Vertex AI providers share: project and location from the entry or the environment,
 * checked when the config is read, and Google credentials behind a token cache. No host is
 * claimed: existing configs also reach the OpenAI-compatible endpoint with the {@code openai}
 * provider and a token as {@code api_key}; {@code vertex-openai} is chosen only by name.
 */
abstract class VertexFactory implements Provider.Factory {
  /** Makes one kind's provider. */
  interface Kind {
    Provider create(ProviderConfig config, VertexEndpoint endpoint, AccessTokens tokens);
  }

  private final String name;
  private final Kind kind;
  private final Function<String, String> env;
  private final Clock clock;
  private final OkHttpClient http;
  private final LongSupplier epochSeconds;

  VertexFactory(String name, Kind kind) {
    this(name, kind, System::getenv, Clock.SYSTEM, TokenHttp.CLIENT, () -> System.currentTimeMillis() / 1000);
  }

  /** For tests: another environment, clock, token client and wall clock. */
  VertexFactory(String name, Kind kind, Function<String, String> env, Clock clock, OkHttpClient http,
      LongSupplier epochSeconds) {
    this.name = name;
    this.kind = kind;
    this.env = env;
    this.clock = clock;
    this.http = http;
    this.epochSeconds = epochSeconds;
  }

  /** The name a {@code use} list or the entry's own name gives. */
  @Override
  public final String name() {
    return name;
  }

  @Override
  public String defaultBaseUrl(ProviderConfig config) {
    return VertexEndpoint.defaultBase(VertexEndpoint.location(config, env));
  }

  @Override
  public List<String> problems(ProviderConfig config) {
    List<String> problems = new ArrayList<>(VertexEndpoint.problems(config, env));
    problems.addAll(TokenSource.problems(config, env));
    return problems;
  }

  @Override
  public Provider create(ProviderConfig config) {
    return kind.create(config, VertexEndpoint.of(config, env),
        new AccessTokens(TokenSource.of(config, env, http, epochSeconds), clock));
  }

  /** One client for every entry's token calls: short timeouts, as a token answer is small. */
  private static final class TokenHttp {
    static final OkHttpClient CLIENT = new OkHttpClient.Builder().connectTimeout(Duration.ofSeconds(10))
        .readTimeout(Duration.ofSeconds(30)).callTimeout(Duration.ofSeconds(60)).build();
  }
}
