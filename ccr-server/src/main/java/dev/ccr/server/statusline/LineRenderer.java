package dev.ccr.server.statusline;

import dev.ccr.server.statusline.Theme.Module;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Draws the line: each module's icon and filled-in text in its colours, modules whose text comes out
 * empty, or whose variables are all unknown, left out. The default style separates modules with a
 * space; the powerline style draws coloured segments joined by arrows. Without colour (no-color.org,
 * a dumb terminal) no escape is written and both styles separate modules with a space.
 */
final class LineRenderer {
  private static final String ARROW = "\uE0B0";
  /** The original draws at most this many powerline segments. */
  private static final int MAX_SEGMENTS = 10;
  private static final int[] DEFAULT_TEXT = {192, 192, 192}; // "white"
  private static final String DEFAULT_BACKGROUND = "bg_bright_blue";

  private final Map<String, String> variables;
  private final boolean simpleIcons;
  private final Function<Module, String> script;
  private final boolean colour;

  /**
   * {@code simpleIcons} leaves out Nerd Font glyphs (Unicode private use), which a terminal without
   * such a font draws as boxes; {@code script} runs a {@code script} module and returns its text;
   * {@code colour} false writes no ANSI escape at all.
   */
  LineRenderer(Map<String, String> variables, boolean simpleIcons, Function<Module, String> script, boolean colour) {
    this.variables = variables;
    this.simpleIcons = simpleIcons;
    this.script = script;
    this.colour = colour;
  }

  String render(Theme theme) {
    if (!colour) return uncoloured(theme);
    return theme.powerline() ? powerline(theme.modules()) : plain(theme.modules());
  }

  private String uncoloured(Theme theme) {
    List<Module> modules = theme.modules();
    if (theme.powerline()) modules = modules.subList(0, Math.min(modules.size(), MAX_SEGMENTS));
    List<String> parts = new ArrayList<>();
    for (Module m : modules) {
      String shown = shown(m);
      if (shown != null) parts.add(shown);
    }
    return String.join(" ", parts);
  }

  private String plain(List<Module> modules) {
    List<String> parts = new ArrayList<>();
    for (Module m : modules) {
      String shown = shown(m);
      if (shown == null) continue;
      String bg = m.background() == null ? "" : Colours.background(m.background());
      parts.add(bg + Colours.foreground(m.color()) + shown + Colours.RESET);
    }
    return String.join(" ", parts);
  }

  private String powerline(List<Module> modules) {
    List<String> texts = new ArrayList<>();
    List<int[]> backgrounds = new ArrayList<>();
    List<int[]> foregrounds = new ArrayList<>();
    for (Module m : modules.subList(0, Math.min(modules.size(), MAX_SEGMENTS))) {
      String shown = shown(m);
      if (shown == null) continue;
      int[] bg = Colours.rgb(m.background() != null ? m.background() : DEFAULT_BACKGROUND);
      int[] fg = Colours.rgb(m.color());
      texts.add(shown);
      backgrounds.add(bg != null ? bg : Colours.rgb(DEFAULT_BACKGROUND));
      foregrounds.add(fg != null ? fg : DEFAULT_TEXT);
    }
    StringBuilder line = new StringBuilder();
    for (int i = 0; i < texts.size(); i++) {
      int[] bg = backgrounds.get(i);
      line.append(Colours.truecolor(bg, true)).append(Colours.truecolor(foregrounds.get(i), false))
          .append(' ').append(texts.get(i)).append(' ').append(Colours.RESET);
      if (simpleIcons) continue; // the arrow is a Nerd Font glyph too; the segments' colours still part them
      // The arrow takes this segment's colour over the next one's background; the last one ends on the terminal's.
      line.append(Colours.truecolor(bg, false));
      if (i + 1 < texts.size()) line.append(Colours.truecolor(backgrounds.get(i + 1), true));
      line.append(ARROW).append(Colours.RESET);
    }
    return line.toString();
  }

  /** "icon text", or null when the module has nothing to show. */
  private String shown(Module m) {
    boolean isScript = "script".equals(m.type());
    if (!isScript && Variables.allUnknown(m.text(), variables)) return null;
    String text = isScript ? script.apply(m) : Variables.fill(m.text(), variables);
    if (text == null || text.isEmpty()) return null;
    String icon = m.icon() == null ? "" : simpleIcons ? withoutPrivateUse(m.icon()) : m.icon();
    return icon.isEmpty() ? text : icon + " " + text;
  }

  /** {@code s} without private-use code points, where Nerd Fonts keep their glyphs. */
  static String withoutPrivateUse(String s) {
    StringBuilder out = new StringBuilder();
    s.codePoints().filter(c -> Character.getType(c) != Character.PRIVATE_USE).forEach(out::appendCodePoint);
    return out.toString().trim();
  }
}
