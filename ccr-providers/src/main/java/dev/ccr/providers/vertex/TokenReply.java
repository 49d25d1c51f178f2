package dev.ccr.providers.vertex;

import dev.ccr.json.Json;
import dev.ccr.json.JsonNumber;
import dev.ccr.json.JsonObject;
import dev.ccr.json.JsonValue;
import java.io.IOException;
import java.net.UnknownHostException;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;

/**
 * Reads a token endpoint's answer ({@code {"access_token", "expires_in", "token_type"}}) the same
 * way for the OAuth endpoint and the metadata server, and turns its failures into clear errors.
 */
final class TokenReply {
  private static final int MAX_DETAIL = 300;

  private TokenReply() {}

  /**
   * Sends {@code request}. {@code source} says whose token it is, for messages ("with the
   * credentials file ..."); {@code secret}, when given, is cut out of anything the endpoint echoes
   * back. A metadata server whose host does not resolve means ccr is not on Google Cloud: no
   * credentials, not an outage.
   */
  static TokenSource.Token read(OkHttpClient http, Request request, String source, String endpoint, String secret,
      boolean metadataServer) {
    try (Response response = http.newCall(request).execute()) {
      String body = response.body().string();
      if (!response.isSuccessful()) {
        String detail = detail(body, secret);
        // 4xx: the credentials are bad, expired or revoked; 5xx: Google had a problem, worth another try.
        int status = response.code() >= 500 ? 502 : 401;
        throw new CredentialsException(status, "cannot get a Google access token " + source + ": " + endpoint
            + " answered HTTP " + response.code() + (detail.isEmpty() ? "" : " (" + detail + ")")
            + (status == 401 && !metadataServer ? "; the key may have expired or been revoked or deleted" : ""));
      }
      JsonObject json = parse(body);
      String token = json == null ? null : json.getString("access_token");
      if (token == null || token.isEmpty()) {
        throw new CredentialsException(502, "cannot get a Google access token " + source + ": " + endpoint
            + " answered without an access_token");
      }
      JsonNumber expires = json.getNumber("expires_in");
      return new TokenSource.Token(token, expires == null ? 3600 : expires.longValue());
    } catch (IOException e) {
      int status = metadataServer && e instanceof UnknownHostException ? 401 : 502;
      throw new CredentialsException(status, "cannot get a Google access token " + source + ": " + endpoint
          + " cannot be reached (" + e.getClass().getSimpleName() + ")"
          + (status == 401 ? "; set " + TokenSource.CREDENTIALS_VARIABLE + " to a service account key file" : ""));
    }
  }

  private static JsonObject parse(String body) {
    try {
      JsonValue v = Json.parse(body);
      return v instanceof JsonObject o ? o : null;
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  /** OAuth's {@code error} and {@code error_description}, or the text, short and without {@code secret}. */
  private static String detail(String body, String secret) {
    JsonObject json = parse(body);
    String detail;
    if (json != null && json.getString("error") != null) {
      String description = json.getString("error_description");
      detail = json.getString("error") + (description == null ? "" : ": " + description);
    } else if (json != null && json.getObject("error") != null && json.getObject("error").getString("message") != null) {
      detail = json.getObject("error").getString("message");
    } else {
      detail = body.strip();
    }
    if (secret != null) detail = detail.replace(secret, "<redacted>");
    detail = detail.replaceAll("[\\r\\n]+", " ");
    return detail.length() <= MAX_DETAIL ? detail : detail.substring(0, MAX_DETAIL) + "...";
  }
}
