package dev.ccr.rules;

import java.util.LinkedHashMap;
import java.util.Map;

/** The facts a routing rule's condition may name, with their types; the README lists them with their meaning. */
public final class RequestFacts {
  public static final String CONTEXT_LENGTH = "context_length";
  public static final String SCENARIO = "scenario";
  public static final String MODEL = "model";
  public static final String HAS_TOOLS = "has_tools";
  public static final String HAS_IMAGES = "has_images";
  public static final String THINKING = "thinking";
  public static final String SESSION_ID = "session_id";
  public static final String PROJECT = "project";
  public static final String MESSAGE_COUNT = "message_count";
  public static final String LAST_USER_TEXT = "last_user_text";
  public static final String HOUR = "hour";
  public static final String BUDGET_USED = "budget_used";

  private static final Map<String, FactType> TYPES = types(
      CONTEXT_LENGTH, FactType.NUMBER, SCENARIO, FactType.STRING, MODEL, FactType.STRING,
      HAS_TOOLS, FactType.BOOLEAN, HAS_IMAGES, FactType.BOOLEAN, THINKING, FactType.BOOLEAN,
      SESSION_ID, FactType.STRING, PROJECT, FactType.STRING, MESSAGE_COUNT, FactType.NUMBER,
      LAST_USER_TEXT, FactType.STRING, HOUR, FactType.NUMBER, BUDGET_USED, FactType.NUMBER);

  /** The values {@link #SCENARIO} takes: the built-in scenarios a rule can see (image is decided before the rules). */
  public static final java.util.List<String> SCENARIOS = java.util.List.of(
      "longContext", "subagent", "background", "webSearch", "think", "default");

  private RequestFacts() {}

  /** Every fact name and its type, in the order the README lists them. */
  public static Map<String, FactType> types() {
    return TYPES;
  }

  private static Map<String, FactType> types(Object... pairs) {
    Map<String, FactType> m = new LinkedHashMap<>();
    for (int i = 0; i < pairs.length; i += 2) m.put((String) pairs[i], (FactType) pairs[i + 1]);
    return java.util.Collections.unmodifiableMap(m);
  }
}
