package dev.ccr.providers.vertex;

import dev.ccr.config.ProviderConfig;
import dev.ccr.config.TransformerUse;
import dev.ccr.json.JsonObject;
import dev.ccr.json.JsonString;
import java.util.function.LongSupplier;
import okhttp3.OkHttpClient;

/**
 * Tokens for a service account key written into the entry's {@code use} list, as the original's
 * {@code vertex-openai} takes it: {@code ["vertex-openai", {"client_email": ..., "private_key": ...}]}.
 * The key is read from the options on every fetch: it is small, and never kept outside the config.
 */
final class InlineKeyTokens implements TokenSource {
  private final String source;
  private final JsonObject options;
  private final OkHttpClient http;
  private final LongSupplier epochSeconds;

  private InlineKeyTokens(String source, JsonObject options, OkHttpClient http, LongSupplier epochSeconds) {
    this.source = source;
    this.options = options;
    this.http = http;
    this.epochSeconds = epochSeconds;
  }

  /** The tokens of {@code config}'s inline key; null when no {@code use} entry carries a {@code private_key}. */
  static InlineKeyTokens of(ProviderConfig config, OkHttpClient http, LongSupplier epochSeconds) {
    for (TransformerUse u : config.use()) {
      if (u.options() instanceof JsonObject o && o.has("private_key")) {
        return new InlineKeyTokens("the service account key in the \"" + u.name() + "\" options", o, http, epochSeconds);
      }
    }
    return null;
  }

  /** The key; a {@link CredentialsException} naming what is wrong when it is unusable. */
  ServiceAccountKey key() {
    // The original's options carry no "type": a private key and an email are a service account's.
    JsonObject json = options.has("type") ? options : options.with("type", JsonString.of("service_account"));
    return ServiceAccountKey.of(source, json);
  }

  /** The {@code project_id} the options give, or null. */
  String projectId() {
    return options.getString("project_id");
  }

  @Override
  public Token fetch() {
    return key().exchange(http, epochSeconds.getAsLong());
  }

  @Override
  public String toString() {
    return "InlineKeyTokens[" + source + "]";
  }
}
