package dev.ccr.json;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/** An immutable JSON array. */
public final class JsonArray implements JsonValue {
  private static final JsonArray EMPTY = new JsonArray(List.of());

  private final List<JsonValue> elements;

  private JsonArray(List<JsonValue> elements) {
    this.elements = elements;
  }

  public static JsonArray of(List<? extends JsonValue> elements) {
    if (elements.isEmpty()) return EMPTY;
    ArrayList<JsonValue> copy = new ArrayList<>(elements.size());
    for (JsonValue e : elements) copy.add(Objects.requireNonNull(e, "element"));
    return new JsonArray(Collections.unmodifiableList(copy));
  }

  public static JsonArray of(JsonValue... elements) {
    return of(List.of(elements));
  }

  static JsonArray adopt(ArrayList<JsonValue> elements) {
    return elements.isEmpty() ? EMPTY : new JsonArray(Collections.unmodifiableList(elements));
  }

  /** The elements, unmodifiable. */
  public List<JsonValue> elements() {
    return elements;
  }

  public JsonValue get(int index) {
    return elements.get(index);
  }

  public int size() {
    return elements.size();
  }

  public boolean isEmpty() {
    return elements.isEmpty();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof JsonArray other && elements.equals(other.elements);
  }

  @Override
  public int hashCode() {
    return elements.hashCode();
  }

  @Override
  public String toString() {
    return toJson();
  }
}
