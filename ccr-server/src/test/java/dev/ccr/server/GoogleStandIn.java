package dev.ccr.server;

import dev.ccr.json.Json;
import dev.ccr.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPairGenerator;
import java.util.Base64;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;

/**
 * Google for the server's end-to-end tests: a token endpoint that hands out {@link #TOKEN} (or
 * refuses, as for a revoked key) and a service account key file whose {@code token_uri} points at
 * it. The JWT itself is checked in ccr-providers.
 */
final class GoogleStandIn implements AutoCloseable {
  static final String TOKEN = "ya29.e2e";
  /** One key for every test: generating RSA keys is slow. */
  private static final String PEM = pem();

  private final MockWebServer server = new MockWebServer();
  private volatile boolean refusing;

  GoogleStandIn() {
    server.setDispatcher(new Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest request) {
        if (refusing) {
          return new MockResponse.Builder().code(400).setHeader("Content-Type", "application/json")
              .body("{\"error\":\"invalid_grant\",\"error_description\":\"Invalid JWT Signature.\"}").build();
        }
        return new MockResponse.Builder().setHeader("Content-Type", "application/json")
            .body("{\"access_token\":\"" + TOKEN + "\",\"expires_in\":3600,\"token_type\":\"Bearer\"}").build();
      }
    });
    try {
      server.start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** From now on every token request is refused with {@code invalid_grant}. */
  void refuse() {
    refusing = true;
  }

  String tokenUri() {
    return server.url("/token").toString();
  }

  /** The service account key's members, as a key file or the original's {@code vertex-openai} options hold them. */
  JsonObject key() {
    return JsonObject.builder().put("type", "service_account").put("private_key", PEM)
        .put("client_email", "e2e@my-proj.iam.gserviceaccount.com").put("token_uri", tokenUri()).build();
  }

  /** Writes {@link #key} to {@code dir}/key.json. */
  Path writeKey(Path dir) throws IOException {
    Path file = dir.resolve("key.json");
    Files.writeString(file, Json.write(key()));
    return file;
  }

  @Override
  public void close() {
    server.close();
  }

  private static String pem() {
    try {
      KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
      rsa.initialize(2048);
      return "-----BEGIN PRIVATE KEY-----\n" + Base64.getMimeEncoder().encodeToString(rsa.generateKeyPair().getPrivate()
          .getEncoded()) + "\n-----END PRIVATE KEY-----\n";
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
