package dev.ccr.providers.vertex;

import dev.ccr.json.Json;
import dev.ccr.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;

/**
 * Google's side of authentication for tests: an OAuth token endpoint that checks each JWT
 * assertion (RS256 signature against the test key's public half, and its claims) before it
 * answers, and a metadata server. Also writes service account key files holding the test key.
 * As a {@code @RegisterExtension} field it closes itself after each test.
 */
final class FakeGoogle implements AutoCloseable, org.junit.jupiter.api.extension.AfterEachCallback {
  /** One key pair for every test: generating RSA keys is slow. */
  static final KeyPair KEYS = generate();
  static final String EMAIL = "ccr-test@my-proj.iam.gserviceaccount.com";
  static final String TOKEN_PATH = "/token";
  static final String REFRESH_TOKEN = "1//refresh-token-of-a-user";

  private final MockWebServer server = new MockWebServer();
  private final Path dir;
  private final AtomicInteger issued = new AtomicInteger();
  private final List<Map<String, String>> claims = new CopyOnWriteArrayList<>();
  private volatile MockResponse refusal;
  private volatile long expiresIn = 3600;

  FakeGoogle() {
    server.setDispatcher(new Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest request) {
        return answer(request);
      }
    });
    try {
      server.start();
      dir = Files.createTempDirectory("ccr-vertex-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  String tokenUri() {
    return server.url(TOKEN_PATH).toString();
  }

  /** host:port, as GCE_METADATA_HOST takes it. */
  String metadataHost() {
    return server.getHostName() + ":" + server.getPort();
  }

  /** Tokens handed out so far. */
  int issued() {
    return issued.get();
  }

  /** The claims of every assertion accepted, in order, with the header's key id as {@code header.kid} when sent. */
  List<Map<String, String>> claims() {
    return List.copyOf(claims);
  }

  /** From now on, every token request gets {@code status} with {@code body}, as for a revoked key. */
  void refuse(int status, String body) {
    refusal = new MockResponse.Builder().code(status).setHeader("Content-Type", "application/json").body(body).build();
  }

  /** Token requests are answered again. */
  void accept() {
    refusal = null;
  }

  void expiresIn(long seconds) {
    expiresIn = seconds;
  }

  /** A new service account key file for the test key, exchanged here. */
  Path writeKey() {
    return writeKey(dir, tokenUri());
  }

  /** The test key as a service account key file holds it, exchanged at {@code tokenUri}. */
  static JsonObject key(String tokenUri) {
    String pem = "-----BEGIN PRIVATE KEY-----\n"
        + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(KEYS.getPrivate().getEncoded())
        + "\n-----END PRIVATE KEY-----\n";
    return JsonObject.builder().put("type", "service_account").put("project_id", "my-proj")
        .put("private_key_id", "kid-1").put("private_key", pem).put("client_email", EMAIL)
        .put("client_id", "1234").put("token_uri", tokenUri).build();
  }

  static Path writeKey(Path dir, String tokenUri) {
    JsonObject key = key(tokenUri);
    try {
      Path file = Files.createTempFile(dir, "sa-", ".json");
      Files.writeString(file, Json.writePretty(key));
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** gcloud's user credentials file ({@code authorized_user}) at {@code file}, refreshed here. */
  Path writeUserCredentials(Path file) {
    try {
      Files.createDirectories(file.getParent());
      Files.writeString(file, Json.write(JsonObject.builder().put("type", "authorized_user").put("client_id", "client-1")
          .put("client_secret", "client-secret-1").put("refresh_token", REFRESH_TOKEN).put("token_uri", tokenUri())
          .build()));
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  Path dir() {
    return dir;
  }

  /** The PEM text of the test key's private half, as a key file holds it, to look for in messages. */
  static String privateKeyBase64() {
    return Base64.getEncoder().encodeToString(KEYS.getPrivate().getEncoded());
  }

  /**
   * Plug-ins whose Vertex providers see {@code env} as their environment and {@code clock} as
   * their clock (the rest is discovered as usual).
   */
  static dev.ccr.spi.PluginRegistry plugins(Map<String, String> env, dev.ccr.engine.Clock clock) {
    okhttp3.OkHttpClient http = new okhttp3.OkHttpClient();
    java.util.function.LongSupplier now = () -> System.currentTimeMillis() / 1000;
    return dev.ccr.spi.PluginRegistry.builder()
        .provider(new VertexGeminiProvider.Factory(env::get, clock, http, now))
        .provider(new VertexClaudeProvider.Factory(env::get, clock, http, now))
        .provider(new VertexOpenAiProvider.Factory(env::get, clock, http, now))
        .build();
  }

  private MockResponse answer(RecordedRequest request) {
    String path = request.getUrl().encodedPath();
    if (path.equals(MetadataServerTokens.PATH)) {
      if (!"Google".equals(request.getHeaders().get("Metadata-Flavor"))) return error(403, "missing Metadata-Flavor");
      return token("metadata-token-");
    }
    if (!path.equals(TOKEN_PATH) || !"POST".equals(request.getMethod())) return error(404, "no " + path);
    if (refusal != null) return refusal;
    Map<String, String> form = form(request.getBody().utf8());
    if ("refresh_token".equals(form.get("grant_type"))) {
      boolean known = "client-1".equals(form.get("client_id")) && "client-secret-1".equals(form.get("client_secret"))
          && REFRESH_TOKEN.equals(form.get("refresh_token"));
      return known ? token("user-token-") : error(400, "unknown client or refresh token");
    }
    if (!ServiceAccountKey.GRANT_TYPE.equals(form.get("grant_type"))) return error(400, "grant_type");
    String problem = check(form.get("assertion"));
    if (problem != null) return error(400, problem);
    return token("ya29.token-");
  }

  /** Null when {@code jwt} is signed by the test key and claims what Google requires. */
  private String check(String jwt) {
    String[] parts = jwt == null ? new String[0] : jwt.split("\\.");
    if (parts.length != 3) return "not a JWT";
    try {
      Signature rsa = Signature.getInstance("SHA256withRSA");
      rsa.initVerify(KEYS.getPublic());
      rsa.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
      if (!rsa.verify(Base64.getUrlDecoder().decode(parts[2]))) return "bad signature";
    } catch (GeneralSecurityException e) {
      return "cannot verify: " + e;
    }
    JsonObject header = decode(parts[0]);
    // Google takes an assertion without a key id (the original's vertex-openai options give none), never a wrong one.
    if (!"RS256".equals(header.getString("alg")) || (header.has("kid") && !"kid-1".equals(header.getString("kid")))) {
      return "header " + header;
    }
    JsonObject c = decode(parts[1]);
    if (!EMAIL.equals(c.getString("iss"))) return "iss";
    if (!TokenSource.SCOPE.equals(c.getString("scope"))) return "scope";
    if (!tokenUri().equals(c.getString("aud"))) return "aud " + c.getString("aud");
    long iat = c.getNumber("iat").longValue();
    if (c.getNumber("exp").longValue() != iat + 3600) return "exp is not iat + 1 h";
    Map<String, String> seen = new LinkedHashMap<>();
    c.members().forEach((k, v) -> seen.put(k, v.asString() != null ? v.asString() : v.toString()));
    if (header.has("kid")) seen.put("header.kid", header.getString("kid"));
    claims.add(seen);
    return null;
  }

  private MockResponse token(String prefix) {
    return new MockResponse.Builder().setHeader("Content-Type", "application/json")
        .body("{\"access_token\":\"" + prefix + issued.incrementAndGet() + "\",\"expires_in\":" + expiresIn
            + ",\"token_type\":\"Bearer\"}").build();
  }

  private static MockResponse error(int status, String description) {
    return new MockResponse.Builder().code(status).setHeader("Content-Type", "application/json")
        .body("{\"error\":\"invalid_request\",\"error_description\":\"" + description + "\"}").build();
  }

  private static JsonObject decode(String part) {
    return (JsonObject) Json.parse(new String(Base64.getUrlDecoder().decode(part), StandardCharsets.UTF_8));
  }

  private static Map<String, String> form(String body) {
    Map<String, String> out = new LinkedHashMap<>();
    for (String pair : body.split("&")) {
      int eq = pair.indexOf('=');
      out.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
          URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
    }
    return out;
  }

  private static KeyPair generate() {
    try {
      KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
      g.initialize(2048);
      return g.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void afterEach(org.junit.jupiter.api.extension.ExtensionContext context) {
    close();
  }

  @Override
  public void close() {
    server.close();
    try (var files = Files.walk(dir)) {
      for (Path f : files.sorted(java.util.Comparator.reverseOrder()).toList()) Files.deleteIfExists(f);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
