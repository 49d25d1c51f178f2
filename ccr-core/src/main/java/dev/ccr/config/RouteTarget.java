package dev.ccr.config;

import java.util.Objects;

/** A {@code "provider,model"} pair as config.json writes it. */
public record RouteTarget(String provider, String model) {
  public RouteTarget {
    Objects.requireNonNull(provider, "provider");
    Objects.requireNonNull(model, "model");
  }

  /**
   * Parses {@code "provider,model"}; the model may itself contain commas or slashes. Returns null
   * when there is no comma.
   */
  public static RouteTarget parse(String text) {
    if (text == null) return null;
    int comma = text.indexOf(',');
    if (comma <= 0 || comma == text.length() - 1) return null;
    return new RouteTarget(text.substring(0, comma).trim(), text.substring(comma + 1).trim());
  }

  @Override
  public String toString() {
    return provider + "," + model;
  }
}
