package dev.ccr.providers.vertex;

import dev.ccr.config.ProviderConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.LongSupplier;
import okhttp3.OkHttpClient;

/**
 * Where Google access tokens come from: a service account key in the options of the entry's
 * {@code use} list, as the original's {@code vertex-openai} takes it; else, in the order Google's
 * own client libraries look, the entry's {@code credentials} file, else the file {@code GOOGLE_APPLICATION_CREDENTIALS} names,
 * else gcloud's application-default credentials file when there is one, else the metadata server
 * of the machine ccr runs on (GCE, GKE, Cloud Run), at {@code GCE_METADATA_HOST} when set.
 */
interface TokenSource {
  String CREDENTIALS_VARIABLE = "GOOGLE_APPLICATION_CREDENTIALS";
  String METADATA_HOST_VARIABLE = "GCE_METADATA_HOST";
  String SCOPE = "https://www.googleapis.com/auth/cloud-platform";

  /** A new token; a {@link CredentialsException} when none can be had. */
  Token fetch();

  /** An access token and how long it lives. */
  record Token(String value, long expiresInSeconds) {
    @Override
    public String toString() {
      return "Token[<redacted>, expires in " + expiresInSeconds + " s]";
    }
  }

  /** The source for {@code config}; {@code epochSeconds} is the wall clock a signed assertion is dated by. */
  static TokenSource of(ProviderConfig config, Function<String, String> env, OkHttpClient http, LongSupplier epochSeconds) {
    InlineKeyTokens inline = InlineKeyTokens.of(config, http, epochSeconds);
    if (inline != null) return inline;
    Path file = credentialsFile(config, env);
    if (file != null) return new CredentialsFileTokens(file, http, epochSeconds);
    String host = env.apply(METADATA_HOST_VARIABLE);
    return new MetadataServerTokens(host == null || host.isBlank() ? MetadataServerTokens.HOST : host.strip(), http);
  }

  /** The credentials file for {@code config}, or null for the metadata server. */
  static Path credentialsFile(ProviderConfig config, Function<String, String> env) {
    String path = config.raw().getString("credentials");
    if (path == null || path.isBlank()) path = env.apply(CREDENTIALS_VARIABLE);
    if (path == null || path.isBlank()) return gcloudFile(env);
    path = path.strip();
    if (path.startsWith("~/")) {
      String home = env.apply("HOME");
      path = (home != null ? home : System.getProperty("user.home")) + path.substring(1);
    }
    return Path.of(path);
  }

  /**
   * What {@code gcloud auth application-default login} wrote, when it exists: in {@code
   * CLOUDSDK_CONFIG}, else {@code %APPDATA%\gcloud} on Windows, else {@code ~/.config/gcloud}.
   */
  private static Path gcloudFile(Function<String, String> env) {
    String config = env.apply("CLOUDSDK_CONFIG");
    Path dir;
    if (config != null && !config.isBlank()) dir = Path.of(config);
    else if (env.apply("APPDATA") != null) dir = Path.of(env.apply("APPDATA"), "gcloud");
    else if (env.apply("HOME") != null) dir = Path.of(env.apply("HOME"), ".config", "gcloud");
    else return null;
    Path file = dir.resolve("application_default_credentials.json");
    return java.nio.file.Files.isRegularFile(file) ? file : null;
  }

  /** A key file that is not there is a config problem, found before the first request needs it. */
  static List<String> problems(ProviderConfig config, Function<String, String> env) {
    List<String> problems = new ArrayList<>();
    InlineKeyTokens inline = InlineKeyTokens.of(config, null, () -> 0);
    if (inline != null) {
      try {
        inline.key();
      } catch (CredentialsException e) {
        problems.add(e.getMessage());
      }
      return problems;
    }
    Path file;
    try {
      file = credentialsFile(config, env);
    } catch (java.nio.file.InvalidPathException e) {
      problems.add("\"credentials\" is not a file path");
      return problems;
    }
    if (file != null && !java.nio.file.Files.isRegularFile(file)) {
      String from = config.raw().getString("credentials") != null ? "\"credentials\"" : CREDENTIALS_VARIABLE;
      problems.add("the Google credentials file " + file + " (from " + from + ") does not exist");
    }
    return problems;
  }
}
