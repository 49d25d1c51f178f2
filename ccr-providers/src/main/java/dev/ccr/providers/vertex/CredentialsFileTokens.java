package dev.ccr.providers.vertex;

import dev.ccr.json.JsonObject;
import java.nio.file.Path;
import java.util.function.LongSupplier;
import okhttp3.FormBody;
import okhttp3.OkHttpClient;
import okhttp3.Request;

/**
 * Tokens for a credentials file, as Google's libraries read one: a service account key signs an
 * RS256 JWT that its {@code token_uri} exchanges (the OAuth 2.0 JWT bearer grant); gcloud's user
 * credentials ({@code gcloud auth application-default login}) trade their refresh token. The file
 * is read on every fetch, so one replaced on disk is picked up at the next refresh.
 */
final class CredentialsFileTokens implements TokenSource {
  private final Path file;
  private final OkHttpClient http;
  private final LongSupplier epochSeconds;

  CredentialsFileTokens(Path file, OkHttpClient http, LongSupplier epochSeconds) {
    this.file = file;
    this.http = http;
    this.epochSeconds = epochSeconds;
  }

  @Override
  public Token fetch() {
    JsonObject json = ServiceAccountKey.readJson(file);
    if ("authorized_user".equals(json.getString("type"))) return userTokens(json);
    return ServiceAccountKey.of("the Google credentials file " + file, json).exchange(http, epochSeconds.getAsLong());
  }

  private Token userTokens(JsonObject json) {
    String id = json.getString("client_id");
    String secret = json.getString("client_secret");
    String refresh = json.getString("refresh_token");
    if (id == null || secret == null || refresh == null) {
      throw new CredentialsException(401, "the Google credentials file " + file
          + " lacks client_id, client_secret or refresh_token");
    }
    String tokenUri = json.getString("token_uri");
    if (tokenUri == null || tokenUri.isBlank()) tokenUri = ServiceAccountKey.DEFAULT_TOKEN_URI;
    Request request = new Request.Builder().url(tokenUri).post(new FormBody.Builder().add("grant_type", "refresh_token")
        .add("client_id", id).add("client_secret", secret).add("refresh_token", refresh).build()).build();
    return TokenReply.read(http, request, "with the user credentials file " + file + " (run gcloud auth"
        + " application-default login again if they were revoked)", tokenUri, refresh, false);
  }

  @Override
  public String toString() {
    return "CredentialsFileTokens[" + file + "]";
  }
}
