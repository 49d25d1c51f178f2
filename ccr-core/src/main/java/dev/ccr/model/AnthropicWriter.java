package dev.ccr.model;

import com.squareup.moshi.JsonWriter;
import dev.ccr.json.Json;
import dev.ccr.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import okio.Buffer;

/** Writes the Anthropic wire format with a Moshi {@link JsonWriter}; see {@link AnthropicJson}. */
final class AnthropicWriter {
  private AnthropicWriter() {}

  interface Writing {
    void write(JsonWriter w) throws IOException;
  }

  static String toText(Writing writing) {
    Buffer buffer = new Buffer();
    JsonWriter w = JsonWriter.of(buffer);
    w.setSerializeNulls(true);
    try {
      writing.write(w);
      w.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return buffer.readUtf8();
  }

  static void writeRequest(JsonWriter w, MessagesRequest r) throws IOException {
    ObjectOut o = new ObjectOut(w);
    o.string("model", r.model());
    o.member("messages");
    w.beginArray();
    for (Message m : r.messages()) writeMessage(w, m);
    w.endArray();
    if (r.system() != null) {
      o.member("system");
      writeContent(w, r.system());
    }
    o.integer("max_tokens", r.maxTokens());
    if (r.stopSequences() != null) {
      o.member("stop_sequences");
      w.beginArray();
      for (String s : r.stopSequences()) w.value(s);
      w.endArray();
    }
    o.number("temperature", r.temperature());
    o.number("top_p", r.topP());
    o.integer("top_k", r.topK());
    o.bool("stream", r.stream());
    if (r.metadata() != null) {
      o.member("metadata");
      new ObjectOut(w).string("user_id", r.metadata().userId()).end(r.metadata().extra());
    }
    if (r.tools() != null) {
      o.member("tools");
      w.beginArray();
      for (Tool t : r.tools()) {
        new ObjectOut(w)
            .string("type", t.type())
            .string("name", t.name())
            .string("description", t.description())
            .tree("input_schema", t.inputSchema())
            .end(t.extra());
      }
      w.endArray();
    }
    if (r.toolChoice() != null) {
      ToolChoice c = r.toolChoice();
      o.member("tool_choice");
      new ObjectOut(w)
          .string("type", c.type())
          .string("name", c.name())
          .bool("disable_parallel_tool_use", c.disableParallelToolUse())
          .end(c.extra());
    }
    if (r.thinking() != null) {
      Thinking t = r.thinking();
      o.member("thinking");
      new ObjectOut(w).string("type", t.type()).integer("budget_tokens", t.budgetTokens()).end(t.extra());
    }
    o.end(r.extra());
  }

  private static void writeMessage(JsonWriter w, Message m) throws IOException {
    ObjectOut o = new ObjectOut(w);
    o.string("role", m.role());
    o.member("content");
    writeContent(w, m.content());
    o.end(m.extra());
  }

  private static void writeContent(JsonWriter w, Content c) throws IOException {
    if (c instanceof Content.Text t) {
      w.value(t.value());
    } else {
      w.beginArray();
      for (ContentBlock b : c.blocks()) writeBlock(w, b);
      w.endArray();
    }
  }

  static void writeBlock(JsonWriter w, ContentBlock block) throws IOException {
    if (block instanceof UnknownBlock u) {
      Json.write(w, u.raw());
      return;
    }
    ObjectOut o = new ObjectOut(w);
    o.string("type", block.type());
    if (block instanceof TextBlock b) {
      o.string("text", b.text()).tree("citations", b.citations());
    } else if (block instanceof ImageBlock b) {
      ImageSource s = b.source();
      o.member("source");
      new ObjectOut(w)
          .string("type", s.type())
          .string("media_type", s.mediaType())
          .string("data", s.data())
          .string("url", s.url())
          .end(s.extra());
    } else if (block instanceof DocumentBlock b) {
      o.tree("source", b.source()).string("title", b.title()).string("context", b.context());
    } else if (block instanceof ToolUseBlock b) {
      o.string("id", b.id()).string("name", b.name()).tree("input", b.input());
    } else if (block instanceof ToolResultBlock b) {
      o.string("tool_use_id", b.toolUseId());
      if (b.content() != null) {
        o.member("content");
        writeContent(w, b.content());
      }
      o.bool("is_error", b.isError());
    } else if (block instanceof ThinkingBlock b) {
      o.string("thinking", b.thinking()).string("signature", b.signature());
    } else if (block instanceof RedactedThinkingBlock b) {
      o.string("data", b.data());
    } else if (block instanceof ServerToolUseBlock b) {
      o.string("id", b.id()).string("name", b.name()).tree("input", b.input());
    } else if (block instanceof WebSearchToolResultBlock b) {
      o.string("tool_use_id", b.toolUseId()).tree("content", b.content());
    }
    o.end(block.extra());
  }

  static void writeResponse(JsonWriter w, MessagesResponse r) throws IOException {
    ObjectOut o = new ObjectOut(w);
    o.string("id", r.id()).string("type", "message").string("role", r.role()).string("model", r.model());
    o.member("content");
    w.beginArray();
    for (ContentBlock b : r.content()) writeBlock(w, b);
    w.endArray();
    o.nullable("stop_reason", r.stopReason()).nullable("stop_sequence", r.stopSequence());
    if (r.usage() != null) {
      o.member("usage");
      writeUsage(w, r.usage());
    }
    o.end(r.extra());
  }

  private static void writeUsage(JsonWriter w, Usage u) throws IOException {
    new ObjectOut(w)
        .integer("input_tokens", u.inputTokens())
        .integer("cache_creation_input_tokens", u.cacheCreationInputTokens())
        .integer("cache_read_input_tokens", u.cacheReadInputTokens())
        .integer("output_tokens", u.outputTokens())
        .end(u.extra());
  }

  static void writeEvent(JsonWriter w, StreamEvent event) throws IOException {
    if (event instanceof StreamEvent.Unknown u) {
      Json.write(w, u.raw());
      return;
    }
    ObjectOut o = new ObjectOut(w);
    o.string("type", event.type());
    if (event instanceof StreamEvent.MessageStart e) {
      o.member("message");
      writeResponse(w, e.message());
    } else if (event instanceof StreamEvent.ContentBlockStart e) {
      o.integer("index", e.index());
      o.member("content_block");
      writeBlock(w, e.contentBlock());
    } else if (event instanceof StreamEvent.ContentBlockDelta e) {
      o.integer("index", e.index());
      o.member("delta");
      writeDelta(w, e.delta());
    } else if (event instanceof StreamEvent.ContentBlockStop e) {
      o.integer("index", e.index());
    } else if (event instanceof StreamEvent.MessageDelta e) {
      o.member("delta");
      new ObjectOut(w)
          .nullable("stop_reason", e.stopReason())
          .nullable("stop_sequence", e.stopSequence())
          .end(e.deltaExtra());
      if (e.usage() != null) {
        o.member("usage");
        writeUsage(w, e.usage());
      }
    } else if (event instanceof StreamEvent.Error e) {
      o.member("error");
      writeApiError(w, e.error());
    }
    o.end(event.extra());
  }

  private static void writeDelta(JsonWriter w, Delta delta) throws IOException {
    if (delta instanceof Delta.Unknown u) {
      Json.write(w, u.raw());
      return;
    }
    ObjectOut o = new ObjectOut(w);
    o.string("type", delta.type());
    if (delta instanceof Delta.Text d) {
      o.string("text", d.text());
    } else if (delta instanceof Delta.InputJson d) {
      o.string("partial_json", d.partialJson());
    } else if (delta instanceof Delta.Thinking d) {
      o.string("thinking", d.thinking());
    } else if (delta instanceof Delta.Signature d) {
      o.string("signature", d.signature());
    } else if (delta instanceof Delta.Citations d) {
      o.tree("citation", d.citation());
    }
    o.end(delta.extra());
  }

  static void writeErrorEnvelope(JsonWriter w, ApiError error) throws IOException {
    ObjectOut o = new ObjectOut(w);
    o.string("type", "error");
    o.member("error");
    writeApiError(w, error);
    o.end(JsonObject.of());
  }

  private static void writeApiError(JsonWriter w, ApiError e) throws IOException {
    new ObjectOut(w).string("type", e.type()).string("message", e.message()).end(e.extra());
  }
}
