package dev.ccr.providers.openai;

import dev.ccr.config.ProviderConfig;
import dev.ccr.json.JsonObject;
import dev.ccr.json.JsonValue;
import dev.ccr.model.MessagesRequest;
import dev.ccr.model.MessagesResponse;
import dev.ccr.routing.Route;
import dev.ccr.spi.Provider;
import dev.ccr.spi.StreamDecoder;
import dev.ccr.spi.UpstreamRequest;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * An OpenAI API at one URL with Bearer auth, in whichever of its request formats (Chat
 * Completions, Responses): a subclass says only the endpoint's path, the format, how to write the
 * body and which decoders read the answer.
 */
public abstract class OpenAiApiProvider implements Provider {
  protected final ProviderConfig config;
  private final String format;
  private final String url;
  private final BiFunction<JsonValue, Route, MessagesResponse> responses;
  private final Function<Route, StreamDecoder> streams;

  /**
   * {@code path} is the endpoint's, such as {@code /chat/completions}; {@code format} the body's
   * wire format; {@code responses} reads a whole answer and {@code streams} makes a stream's decoder.
   */
  protected OpenAiApiProvider(ProviderConfig config, String format, String path,
      BiFunction<JsonValue, Route, MessagesResponse> responses, Function<Route, StreamDecoder> streams) {
    this.config = config;
    this.format = format;
    this.url = endpointUrl(config.apiBaseUrl(), path);
    this.responses = responses;
    this.streams = streams;
  }

  /**
   * The endpoint for a configured URL: as given (without a trailing slash) when its path ends in
   * {@code path}; else with {@code path} added, after {@code /v1} when the URL is only a host.
   */
  public static String endpointUrl(String base, String path) {
    String trimmed = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
    String p = URI.create(trimmed).getPath();
    if (p != null && p.endsWith(path)) return trimmed;
    if (p == null || p.isEmpty()) return trimmed + "/v1" + path;
    return trimmed + path;
  }

  /** The body that carries {@code request} for {@code route}, in this API's format. */
  protected abstract JsonObject body(MessagesRequest request, Route route);

  @Override
  public final UpstreamRequest prepare(MessagesRequest request, Route route) {
    Map<String, String> headers = new LinkedHashMap<>();
    if (config.apiKey() != null) headers.put("Authorization", "Bearer " + config.apiKey());
    return new UpstreamRequest(format, url, headers, body(request, route), request.isStream());
  }

  @Override
  public MessagesResponse readResponse(JsonValue body, Route route) {
    return responses.apply(body, route);
  }

  @Override
  public StreamDecoder newStreamDecoder(Route route) {
    return streams.apply(route);
  }
}
