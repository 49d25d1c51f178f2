package dev.ccr.server.cli;

import dev.ccr.CcrException;
import dev.ccr.ClaudeCodeRouter;
import dev.ccr.config.CcrConfig;
import dev.ccr.json.Json;
import dev.ccr.json.JsonObject;
import dev.ccr.json.JsonValue;
import dev.ccr.model.AnthropicJson;
import dev.ccr.model.MessagesRequest;
import dev.ccr.routing.Route;
import dev.ccr.routing.RouteExplanation;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code ccr route --explain FILE}: where a saved request would go and why, without sending it. */
@Command(name = "route", description = {"Say which routing rule or scenario a saved request would take, and why; "
    + "nothing is sent.", "Example: ccr route --explain request.json"})
final class RouteCommand extends CcrCommand {
  @Mixin ConfigOption config = new ConfigOption();

  @Option(names = "--explain", paramLabel = "FILE", required = true,
      description = "An Anthropic Messages request body (JSON), or a capture with \"headers\" and \"body\".")
  Path file;

  @Option(names = "--session", paramLabel = "ID",
      description = "The Claude Code session it belongs to (else the request's metadata or the capture's header says).")
  String session;

  @Override
  public Integer call() throws IOException {
    CcrConfig cfg = ConfigFiles.loadToRead(config.path(), err()).config();
    JsonObject tree = read(file);
    String sessionHeader = session;
    if (tree.get("body") instanceof JsonObject body) { // a capture: {path, headers, body}
      if (sessionHeader == null && tree.get("headers") instanceof JsonObject h) sessionHeader = h.getString("x-claude-code-session-id");
      tree = body;
    }
    MessagesRequest request;
    try {
      request = AnthropicJson.request(tree);
    } catch (CcrException | IllegalArgumentException e) {
      throw new IllegalArgumentException(file + " is not an Anthropic Messages request: " + e.getMessage());
    }
    RouteExplanation e;
    try (ClaudeCodeRouter router = ClaudeCodeRouter.builder().config(cfg).build()) {
      e = router.explain(request, sessionHeader);
    }
    Route r = e.route();
    if (r != null) {
      out().println("route:    " + r.target());
      out().println("scenario: " + r.scenario());
      out().println("why:      " + r.reason());
    } else {
      out().println("no route: " + e.error());
    }
    if (!e.steps().isEmpty()) {
      out().println("steps tried:");
      e.steps().forEach(s -> out().println("  " + s));
    }
    out().println("facts (for routing.rules conditions):");
    for (Map.Entry<String, Object> f : e.facts().entrySet()) out().printf("  %-15s %s%n", f.getKey(), shown(f.getValue()));
    return r != null ? 0 : 1;
  }

  private static JsonObject read(Path file) throws IOException {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw new IllegalArgumentException("no file " + file);
    }
    JsonValue v;
    try {
      v = Json.parse(text);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(file + " is not JSON: " + e.getMessage());
    }
    if (!(v instanceof JsonObject o)) throw new IllegalArgumentException(file + " must hold a JSON object");
    return o;
  }

  private static String shown(Object v) {
    if (v instanceof Double d && d == Math.rint(d) && Math.abs(d) < 1e15) return Long.toString(d.longValue());
    if (v instanceof String s) {
      String t = s.length() > 100 ? s.substring(0, 100) + "… (" + s.length() + " characters)" : s;
      return "'" + t.replace("\n", "\\n") + "'";
    }
    return String.valueOf(v);
  }
}
