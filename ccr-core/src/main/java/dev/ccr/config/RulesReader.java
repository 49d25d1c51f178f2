package dev.ccr.config;

import dev.ccr.json.JsonArray;
import dev.ccr.json.JsonObject;
import dev.ccr.json.JsonString;
import dev.ccr.json.JsonValue;
import dev.ccr.rules.Condition;
import dev.ccr.rules.RequestFacts;
import dev.ccr.rules.RuleSyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.BiFunction;

/**
 * Reads the {@code routing} section: {@code {"rules": [{"condition": "...", "route": "provider,model"}]}},
 * where a rule may give {@code provider} and {@code model} instead of {@code route}, and may have a
 * {@code name} and its own {@code fallback} list.
 */
final class RulesReader {
  private static final Set<String> RULE_KEYS = Set.of("condition", "route", "provider", "model", "name", "fallback",
      "description");

  private RulesReader() {}

  /**
   * The rules in {@code routing}, in order; problems (with JSON paths, and a caret under the column of
   * a condition's error) go to {@code problems}. {@code target} checks a {@code provider,model} against
   * the configured providers, reporting under the path it is given, and returns null when it is bad.
   */
  static List<RoutingRule> read(JsonValue routing, BiFunction<String, String, RouteTarget> target,
      List<String> problems, List<String> warnings) {
    List<RoutingRule> out = new ArrayList<>();
    if (routing == null || routing.isNull()) return out;
    if (!(routing instanceof JsonObject o)) {
      problems.add("routing must be an object such as {\"rules\": [...]}");
      return out;
    }
    JsonValue rules = o.get("rules");
    if (rules == null || rules.isNull()) return out;
    if (!(rules instanceof JsonArray a)) {
      problems.add("routing.rules must be a list of {\"condition\": ..., \"route\": \"provider,model\"} entries");
      return out;
    }
    for (int i = 0; i < a.size(); i++) {
      String path = "routing.rules[" + i + "]";
      if (!(a.get(i) instanceof JsonObject rule)) {
        problems.add(path + " must be an object with \"condition\" and \"route\"");
        continue;
      }
      RoutingRule r = rule(rule, path, target, problems, warnings);
      if (r != null) out.add(r);
    }
    return out;
  }

  private static RoutingRule rule(JsonObject rule, String path, BiFunction<String, String, RouteTarget> target,
      List<String> problems, List<String> warnings) {
    int before = problems.size();
    for (String key : rule.members().keySet()) {
      if (!RULE_KEYS.contains(key)) {
        warnings.add(path + "." + key + " is not a rule setting (they are condition, route or provider and model, "
            + "name, fallback); it is ignored");
      }
    }
    Condition condition = null;
    JsonValue c = rule.get("condition");
    if (!(c instanceof JsonString cs)) {
      problems.add(path + ".condition is missing; it must be a string such as \"context_length > 32000\"");
    } else {
      try {
        condition = Condition.parse(cs.value(), RequestFacts.types());
        for (String v : condition.literalsComparedWith(RequestFacts.SCENARIO)) {
          if (!RequestFacts.SCENARIOS.contains(v)) {
            warnings.add(path + ".condition compares scenario with '" + v + "', which it never is"
                + Names.suggestion(v, RequestFacts.SCENARIOS) + "; the scenarios are " + String.join(", ", RequestFacts.SCENARIOS));
          }
        }
      } catch (RuleSyntaxException e) {
        problems.add(e.describe(path + ".condition", cs.value()));
      }
    }
    RouteTarget to = route(rule, path, target, problems);
    List<RouteTarget> fallback = new ArrayList<>();
    JsonValue f = rule.get("fallback");
    if (f instanceof JsonArray fa) {
      for (int j = 0; j < fa.size(); j++) {
        String s = fa.get(j).asString();
        if (s == null) problems.add(path + ".fallback[" + j + "] must be a \"provider,model\" string");
        else {
          RouteTarget t = target.apply(s, path + ".fallback[" + j + "]");
          if (t != null) fallback.add(t);
        }
      }
    } else if (f != null && !f.isNull()) {
      problems.add(path + ".fallback must be a list of \"provider,model\" strings");
    }
    JsonValue n = rule.get("name");
    String name = null;
    if (n instanceof JsonString ns && !ns.value().isBlank()) name = ns.value().trim();
    else if (n != null && !n.isNull() && !(n instanceof JsonString)) problems.add(path + ".name must be a string");
    if (problems.size() > before || condition == null || to == null) return null;
    return new RoutingRule(path, name, condition, to, fallback);
  }

  private static RouteTarget route(JsonObject rule, String path, BiFunction<String, String, RouteTarget> target,
      List<String> problems) {
    JsonValue route = rule.get("route");
    JsonValue provider = rule.get("provider");
    JsonValue model = rule.get("model");
    if (route != null && !route.isNull()) {
      if (provider != null || model != null) {
        problems.add(path + " gives both \"route\" and \"provider\"/\"model\"; give one of them");
        return null;
      }
      if (!(route instanceof JsonString rs)) {
        problems.add(path + ".route must be a \"provider,model\" string");
        return null;
      }
      return target.apply(rs.value(), path + ".route");
    }
    if (provider == null && model == null) {
      problems.add(path + " needs \"route\": \"provider,model\" (or \"provider\" and \"model\")");
      return null;
    }
    String p = provider == null ? null : provider.asString();
    String m = model == null ? null : model.asString();
    if (p == null || p.isBlank() || m == null || m.isBlank()) {
      problems.add(path + " needs both \"provider\" and \"model\" as strings");
      return null;
    }
    return target.apply(p + "," + m, path + ".provider");
  }
}
