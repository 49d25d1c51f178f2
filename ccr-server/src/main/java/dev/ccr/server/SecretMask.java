package dev.ccr.server;

import dev.ccr.internal.Redaction;
import dev.ccr.json.JsonArray;
import dev.ccr.json.JsonObject;
import dev.ccr.json.JsonString;
import dev.ccr.json.JsonValue;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The other half of {@link Redaction} for a config sent back by the UI: a secret still reading
 * {@code <redacted>} means "keep the stored one"; a {@code <redacted:…>} token keeps the one key of a
 * list (or the {@code RATE_LIMITS.keys} client key) it stands for; a URL sent back exactly as shown
 * keeps the stored one. Entries of a list are matched by {@code name} when they have one (so
 * reordering providers keeps their keys), else by position; where that would be a guess, nothing is kept.
 */
final class SecretMask {
  static final int MAX_CHANGES = 200;

  private SecretMask() {}

  /** {@code sent} with each {@code <redacted>} secret replaced by the stored value at its place; a problem when there is none. */
  static JsonValue restore(JsonValue sent, JsonValue stored, String path, List<String> problems) {
    if (sent instanceof JsonObject o) {
      JsonObject before = stored instanceof JsonObject s ? s : null;
      Map<String, JsonValue> out = new LinkedHashMap<>();
      for (Map.Entry<String, JsonValue> e : o.members().entrySet()) {
        JsonValue was = before == null ? null : before.get(e.getKey());
        String at = join(path, e.getKey());
        out.put(e.getKey(), Redaction.isSecretName(e.getKey()) ? secret(e.getValue(), was, at, problems)
            : Redaction.holdsSecrets(e.getKey()) && e.getValue() instanceof JsonObject h ? everySecret(h, was, at, problems)
            : at.equals("RATE_LIMITS.keys") && e.getValue() instanceof JsonObject k ? clientKeys(k, was, at, problems)
            : restore(e.getValue(), was, at, problems));
      }
      return JsonObject.of(out);
    }
    if (sent instanceof JsonString s && s.value().contains(Redaction.REDACTED)) {
      // a URL shown with its password or key masked: kept only when sent back exactly as it was shown
      if (stored instanceof JsonString k && !k.equals(sent) && Redaction.url(k.value()).equals(s.value())) return stored;
      if (!(stored instanceof JsonString k && k.equals(sent))) {
        problems.add(path + ": holds " + Redaction.REDACTED + " but is not the stored value as shown; type the whole value"
            + " (credentials included) or use a $VAR");
      }
      return sent;
    }
    if (sent instanceof JsonArray a) {
      List<JsonValue> out = new ArrayList<>();
      for (int i = 0; i < a.size(); i++) {
        out.add(restore(a.get(i), counterpart(a, i, stored), path + "[" + i + "]", problems));
      }
      return JsonArray.of(out);
    }
    return sent;
  }

  /** A member Redaction masks whole (a provider's {@code headers}): each value is a secret, whatever its name. */
  private static JsonObject everySecret(JsonObject sent, JsonValue stored, String path, List<String> problems) {
    JsonObject before = stored instanceof JsonObject s ? s : null;
    Map<String, JsonValue> out = new LinkedHashMap<>();
    sent.members().forEach((k, v) -> out.put(k, secret(v, before == null ? null : before.get(k), join(path, k), problems)));
    return JsonObject.of(out);
  }

  /** {@code RATE_LIMITS.keys}: a member named by a key's token gets the stored key's name back. */
  private static JsonObject clientKeys(JsonObject sent, JsonValue stored, String path, List<String> problems) {
    JsonObject before = stored instanceof JsonObject s ? s : JsonObject.of();
    Map<String, JsonValue> out = new LinkedHashMap<>();
    sent.members().forEach((name, v) -> {
      String key = name;
      if (Redaction.isMask(name)) {
        key = before.members().keySet().stream().filter(k -> Redaction.token(k).equals(name)).findFirst().orElse(null);
        if (key == null) {
          problems.add(path + ": " + name + " names no stored client key (the server may have restarted since the page"
              + " loaded); type the key or a $VAR");
          key = name;
        }
      }
      out.put(key, restore(v, before.get(key), join(path, name), problems));
    });
    return JsonObject.of(out);
  }

