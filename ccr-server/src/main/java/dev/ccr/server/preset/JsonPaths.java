package dev.ccr.server.preset;

import dev.ccr.json.JsonArray;
import dev.ccr.json.JsonObject;
import dev.ccr.json.JsonValue;
import java.util.ArrayList;
import java.util.List;

/** Paths such as {@code Providers[0].api_key}, as the original's {@code configMappings} name a place in the config. */
final class JsonPaths {
  private JsonPaths() {}

  /** The steps of {@code path}: member names as strings, array indexes as integers; empty when it is not a path. */
  static List<Object> steps(String path) {
    List<Object> steps = new ArrayList<>();
    int i = 0;
    StringBuilder name = new StringBuilder();
    while (i < path.length()) {
      char c = path.charAt(i);
      if (c == '.') {
        if (name.length() > 0) steps.add(name.toString());
        name.setLength(0);
        i++;
      } else if (c == '[') {
        if (name.length() > 0) steps.add(name.toString());
        name.setLength(0);
        int end = path.indexOf(']', i);
        if (end < 0) return List.of();
        try {
          steps.add(Integer.parseInt(path.substring(i + 1, end).trim()));
        } catch (NumberFormatException e) {
          return List.of();
        }
        i = end + 1;
      } else {
        name.append(c);
        i++;
      }
    }
    if (name.length() > 0) steps.add(name.toString());
    return steps;
  }

  /**
   * A copy of {@code root} with {@code value} at {@code path}, creating objects and arrays on the way
   * as the original does; null when the path cannot be followed (an index past the end of an array,
   * or a step into a string).
   */
  static JsonObject set(JsonObject root, String path, JsonValue value) {
    List<Object> steps = steps(path);
    if (steps.isEmpty() || !(steps.get(0) instanceof String)) return null;
    JsonValue out = set(root, steps, 0, value);
    return out instanceof JsonObject o ? o : null;
  }

  private static JsonValue set(JsonValue node, List<Object> steps, int at, JsonValue value) {
    if (at == steps.size()) return value;
    Object step = steps.get(at);
    Object next = at + 1 < steps.size() ? steps.get(at + 1) : null;
    if (step instanceof String name) {
      JsonObject o = node instanceof JsonObject obj ? obj : node == null ? JsonObject.of() : null;
      if (o == null) return null;
      JsonValue child = o.get(name);
      if (child == null) child = next instanceof Integer ? JsonArray.of() : next == null ? null : JsonObject.of();
      JsonValue changed = set(child, steps, at + 1, value);
      return changed == null ? null : o.with(name, changed);
    }
    int index = (Integer) step;
    JsonArray a = node instanceof JsonArray arr ? arr : node == null ? JsonArray.of() : null;
    if (a == null || index < 0 || index > a.size()) return null;
    List<JsonValue> elements = new ArrayList<>(a.elements());
    JsonValue child = index < elements.size() ? elements.get(index)
        : next instanceof Integer ? JsonArray.of() : next == null ? null : JsonObject.of();
    JsonValue changed = set(child, steps, at + 1, value);
    if (changed == null) return null;
    if (index == elements.size()) elements.add(changed);
    else elements.set(index, changed);
    return JsonArray.of(elements);
  }
}
