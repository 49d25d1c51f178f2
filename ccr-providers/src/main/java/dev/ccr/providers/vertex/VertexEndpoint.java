package dev.ccr.providers.vertex;

import dev.ccr.ConfigException;
import dev.ccr.config.ProviderConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Where a Vertex AI entry's models live: {@code {base}/projects/{project}/locations/{location}/
 * publishers/{publisher}/models/{model}}. The base is {@code https://{location}-aiplatform.googleapis.com/v1},
 * or {@code https://aiplatform.googleapis.com/v1} for the {@code global} location, unless
 * {@code api_base_url} gives another host.
 */
record VertexEndpoint(String project, String location, String base) {
  static final String PROJECT_VARIABLE = "GOOGLE_CLOUD_PROJECT";
  static final String LOCATION_VARIABLE = "GOOGLE_CLOUD_LOCATION";
  static final String GLOBAL = "global";
  /** Project ids (also "example.com:proj") and locations: they go into a path and a host name, so no '/' or spaces. */
  private static final Pattern PROJECT = Pattern.compile("[A-Za-z0-9][A-Za-z0-9.:_-]*");
  private static final Pattern LOCATION = Pattern.compile("[a-z0-9][a-z0-9-]*");
  private static final Pattern VERSION = Pattern.compile(".*/v\\d+(beta\\d+)?$");

  /** The endpoint of {@code config}; a {@link ConfigException} when {@link #problems} finds any. */
  static VertexEndpoint of(ProviderConfig config, Function<String, String> env) {
    List<String> problems = problems(config, env);
    if (!problems.isEmpty()) throw new ConfigException(problems);
    String location = location(config, env);
    return new VertexEndpoint(project(config, env), location,
        versioned(config.apiBaseUrl() != null ? config.apiBaseUrl() : defaultBase(location)));
  }

  static List<String> problems(ProviderConfig config, Function<String, String> env) {
    List<String> problems = new ArrayList<>();
    String project = project(config, env);
    if (project == null) {
      problems.add("\"project\" is missing: Vertex AI needs the Google Cloud project, from the entry's \"project\", "
          + PROJECT_VARIABLE + " or the project_id of a service account key");
    } else if (!PROJECT.matcher(project).matches()) {
      problems.add("\"project\" is not a Google Cloud project id: \"" + clip(project) + "\"");
    }
    String location = location(config, env);
    if (!LOCATION.matcher(location).matches()) {
      problems.add("\"location\" is not a Google Cloud location such as us-central1 or global: \"" + clip(location) + "\"");
    }
    return problems;
  }

  /**
   * The entry's {@code project}, else the one in its {@code api_base_url} (the original's configs
   * give the whole endpoint URL), else {@code GOOGLE_CLOUD_PROJECT}, else the {@code project_id} of
   * the service account key in use (as Google's libraries do); null when none gives one.
   */
  static String project(ProviderConfig config, Function<String, String> env) {
    String project = option(config, "project", "projects", env, PROJECT_VARIABLE, null);
    return project != null ? project : keyProject(config, env);
  }

  private static String keyProject(ProviderConfig config, Function<String, String> env) {
    InlineKeyTokens inline = InlineKeyTokens.of(config, null, () -> 0);
    if (inline != null) return inline.projectId();
    try {
      java.nio.file.Path file = TokenSource.credentialsFile(config, env);
      String id = file == null ? null : ServiceAccountKey.readJson(file).getString("project_id");
      return id == null || id.isBlank() ? null : id.strip();
    } catch (CredentialsException | java.nio.file.InvalidPathException e) {
      return null; // a file that cannot be used is reported on its own
    }
  }

  /** The entry's {@code location}, else its URL's, else {@code GOOGLE_CLOUD_LOCATION}, else {@code global}. */
  static String location(ProviderConfig config, Function<String, String> env) {
    return option(config, "location", "locations", env, LOCATION_VARIABLE, GLOBAL);
  }

  /** The host for {@code location}: the global endpoint has no location prefix. */
  static String defaultBase(String location) {
    return GLOBAL.equals(location) ? "https://aiplatform.googleapis.com/v1"
        : "https://" + location + "-aiplatform.googleapis.com/v1";
  }

  /** Vertex AI's OpenAI-compatible Chat Completions endpoint in this project and location. */
  String openAiChatUrl() {
    return base + "/projects/" + project + "/locations/" + location + "/endpoints/openapi/chat/completions";
  }

  /** The URL of {@code publisher}'s {@code model}, to which a method such as {@code :rawPredict} is added. */
  String modelUrl(String publisher, String model) {
    return base + "/projects/" + project + "/locations/" + location + "/publishers/" + publisher + "/models/" + model;
  }

  /**
   * A configured base without a version gets {@code /v1}; one with a version keeps it. A whole
   * model URL pasted from the docs is cut back to its base: the project, location and model here win.
   */
  private static String versioned(String url) {
    int projects = url.indexOf("/projects/");
    String trimmed = (projects >= 0 ? url.substring(0, projects) : url).replaceAll("/+$", "");
    return VERSION.matcher(trimmed).matches() ? trimmed : trimmed + "/v1";
  }

  private static String option(ProviderConfig config, String name, String urlSegment, Function<String, String> env,
      String variable, String fallback) {
    String value = config.raw().getString(name);
    if (value == null || value.isBlank()) value = fromUrl(config.apiBaseUrl(), urlSegment);
    if (value == null || value.isBlank()) value = env.apply(variable);
    return value == null || value.isBlank() ? fallback : value.strip();
  }

  /** The path segment after {@code /segment/} in {@code url}, or null. */
  private static String fromUrl(String url, String segment) {
    if (url == null) return null;
    java.util.regex.Matcher m = Pattern.compile("/" + segment + "/([^/?#]+)").matcher(url);
    return m.find() ? m.group(1) : null;
  }

  private static String clip(String s) {
    return s.length() <= 80 ? s : s.substring(0, 80) + "...";
  }
}
