package dev.ccr.server.statusline;

import dev.ccr.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * Claude Code's status line, drawn as the original's {@code StatusLine} config says. The routed model
 * and its tokens, speed and cost come from the running ccr ({@code GET /api/sessions/{id}}); without
 * one, from the transcript's last assistant message; then from the config's default route. Never
 * throws: whatever the input, there is a line.
 */
public final class StatusLine {
  private final JsonObject config;
  private final String serverUrl;
  private final String apiKey;
  private final Function<String, String> env;
  private final Duration serverTimeout;
  private final Duration scriptTimeout;
  private final Path processDir;

  private StatusLine(Builder b) {
    this.config = b.config;
    this.serverUrl = b.serverUrl;
    this.apiKey = b.apiKey;
    this.env = b.env;
    this.serverTimeout = b.serverTimeout;
    this.scriptTimeout = b.scriptTimeout;
    this.processDir = b.processDir;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** True when {@code config} (config.json's tree) has {@code "StatusLine": {"enabled": true}}. */
  public static boolean enabled(JsonObject config) {
    return Theme.of(config).enabled();
  }

  /** The line for Claude Code's status JSON {@code stdin}: one line, without its newline. */
  public String render(String stdin) {
    try {
      StatusInput in = StatusInput.parse(stdin);
      Theme theme = Theme.of(config);
      String workDir = in.currentDir() != null ? in.currentDir() : processDir.toString();
      String branch = GitBranch.of(Path.of(workDir));
      RunningCcr ccr = serverUrl == null ? null : new RunningCcr(serverUrl, apiKey, serverTimeout);
      Optional<Figures> fromServer = ccr == null ? Optional.empty() : ccr.session(in.sessionId());
      Figures figures = fromServer
          .or(() -> in.transcriptPath() == null ? Optional.empty() : Transcript.lastAssistant(Path.of(in.transcriptPath())))
          .orElseGet(() -> Figures.model(defaultModel()));
      String budget = ccr != null && theme.uses("budget") ? ccr.budget() : "";
      Map<String, String> variables = Variables.of(in, figures, fromServer.isPresent(), workDir, branch, budget);
      ScriptModule scripts = new ScriptModule(variables, Path.of(workDir), scriptTimeout);
      return new LineRenderer(variables, simpleIcons(), scripts::run, colour()).render(theme);
    } catch (RuntimeException | StackOverflowError e) {
      return "ccr"; // never a stack trace in Claude Code's status line
    }
  }

  /** As the original: {@code USE_SIMPLE_ICONS=true}, or a terminal that says it draws no more than ASCII. */
  private boolean simpleIcons() {
    String term = env.apply("TERM");
    return "true".equals(env.apply("USE_SIMPLE_ICONS")) || "dumb".equals(term) || "unknown".equals(term);
  }

  /** No colour when {@code NO_COLOR} is set to anything but "" (no-color.org), or on a dumb terminal. */
  private boolean colour() {
    String noColor = env.apply("NO_COLOR");
    return (noColor == null || noColor.isEmpty()) && !"dumb".equals(env.apply("TERM"));
  }

  /** The model of {@code Router.default} ("provider,model"), or null. */
  private String defaultModel() {
    String route = Lookup.text(config, "Router", "default");
    int comma = route == null ? -1 : route.indexOf(',');
    return comma < 0 || route.substring(comma + 1).isBlank() ? null : route.substring(comma + 1).trim();
  }

  /** What the line is drawn from; all optional. */
  public static final class Builder {
    private JsonObject config = JsonObject.of();
    private String serverUrl;
    private String apiKey;
    private Function<String, String> env = System::getenv;
    private Duration serverTimeout = Duration.ofMillis(400);
    private Duration scriptTimeout = Duration.ofMillis(1000);
    private Path processDir = Path.of("").toAbsolutePath();

    private Builder() {}

    /** config.json's tree; its {@code StatusLine} and {@code Router.default} are read. */
    public Builder config(JsonObject config) {
      this.config = Objects.requireNonNull(config, "config");
      return this;
    }

    /** The running ccr to ask ({@code http://127.0.0.1:3456}), and the {@code APIKEY} it wants, if any. */
    public Builder server(String url, String apiKey) {
      this.serverUrl = url;
      this.apiKey = apiKey;
      return this;
    }

    /** Where {@code USE_SIMPLE_ICONS}, {@code TERM} and {@code NO_COLOR} are read. */
    public Builder env(Function<String, String> env) {
      this.env = Objects.requireNonNull(env, "env");
      return this;
    }

    /** How long the server may take to connect and to answer, each. */
    public Builder serverTimeout(Duration timeout) {
      this.serverTimeout = Objects.requireNonNull(timeout, "timeout");
      return this;
    }

    /** How long a {@code script} module may run. */
    public Builder scriptTimeout(Duration timeout) {
      this.scriptTimeout = Objects.requireNonNull(timeout, "timeout");
      return this;
    }

    /** The folder shown when the input names none. */
    public Builder processDir(Path dir) {
      this.processDir = Objects.requireNonNull(dir, "dir");
      return this;
    }

    public StatusLine build() {
      return new StatusLine(this);
    }
  }
}