  private static JsonValue secret(JsonValue sent, JsonValue stored, String path, List<String> problems) {
    if (sent instanceof JsonString s && Redaction.isMask(s.value())) {
      if (stored instanceof JsonString k && (s.value().equals(Redaction.REDACTED) || s.value().equals(Redaction.token(k.value())))) {
        return stored;
      }
      problems.add(path + ": is " + s.value() + " but there is no stored secret there to keep; type the key or a $VAR");
      return sent;
    }
    if (sent instanceof JsonArray a) {
      // a list's elements are matched by their token, never by position: deleting one keeps the others
      List<JsonValue> out = new ArrayList<>();
      JsonArray before = stored instanceof JsonArray b ? b : JsonArray.of(List.of());
      for (int i = 0; i < a.size(); i++) {
        JsonValue element = a.get(i);
        String at = path + "[" + i + "]";
        if (element instanceof JsonString s && Redaction.isMask(s.value())) {
          JsonValue kept = before.elements().stream()
              .filter(v -> v instanceof JsonString k && Redaction.token(k.value()).equals(s.value())).findFirst().orElse(null);
          if (kept == null) {
            problems.add(at + ": is " + s.value() + " but no stored key of this list has that token (the server may have"
                + " restarted since the page loaded); type the key or a $VAR");
          }
          out.add(kept == null ? element : kept);
        } else {
          out.add(secret(element, null, at, problems));
        }
      }
      return JsonArray.of(out);
    }
    return restore(sent, stored, path, problems);
  }

  /**
   * The stored element the element sent at {@code index} stands for: the one of the same {@code
   * name}; else, for a renamed entry, the stored one whose name is no longer sent when there is only
   * one (with two or more gone, which is which is a guess: none, so a masked key there is refused);
   * else (no names) the one at that index.
   */
  private static JsonValue counterpart(JsonArray sent, int index, JsonValue stored) {
    if (!(stored instanceof JsonArray before)) return null;
    JsonValue element = sent.get(index);
    JsonValue atIndex = index < before.size() ? before.get(index) : null;
    if (element instanceof JsonObject o && o.get("name") instanceof JsonString name) {
      for (JsonValue v : before.elements()) {
        if (v instanceof JsonObject b && name.equals(b.get("name"))) return b;
      }
      List<JsonValue> gone = before.elements().stream().filter(v -> v instanceof JsonObject b && b.get("name") != null
          && sent.elements().stream().noneMatch(x -> x instanceof JsonObject y && b.get("name").equals(y.get("name")))).toList();
      return gone.size() == 1 ? gone.get(0) : null; // else new, or one of several renamed/deleted: never guess
    }
    return atIndex;
  }

  /**
   * What differs between two configs, one line per JSON path. The values themselves are compared (a
   * changed secret is a change even though both sides print as {@code <redacted>}); secrets are masked
   * only where a line is written.
   */
  static List<String> changes(JsonObject before, JsonObject after) {
    List<String> out = new ArrayList<>();
    diff("", before, after, false, out);
    return out.size() > MAX_CHANGES ? out.subList(0, MAX_CHANGES) : out;
  }

  private static void diff(String path, JsonValue a, JsonValue b, boolean secret, List<String> out) {
    if (Objects.equals(a, b)) return;
    if (a instanceof JsonObject oa && b instanceof JsonObject ob) {
      Set<String> keys = new LinkedHashSet<>(oa.members().keySet());
      keys.addAll(ob.members().keySet());
      for (String k : keys) {
        boolean inner = secret || Redaction.isSecretName(k) || Redaction.holdsSecrets(k);
        String name = path.equals("RATE_LIMITS.keys") && Redaction.isSecretKeyName(k) ? Redaction.token(k) : k;
        diff(join(path, name), oa.get(k), ob.get(k), inner, out);
      }
      return;
    }
    if (a instanceof JsonArray xa && b instanceof JsonArray xb && (secret || hasObjects(xa) && hasObjects(xb))) {
      for (int i = 0; i < Math.max(xa.size(), xb.size()); i++) {
        diff(path + "[" + i + "]", i < xa.size() ? xa.get(i) : null, i < xb.size() ? xb.get(i) : null, secret, out);
      }
      return;
    }
    String at = path.isEmpty() ? "(the whole config)" : path;
    String was = shown(path, a, secret);
    String now = shown(path, b, secret);
    if (a == null) out.add(at + ": added " + now);
    else if (b == null) out.add(at + ": removed (was " + was + ")");
    else if (was.equals(now)) out.add(at + ": " + Redaction.REDACTED + " changed");
    else out.add(at + ": " + was + " -> " + now);
  }

  private static String shown(String path, JsonValue v, boolean secret) {
    if (v == null) return "";
    if (secret) return Redaction.hideValue(v).toString();
    if (path.equals("RATE_LIMITS") || path.equals("RATE_LIMITS.keys")) { // masked by the member that holds them
      String member = path.equals("RATE_LIMITS") ? "RATE_LIMITS" : "keys";
      JsonObject wrapped = (JsonObject) Redaction.redact(path.equals("RATE_LIMITS") ? JsonObject.builder().put(member, v).build()
          : JsonObject.builder().put("RATE_LIMITS", JsonObject.builder().put(member, v).build()).build());
      return (path.equals("RATE_LIMITS") ? wrapped.get(member) : wrapped.getObject("RATE_LIMITS").get(member)).toString();
    }
    return Redaction.redact(v).toString();
  }

  private static boolean hasObjects(JsonArray a) {
    return a.elements().stream().anyMatch(v -> v instanceof JsonObject);
  }

  private static String join(String path, String key) {
    return path.isEmpty() ? key : path + "." + key;
  }
}
