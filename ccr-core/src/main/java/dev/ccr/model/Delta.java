package dev.ccr.model;

import dev.ccr.json.JsonObject;
import dev.ccr.json.JsonValue;
import java.util.Objects;

/** The {@code delta} of a {@code content_block_delta} event. */
public sealed interface Delta {

  String type();

  JsonObject extra();

  /** {@code text_delta}. */
  record Text(String text, JsonObject extra) implements Delta {
    public Text {
      Objects.requireNonNull(text, "text");
      extra = Extra.orEmpty(extra);
    }

    public Text(String text) {
      this(text, JsonObject.of());
    }

    @Override
    public String type() {
      return "text_delta";
    }
  }

  /** {@code input_json_delta}: a fragment of a tool call's input JSON. */
  record InputJson(String partialJson, JsonObject extra) implements Delta {
    public InputJson {
      Objects.requireNonNull(partialJson, "partialJson");
      extra = Extra.orEmpty(extra);
    }

    public InputJson(String partialJson) {
      this(partialJson, JsonObject.of());
    }

    @Override
    public String type() {
      return "input_json_delta";
    }
  }

  /** {@code thinking_delta}. */
  record Thinking(String thinking, JsonObject extra) implements Delta {
    public Thinking {
      Objects.requireNonNull(thinking, "thinking");
      extra = Extra.orEmpty(extra);
    }

    public Thinking(String thinking) {
      this(thinking, JsonObject.of());
    }

    @Override
    public String type() {
      return "thinking_delta";
    }
  }

  /** {@code signature_delta}: the signature that closes a thinking block. */
  record Signature(String signature, JsonObject extra) implements Delta {
    public Signature {
      Objects.requireNonNull(signature, "signature");
      extra = Extra.orEmpty(extra);
    }

    public Signature(String signature) {
      this(signature, JsonObject.of());
    }

    @Override
    public String type() {
      return "signature_delta";
    }
  }

  /** {@code citations_delta}: one citation for the current text block. */
  record Citations(JsonValue citation, JsonObject extra) implements Delta {
    public Citations {
      Objects.requireNonNull(citation, "citation");
      extra = Extra.orEmpty(extra);
    }

    @Override
    public String type() {
      return "citations_delta";
    }
  }

  /** A delta type ccr does not model; {@code raw} is the whole delta. */
  record Unknown(String type, JsonObject raw) implements Delta {
    public Unknown {
      Objects.requireNonNull(type, "type");
      Objects.requireNonNull(raw, "raw");
    }

    @Override
    public JsonObject extra() {
      return raw;
    }
  }
}
