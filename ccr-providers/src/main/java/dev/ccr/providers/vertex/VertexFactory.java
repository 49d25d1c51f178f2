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
  private final Function<String, String> env;
  private final Clock clock;
  private final OkHttpClient http;
  private final LongSupplier epochSeconds;

  VertexFactory() {
    this(System::getenv, Clock.SYSTEM, TokenHttp.CLIENT, () -> System.currentTimeMillis() / 1000);
  }

  /** For tests: another environment, clock, token client and wall clock. */
  VertexFactory(Function<String, String> env, Clock clock, OkHttpClient http, LongSupplier epochSeconds) {
    this.env = env;
    this.clock = clock;
    this.http = http;
    this.epochSeconds = epochSeconds;
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
    return create(config, VertexEndpoint.of(config, env),
        new AccessTokens(TokenSource.of(config, env, http, epochSeconds), clock));
  }

  abstract Provider create(ProviderConfig config, VertexEndpoint endpoint, AccessTokens tokens);

  /** One client for every entry's token calls: short timeouts, as a token answer is small. */
  private static final class TokenHttp {
    static final OkHttpClient CLIENT = new OkHttpClient.Builder().connectTimeout(Duration.ofSeconds(10))
        .readTimeout(Duration.ofSeconds(30)).callTimeout(Duration.ofSeconds(60)).build();
  }
}
