package dev.ccr.json;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/** An immutable JSON object that keeps its members in the order they were read or added. */
public final class JsonObject implements JsonValue {
  private static final JsonObject EMPTY = new JsonObject(Map.of());

  private final Map<String, JsonValue> members;

  private JsonObject(Map<String, JsonValue> members) {
    this.members = members;
  }

  public static JsonObject of() {
    return EMPTY;
  }

  /** A copy of {@code members}, in their iteration order. */
  public static JsonObject of(Map<String, ? extends JsonValue> members) {
    if (members.isEmpty()) return EMPTY;
    LinkedHashMap<String, JsonValue> copy = new LinkedHashMap<>(members.size() * 2);
    members.forEach(
        (k, v) -> copy.put(Objects.requireNonNull(k, "name"), Objects.requireNonNull(v, k)));
    return new JsonObject(Collections.unmodifiableMap(copy));
  }

  /** Wraps a map the caller gives up; no copy. */
  static JsonObject adopt(LinkedHashMap<String, JsonValue> members) {
    return members.isEmpty() ? EMPTY : new JsonObject(Collections.unmodifiableMap(members));
  }

  public static Builder builder() {
    return new Builder(new LinkedHashMap<>());
  }

  public Builder toBuilder() {
    return new Builder(new LinkedHashMap<>(members));
  }

  /** The members, unmodifiable, in order. */
  public Map<String, JsonValue> members() {
    return members;
  }

  public JsonValue get(String name) {
    return members.get(name);
  }

  public boolean has(String name) {
    return members.containsKey(name);
  }

  public int size() {
    return members.size();
  }

  public boolean isEmpty() {
    return members.isEmpty();
  }

  /** The member's string value, or null when it is missing or not a string. */
  public String getString(String name) {
    JsonValue v = members.get(name);
    return v instanceof JsonString s ? s.value() : null;
  }

  /** The member as an object, or null when it is missing or not an object. */
  public JsonObject getObject(String name) {
    JsonValue v = members.get(name);
    return v instanceof JsonObject o ? o : null;
  }

  /** The member as an array, or null when it is missing or not an array. */
  public JsonArray getArray(String name) {
    JsonValue v = members.get(name);
    return v instanceof JsonArray a ? a : null;
  }

  /** The member as a number, or null when it is missing or not a number. */
  public JsonNumber getNumber(String name) {
    JsonValue v = members.get(name);
    return v instanceof JsonNumber n ? n : null;
  }

  /** The member as a boolean, or null when it is missing or not a boolean. */
  public Boolean getBoolean(String name) {
    JsonValue v = members.get(name);
    return v instanceof JsonBoolean b ? b.value() : null;
  }

  /** A copy with {@code name} set to {@code value} (replacing it in place when present). */
  public JsonObject with(String name, JsonValue value) {
    return toBuilder().put(name, value).build();
  }

  /** A copy without {@code name}; this object when it has no such member. */
  public JsonObject without(String name) {
    if (!members.containsKey(name)) return this;
    LinkedHashMap<String, JsonValue> copy = new LinkedHashMap<>(members);
    copy.remove(name);
    return adopt(copy);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof JsonObject other && members.equals(other.members);
  }

  @Override
  public int hashCode() {
    return members.hashCode();
  }

  @Override
  public String toString() {
    return toJson();
  }

  /** Builds a {@link JsonObject}; keeps insertion order. */
  public static final class Builder {
    private LinkedHashMap<String, JsonValue> members;

    private Builder(LinkedHashMap<String, JsonValue> members) {
      this.members = members;
    }

    public Builder put(String name, JsonValue value) {
      members.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, name));
      return this;
    }

    public Builder put(String name, String value) {
      return put(name, JsonString.of(value));
    }

    public Builder put(String name, long value) {
      return put(name, JsonNumber.of(value));
    }

    public Builder put(String name, boolean value) {
      return put(name, JsonBoolean.of(value));
    }

    public Builder putAll(Map<String, ? extends JsonValue> values) {
      values.forEach(this::put);
      return this;
    }

    public Builder remove(String name) {
      members.remove(name);
      return this;
    }

    public JsonObject build() {
      JsonObject result = adopt(members);
      members = new LinkedHashMap<>(members);
      return result;
    }
  }
}
