package dev.ccr.server.statusline;

import dev.ccr.json.JsonArray;
import dev.ccr.json.JsonBoolean;
import dev.ccr.json.JsonObject;
import dev.ccr.json.JsonValue;
import java.util.ArrayList;
import java.util.List;

/**
 * The original's {@code "StatusLine"} config: {@code enabled}, {@code currentStyle} ({@code default} or
 * {@code powerline}) and, under the style's name, {@code modules}. Without modules for the style, the
 * original's built-in theme for it.
 */
record Theme(boolean enabled, boolean powerline, List<Module> modules, boolean configured) {

  /** One module: {@code type} (workDir, gitBranch, model, usage, speed, cost, context, script, ...) and how it shows. */
  record Module(String type, String icon, String text, String color, String background, String scriptPath,
      JsonObject options) {
    static Module of(String type, String icon, String text, String color, String background) {
      return new Module(type, icon, text, color, background, null, null);
    }
  }

  private static final String FOLDER = Character.toString(0xF024B); // nf-md-folder_outline
  private static final String BRANCH = Character.toString(0xE725); // nf-dev-git_branch
  private static final String ROBOT = Character.toString(0xF06A9); // nf-md-robot_outline

  /** The original's default theme. */
  static final List<Module> DEFAULT = List.of(
      Module.of("workDir", FOLDER, "{{workDirName}}", "bright_blue", null),
      Module.of("gitBranch", BRANCH, "{{gitBranch}}", "bright_magenta", null),
      Module.of("model", ROBOT, "{{model}}", "bright_cyan", null),
      Module.of("usage", "↑", "{{inputTokens}}", "bright_green", null),
      Module.of("usage", "↓", "{{outputTokens}}", "bright_yellow", null));

  /** The original's powerline theme. */
  static final List<Module> POWERLINE = List.of(
      Module.of("workDir", FOLDER, "{{workDirName}}", "white", "bg_bright_blue"),
      Module.of("gitBranch", BRANCH, "{{gitBranch}}", "white", "bg_bright_magenta"),
      Module.of("model", ROBOT, "{{model}}", "white", "bg_bright_cyan"),
      Module.of("usage", "↑", "{{inputTokens}}", "white", "bg_bright_green"),
      Module.of("usage", "↓", "{{outputTokens}}", "white", "bg_bright_yellow"));

  /** Reads {@code config}'s {@code StatusLine} member; null or a broken one gives the default theme, disabled. */
  static Theme of(JsonObject config) {
    JsonObject s = Lookup.object(config, "StatusLine");
    if (s == null) return new Theme(false, false, DEFAULT, false);
    boolean enabled = s.get("enabled") == JsonBoolean.TRUE;
    String style = Lookup.text(s, "currentStyle");
    boolean powerline = "powerline".equals(style);
    JsonValue modules = Lookup.at(s, powerline ? "powerline" : "default", "modules");
    List<Module> read = modules instanceof JsonArray a ? modules(a) : List.of();
    if (read.isEmpty()) return new Theme(enabled, powerline, powerline ? POWERLINE : DEFAULT, false);
    return new Theme(enabled, powerline, read, true);
  }

  private static List<Module> modules(JsonArray array) {
    List<Module> out = new ArrayList<>();
    for (JsonValue v : array.elements()) {
      JsonObject m = v.asObject();
      if (m == null) continue;
      out.add(new Module(Lookup.text(m, "type"), Lookup.text(m, "icon"), Lookup.text(m, "text"), Lookup.text(m, "color"),
          Lookup.text(m, "background"), Lookup.text(m, "scriptPath"), Lookup.object(m, "options")));
    }
    return out;
  }

  /** True when a module's text asks for {@code {{name}}}, so what only it needs is fetched only then. */
  boolean uses(String name) {
    String v = "{{" + name + "}}";
    return modules.stream().anyMatch(m -> m.text() != null && m.text().contains(v));
  }
}
