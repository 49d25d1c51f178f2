package dev.ccr.model;

import dev.ccr.json.JsonObject;

final class Extra {
  private Extra() {}

  static JsonObject orEmpty(JsonObject extra) {
    return extra == null ? JsonObject.of() : extra;
  }
}
