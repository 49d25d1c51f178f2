package dev.ccr.providers.vertex;

import okhttp3.OkHttpClient;
import okhttp3.Request;

/** Tokens of the machine's default service account, from the Google Cloud metadata server. */
final class MetadataServerTokens implements TokenSource {
  static final String HOST = "metadata.google.internal";
  static final String PATH = "/computeMetadata/v1/instance/service-accounts/default/token";

  private final String url;
  private final OkHttpClient http;

  MetadataServerTokens(String host, OkHttpClient http) {
    this.url = "http://" + host + PATH;
    this.http = http;
  }

  @Override
  public Token fetch() {
    // The header proves the call is meant for the metadata server; it refuses calls without it.
    Request request = new Request.Builder().url(url).header("Metadata-Flavor", "Google").get().build();
    return TokenReply.read(http, request, "from the metadata server (no \"credentials\" in the entry and "
        + CREDENTIALS_VARIABLE + " is not set)", url, null, true);
  }

  @Override
  public String toString() {
    return "MetadataServerTokens[" + url + "]";
  }
}
