package dev.ccr.usage;

import java.util.Locale;
import java.util.Map;
import java.util.OptionalInt;

/** How many tokens the popular models read at most, by model name prefix; the longest matching prefix wins. */
public final class ContextWindows {
  private static final Map<String, Integer> KNOWN = Map.ofEntries(
      Map.entry("deepseek-chat", 128_000),
      Map.entry("deepseek-reasoner", 128_000),
      Map.entry("claude-", 200_000),
      Map.entry("gpt-4o", 128_000),
      Map.entry("gpt-4.1", 1_047_576),
      Map.entry("gemini-2.5", 1_048_576),
      Map.entry("kimi-k2", 131_072),
      Map.entry("qwen3-coder", 262_144));

  private ContextWindows() {}

  /** The context window of {@code model} ({@code vendor/} prefixes ignored); empty when unknown. */
  public static OptionalInt of(String model) {
    String m = model.toLowerCase(Locale.ROOT);
    m = m.substring(m.lastIndexOf('/') + 1);
    String best = null;
    for (String prefix : KNOWN.keySet()) {
      if (m.startsWith(prefix) && (best == null || prefix.length() > best.length())) best = prefix;
    }
    return best == null ? OptionalInt.empty() : OptionalInt.of(KNOWN.get(best));
  }
}
