package dev.ccr.providers.vertex;

import dev.ccr.json.Json;
import dev.ccr.json.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import okhttp3.FormBody;
import okhttp3.OkHttpClient;
import okhttp3.Request;

/**
 * A Google service account key ({@code "type": "service_account"}), which signs the RS256 JWT that
 * its {@code token_uri} exchanges for an access token. {@code source} says where it came from (a
 * file, or the original's {@code vertex-openai} options) for error messages. {@link #toString}
 * never shows the key.
 */
record ServiceAccountKey(String source, String clientEmail, String privateKeyId, PrivateKey privateKey, String tokenUri) {
  static final String GRANT_TYPE = "urn:ietf:params:oauth:grant-type:jwt-bearer";
  static final String DEFAULT_TOKEN_URI = "https://oauth2.googleapis.com/token";
  /** Google's assertions live an hour at most. */
  static final long ASSERTION_SECONDS = 3600;
  private static final Base64.Encoder URL = Base64.getUrlEncoder().withoutPadding();

  /** Reads {@code file} as a JSON object; every failure names the file and what is wrong, never its contents. */
  static JsonObject readJson(Path file) {
    String source = "the Google credentials file " + file;
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw unusable(source, "does not exist");
    } catch (IOException | RuntimeException e) {
      throw unusable(source, "cannot be read (" + e.getClass().getSimpleName() + ")");
    }
    try {
      if (Json.parse(text) instanceof JsonObject o) return o;
    } catch (IllegalArgumentException e) {
      // the parser's message may quote the file: not repeated
    }
    throw unusable(source, "is not a JSON object");
  }

  /** The service account key in {@code json}, read from {@code source}. */
  static ServiceAccountKey of(String source, JsonObject json) {
    String type = json.getString("type");
    if (!"service_account".equals(type)) {
      throw unusable(source, "is of type \"" + type + "\"; ccr takes a service account key (\"type\": \"service_account\")"
          + " or gcloud's user credentials (\"authorized_user\")");
    }
    String email = json.getString("client_email");
    String pem = json.getString("private_key");
    if (email == null || pem == null) throw unusable(source, "lacks client_email or private_key");
    String tokenUri = json.getString("token_uri");
    return new ServiceAccountKey(source, email, json.getString("private_key_id"), privateKey(source, pem),
        tokenUri == null || tokenUri.isBlank() ? DEFAULT_TOKEN_URI : tokenUri);
  }

  /**
   * A PKCS#8 PEM ({@code BEGIN PRIVATE KEY}), the form Google writes; line breaks written as {@code
   * \n} (as a key pasted into a JSON string often is) count as line breaks.
   */
  private static PrivateKey privateKey(String source, String pem) {
    pem = pem.replace("\\n", "\n");
    if (!pem.contains("-----BEGIN PRIVATE KEY-----")) {
      throw unusable(source, "has a private_key that is not a PKCS#8 PEM key (BEGIN PRIVATE KEY)");
    }
    String base64 = pem.replace("-----BEGIN PRIVATE KEY-----", "").replace("-----END PRIVATE KEY-----", "")
        .replaceAll("\\s", "");
    try {
      return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(base64)));
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      throw unusable(source, "has a private_key that is not a valid RSA key");
    }
  }

  /** An access token for a signed JWT (the OAuth 2.0 JWT bearer grant) from {@code tokenUri}. */
  TokenSource.Token exchange(OkHttpClient http, long nowSeconds) {
    String assertion = assertion(TokenSource.SCOPE, nowSeconds);
    Request request = new Request.Builder().url(tokenUri)
        .post(new FormBody.Builder().add("grant_type", GRANT_TYPE).add("assertion", assertion).build()).build();
    return TokenReply.read(http, request, "with " + source + " (service account " + clientEmail + ")", tokenUri, assertion,
        false);
  }

  /** The signed JWT asking for {@code scope}, issued at {@code nowSeconds} (Unix time) and valid an hour. */
  String assertion(String scope, long nowSeconds) {
    JsonObject.Builder header = JsonObject.builder().put("alg", "RS256").put("typ", "JWT");
    if (privateKeyId != null) header.put("kid", privateKeyId);
    JsonObject claims = JsonObject.builder().put("iss", clientEmail).put("scope", scope).put("aud", tokenUri)
        .put("iat", nowSeconds).put("exp", nowSeconds + ASSERTION_SECONDS).build();
    String signed = base64(Json.write(header.build())) + "." + base64(Json.write(claims));
    try {
      Signature rsa = Signature.getInstance("SHA256withRSA");
      rsa.initSign(privateKey);
      rsa.update(signed.getBytes(StandardCharsets.US_ASCII));
      return signed + "." + URL.encodeToString(rsa.sign());
    } catch (GeneralSecurityException e) {
      throw unusable(source, "has a key that cannot sign (" + e.getClass().getSimpleName() + ")");
    }
  }

  private static String base64(String json) {
    return URL.encodeToString(json.getBytes(StandardCharsets.UTF_8));
  }

  private static CredentialsException unusable(String source, String what) {
    return new CredentialsException(401, source + " " + what);
  }

  @Override
  public String toString() {
    return "ServiceAccountKey[" + source + ", " + clientEmail + "]";
  }
}
