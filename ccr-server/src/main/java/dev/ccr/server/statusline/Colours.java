package dev.ccr.server.statusline;

import java.util.List;

/**
 * ANSI colours by the original's names ({@code red}, {@code bright_blue}, {@code bg_bright_green}) or as
 * hex ({@code #ff8800}, {@code f80}, {@code bg_#ff8800}) in 24-bit colour.
 */
final class Colours {
  static final String RESET = "\u001b[0m";
  private static final List<String> NAMES =
      List.of("black", "red", "green", "yellow", "blue", "magenta", "cyan", "white");
  /** The xterm palette's first 16 colours, as the original's powerline style turns names into RGB. */
  private static final int[][] BASIC = {{0, 0, 0}, {128, 0, 0}, {0, 128, 0}, {128, 128, 0}, {0, 0, 128}, {128, 0, 128},
      {0, 128, 128}, {192, 192, 192}, {128, 128, 128}, {255, 0, 0}, {0, 255, 0}, {255, 255, 0}, {0, 0, 255},
      {255, 0, 255}, {0, 255, 255}, {255, 255, 255}};

  private Colours() {}

  /** The escape that sets {@code name} as the text colour in the default style; "" when unknown. */
  static String foreground(String name) {
    return code(name, false);
  }

  /** The escape that sets {@code name} as the background in the default style; "" when unknown. */
  static String background(String name) {
    return code(name, true);
  }

  private static String code(String name, boolean background) {
    if (name == null || name.isBlank()) return "";
    String n = name.trim();
    boolean bgName = n.startsWith("bg_");
    if (bgName) n = n.substring(3);
    boolean isBackground = background || bgName;
    int[] rgb = hex(n);
    if (rgb != null) return truecolor(rgb, isBackground);
    boolean bright = n.startsWith("bright_");
    int index = NAMES.indexOf(bright ? n.substring("bright_".length()) : n);
    if (index < 0) return "";
    return "\u001b[" + ((isBackground ? 40 : 30) + (bright ? 60 : 0) + index) + "m";
  }

  /** {@code name} as RGB for the powerline style (names through the xterm palette); null when unknown. */
  static int[] rgb(String name) {
    if (name == null || name.isBlank()) return null;
    String n = name.trim();
    if (n.startsWith("bg_")) n = n.substring(3);
    int[] rgb = hex(n);
    if (rgb != null) return rgb;
    switch (n) {
      case "bright_orange":
        return new int[] {255, 95, 0}; // the original's 256-colour 202
      case "bright_purple":
        return new int[] {175, 0, 255}; // and 129
      default:
        break;
    }
    boolean bright = n.startsWith("bright_");
    int index = NAMES.indexOf(bright ? n.substring("bright_".length()) : n);
    return index < 0 ? null : BASIC[index + (bright ? 8 : 0)].clone();
  }

  static String truecolor(int[] rgb, boolean background) {
    return "\u001b[" + (background ? 48 : 38) + ";2;" + rgb[0] + ";" + rgb[1] + ";" + rgb[2] + "m";
  }

  /** {@code #rrggbb}, {@code rrggbb}, {@code #rgb} or {@code rgb}; null when not hex. */
  static int[] hex(String s) {
    String h = s.startsWith("#") ? s.substring(1) : s;
    if (h.length() == 3) h = "" + h.charAt(0) + h.charAt(0) + h.charAt(1) + h.charAt(1) + h.charAt(2) + h.charAt(2);
    if (h.length() != 6) return null;
    for (int i = 0; i < 6; i++) {
      if (Character.digit(h.charAt(i), 16) < 0) return null;
    }
    return new int[] {Integer.parseInt(h.substring(0, 2), 16), Integer.parseInt(h.substring(2, 4), 16),
        Integer.parseInt(h.substring(4, 6), 16)};
  }
}
