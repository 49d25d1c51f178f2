package dev.ccr.providers.vertex;

import java.nio.file.Path;
import java.util.function.LongSupplier;
import okhttp3.FormBody;
import okhttp3.OkHttpClient;
import okhttp3.Request;

/**
 * Tokens for a service account key: an RS256 JWT signed with its private key, exchanged at its
 * {@code token_uri} (the OAuth 2.0 JWT bearer grant). The file is read on every fetch, so a key
 * replaced on disk is picked up at the next refresh.
 */
final class ServiceAccountTokens implements TokenSource {
  static final String GRANT_TYPE = "urn:ietf:params:oauth:grant-type:jwt-bearer";

  private final Path file;
  private final OkHttpClient http;
  private final LongSupplier epochSeconds;

  ServiceAccountTokens(Path file, OkHttpClient http, LongSupplier epochSeconds) {
    this.file = file;
    this.http = http;
    this.epochSeconds = epochSeconds;
  }

  @Override
  public Token fetch() {
    ServiceAccountKey key = ServiceAccountKey.read(file);
    String assertion = key.assertion(SCOPE, epochSeconds.getAsLong());
    Request request = new Request.Builder().url(key.tokenUri())
        .post(new FormBody.Builder().add("grant_type", GRANT_TYPE).add("assertion", assertion).build()).build();
    return TokenReply.read(http, request, "with the credentials file " + file + " (service account "
        + key.clientEmail() + ")", key.tokenUri(), assertion, false);
  }

  @Override
  public String toString() {
    return "ServiceAccountTokens[" + file + "]";
  }
}
