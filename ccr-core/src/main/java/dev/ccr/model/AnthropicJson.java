package dev.ccr.model;

import com.squareup.moshi.JsonWriter;
import dev.ccr.InvalidRequestException;
import dev.ccr.json.Json;
import dev.ccr.json.JsonArray;
import dev.ccr.json.JsonObject;
import dev.ccr.json.JsonParseException;
import dev.ccr.json.JsonString;
import dev.ccr.json.JsonValue;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import okio.Buffer;
import okio.BufferedSink;
import okio.Okio;

/**
 * Reads and writes the Anthropic Messages wire format. Decoding then encoding keeps every member,
 * including ones ccr does not model. Bad input raises {@link InvalidRequestException} naming the
 * member, in Anthropic's own style ({@code messages.0.content.1.text: Field required}).
 */
public final class AnthropicJson {
  private AnthropicJson() {}

  // ---------------------------------------------------------------- reading

  public static MessagesRequest readRequest(String json) {
    return request(parse(json));
  }

  public static MessagesRequest readRequest(InputStream in) {
    try {
      return request(Json.parse(in));
    } catch (JsonParseException e) {
      throw new InvalidRequestException(e.getMessage());
    }
  }

  public static MessagesResponse readResponse(String json) {
    return response(parse(json));
  }

  /** Reads the JSON data of one stream event; its {@code type} names the event. */
  public static StreamEvent readEvent(String json) {
    return event(parse(json));
  }

  /** Reads an error body {@code {"type":"error","error":{...}}}, or a bare error object. */
  public static ApiError readError(String json) {
    JsonObject o = asObject(parse(json), "");
    JsonObject inner = o.getObject("error");
    return apiError(inner != null ? inner : o, inner != null ? "error" : "");
  }

  private static JsonValue parse(String json) {
    try {
      return Json.parse(json);
    } catch (JsonParseException e) {
      throw new InvalidRequestException(e.getMessage());
    }
  }

  /** A request from a parsed JSON tree. */
  public static MessagesRequest request(JsonValue tree) {
    Fields f = new Fields(asObject(tree, ""), "");
    String model = f.string("model");
    JsonArray messages = f.array("messages");
    List<Message> messageList = new ArrayList<>(messages == null ? 0 : messages.size());
    if (messages != null) {
      for (int i = 0; i < messages.size(); i++) {
        messageList.add(message(asObject(messages.get(i), "messages." + i), "messages." + i));
      }
    }
    JsonValue system = f.any("system");
    Integer maxTokens = f.integer("max_tokens");
    JsonArray stop = f.array("stop_sequences");
    Double temperature = f.number("temperature");
    Double topP = f.number("top_p");
    Integer topK = f.integer("top_k");
    Boolean stream = f.bool("stream");
    JsonObject metadata = f.object("metadata");
    JsonArray tools = f.array("tools");
    JsonObject toolChoice = f.object("tool_choice");
    JsonObject thinking = f.object("thinking");
    return new MessagesRequest(
        model,
        messageList,
        system == null ? null : content(system, "system"),
        maxTokens,
        stop == null ? null : strings(stop, "stop_sequences"),
        temperature,
        topP,
        topK,
        stream,
        metadata == null ? null : metadata(metadata),
        tools == null ? null : tools(tools),
        toolChoice == null ? null : toolChoice(toolChoice),
        thinking == null ? null : thinking(thinking),
        f.extra());
  }

  /** A response from a parsed JSON tree. */
  public static MessagesResponse response(JsonValue tree) {
    Fields f = new Fields(asObject(tree, ""), "");
    f.string("type");
    String id = f.requiredString("id");
    String role = f.string("role");
    String model = f.string("model");
    JsonArray content = f.array("content");
    String stopReason = f.string("stop_reason");
    String stopSequence = f.string("stop_sequence");
    JsonObject usage = f.object("usage");
    return new MessagesResponse(
        id, role, model,
        content == null ? List.of() : blocks(content, "content"),
        stopReason, stopSequence,
        usage == null ? null : usage(usage, "usage"),
        f.extra());
  }

  /** A stream event from its parsed JSON data. */
  public static StreamEvent event(JsonValue tree) {
    JsonObject o = asObject(tree, "");
    Fields f = new Fields(o, "");
    String type = f.requiredString("type");
    switch (type) {
      case "message_start":
        return new StreamEvent.MessageStart(response(required(f.object("message"), f, "message")), f.extra());
      case "content_block_start": {
        int index = required(f.integer("index"), f, "index");
        ContentBlock block = block(required(f.object("content_block"), f, "content_block"), "content_block");
        return new StreamEvent.ContentBlockStart(index, block, f.extra());
      }
      case "content_block_delta": {
        int index = required(f.integer("index"), f, "index");
        Delta delta = delta(required(f.object("delta"), f, "delta"));
        return new StreamEvent.ContentBlockDelta(index, delta, f.extra());
      }
      case "content_block_stop":
        return new StreamEvent.ContentBlockStop(required(f.integer("index"), f, "index"), f.extra());
      case "message_delta": {
        JsonObject d = f.object("delta");
        JsonObject u = f.object("usage");
        Fields df = new Fields(d == null ? JsonObject.of() : d, "delta");
        String stopReason = df.string("stop_reason");
        String stopSequence = df.string("stop_sequence");
        return new StreamEvent.MessageDelta(
            stopReason, stopSequence, df.extra(), u == null ? null : usage(u, "usage"), f.extra());
      }
      case "message_stop":
        return new StreamEvent.MessageStop(f.extra());
      case "ping":
        return new StreamEvent.Ping(f.extra());
      case "error":
        return new StreamEvent.Error(apiError(required(f.object("error"), f, "error"), "error"), f.extra());
      default:
        return new StreamEvent.Unknown(type, o);
    }
  }

  private static <T> T required(T value, Fields f, String name) {
    if (value == null) throw f.invalid(name, "Field required");
    return value;
  }

  private static JsonObject asObject(JsonValue v, String path) {
    if (v instanceof JsonObject o) return o;
    throw new InvalidRequestException((path.isEmpty() ? "body" : path) + ": Input should be a valid object");
  }

  private static List<String> strings(JsonArray a, String path) {
    List<String> out = new ArrayList<>(a.size());
    for (int i = 0; i < a.size(); i++) {
      String s = a.get(i).asString();
      if (s == null) throw new InvalidRequestException(path + "." + i + ": Input should be a valid string");
      out.add(s);
    }
    return out;
  }

  private static Message message(JsonObject o, String path) {
    Fields f = new Fields(o, path);
    String role = f.requiredString("role");
    JsonValue content = f.any("content");
    if (content == null) throw f.invalid("content", "Field required");
    return new Message(role, content(content, f.path("content")), f.extra());
  }

  /** String or block-array content. */
  private static Content content(JsonValue v, String path) {
    if (v instanceof JsonString s) return new Content.Text(s.value());
    if (v instanceof JsonArray a) return new Content.Blocks(blocks(a, path));
    throw new InvalidRequestException(path + ": Input should be a valid string or a list of content blocks");
  }

  private static List<ContentBlock> blocks(JsonArray a, String path) {
    List<ContentBlock> out = new ArrayList<>(a.size());
    for (int i = 0; i < a.size(); i++) {
      String p = path + "." + i;
      out.add(block(asObject(a.get(i), p), p));
    }
    return out;
  }

  /** One content block; a type ccr does not model becomes an {@link UnknownBlock}. */
  public static ContentBlock block(JsonObject o, String path) {
    Fields f = new Fields(o, path);
    String type = f.requiredString("type");
    switch (type) {
      case "text": {
        String text = f.requiredString("text");
        JsonArray citations = f.array("citations");
        return new TextBlock(text, citations, f.extra());
      }
      case "image": {
        JsonObject source = required(f.object("source"), f, "source");
        return new ImageBlock(imageSource(source, f.path("source")), f.extra());
      }
      case "document": {
        JsonObject source = required(f.object("source"), f, "source");
        String title = f.string("title");
        String context = f.string("context");
        return new DocumentBlock(source, title, context, f.extra());
      }
      case "tool_use": {
        String id = f.requiredString("id");
        String name = f.requiredString("name");
        JsonValue input = f.any("input");
        return new ToolUseBlock(id, name, input, f.extra());
      }
      case "tool_result": {
        String id = f.requiredString("tool_use_id");
        JsonValue content = f.any("content");
        Boolean isError = f.bool("is_error");
        return new ToolResultBlock(
            id, content == null ? null : content(content, f.path("content")), isError, f.extra());
      }
      case "thinking": {
        String thinking = f.requiredString("thinking");
        String signature = f.string("signature");
        return new ThinkingBlock(thinking, signature, f.extra());
      }
      case "redacted_thinking":
        return new RedactedThinkingBlock(f.requiredString("data"), f.extra());
      case "server_tool_use": {
        String id = f.requiredString("id");
        String name = f.requiredString("name");
        JsonValue input = f.any("input");
        return new ServerToolUseBlock(id, name, input, f.extra());
      }
      case "web_search_tool_result": {
        String id = f.requiredString("tool_use_id");
        JsonValue content = required(f.any("content"), f, "content");
        return new WebSearchToolResultBlock(id, content, f.extra());
      }
      default:
        return new UnknownBlock(type, o);
    }
  }

  private static ImageSource imageSource(JsonObject o, String path) {
    Fields f = new Fields(o, path);
    String type = f.requiredString("type");
    String mediaType = f.string("media_type");
    String data = f.string("data");
    String url = f.string("url");
    return new ImageSource(type, mediaType, data, url, f.extra());
  }

  private static Delta delta(JsonObject o) {
    Fields f = new Fields(o, "delta");
    String type = f.requiredString("type");
    switch (type) {
      case "text_delta":
        return new Delta.Text(f.requiredString("text"), f.extra());
      case "input_json_delta":
        return new Delta.InputJson(f.requiredString("partial_json"), f.extra());
      case "thinking_delta":
        return new Delta.Thinking(f.requiredString("thinking"), f.extra());
      case "signature_delta":
        return new Delta.Signature(f.requiredString("signature"), f.extra());
      case "citations_delta":
        return new Delta.Citations(required(f.any("citation"), f, "citation"), f.extra());
      default:
        return new Delta.Unknown(type, o);
    }
  }

  private static List<Tool> tools(JsonArray a) {
    List<Tool> out = new ArrayList<>(a.size());
    for (int i = 0; i < a.size(); i++) {
      String p = "tools." + i;
      Fields f = new Fields(asObject(a.get(i), p), p);
      String type = f.string("type");
      String name = f.string("name");
      String description = f.string("description");
      JsonValue schema = f.any("input_schema");
      out.add(new Tool(type, name, description, schema, f.extra()));
    }
    return out;
  }

  private static ToolChoice toolChoice(JsonObject o) {
    Fields f = new Fields(o, "tool_choice");
    String type = f.requiredString("type");
    String name = f.string("name");
    Boolean disable = f.bool("disable_parallel_tool_use");
    return new ToolChoice(type, name, disable, f.extra());
  }

  private static Thinking thinking(JsonObject o) {
    Fields f = new Fields(o, "thinking");
    String type = f.requiredString("type");
    Integer budget = f.integer("budget_tokens");
    return new Thinking(type, budget, f.extra());
  }

  private static Metadata metadata(JsonObject o) {
    Fields f = new Fields(o, "metadata");
    String userId = f.string("user_id");
    return new Metadata(userId, f.extra());
  }

  private static Usage usage(JsonObject o, String path) {
    Fields f = new Fields(o, path);
    Integer in = f.integer("input_tokens");
    Integer out = f.integer("output_tokens");
    Integer cacheCreation = f.integer("cache_creation_input_tokens");
    Integer cacheRead = f.integer("cache_read_input_tokens");
    return new Usage(in, out, cacheCreation, cacheRead, f.extra());
  }

  private static ApiError apiError(JsonObject o, String path) {
    Fields f = new Fields(o, path);
    String type = f.string("type");
    String message = f.string("message");
    return new ApiError(type == null ? "api_error" : type, message, f.extra());
  }

  // ---------------------------------------------------------------- writing

  /** Compact JSON text of a request. */
  public static String write(MessagesRequest request) {
    return toText(w -> writeRequest(w, request));
  }

  public static String write(MessagesResponse response) {
    return toText(w -> writeResponse(w, response));
  }

  /** The JSON data of one stream event (the SSE {@code data:} line). */
  public static String write(StreamEvent event) {
    return toText(w -> writeEvent(w, event));
  }

  public static String write(ContentBlock block) {
    return toText(w -> writeBlock(w, block));
  }

  /** An error body: {@code {"type":"error","error":{"type":...,"message":...}}}. */
  public static String writeError(ApiError error) {
    return toText(w -> writeErrorEnvelope(w, error));
  }

  /** Appends {@code event} as one server-sent event ({@code event:} and {@code data:} lines) to {@code sink}. */
  public static void writeSse(StreamEvent event, BufferedSink sink) throws IOException {
    sink.writeUtf8("event: ").writeUtf8(event.type()).writeUtf8("\ndata: ");
    JsonWriter w = JsonWriter.of(sink);
    w.setSerializeNulls(true);
    writeEvent(w, event);
    w.flush();
    sink.writeUtf8("\n\n");
  }

  /** Writes a request as UTF-8 JSON to {@code out}, which is flushed but not closed. */
  public static void write(MessagesRequest request, OutputStream out) throws IOException {
    BufferedSink sink = Okio.buffer(Okio.sink(out));
    JsonWriter w = JsonWriter.of(sink);
    w.setSerializeNulls(true);
    writeRequest(w, request);
    w.flush();
  }

  /** A request as a JSON tree, for transformers that edit it as data. */
  public static JsonObject toTree(MessagesRequest request) {
    return (JsonObject) Json.parse(write(request));
  }

  private interface Writing {
    void write(JsonWriter w) throws IOException;
  }

  private static String toText(Writing writing) {
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

  public static void writeRequest(JsonWriter w, MessagesRequest r) throws IOException {
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

  public static void writeBlock(JsonWriter w, ContentBlock block) throws IOException {
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

  public static void writeResponse(JsonWriter w, MessagesResponse r) throws IOException {
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

  public static void writeEvent(JsonWriter w, StreamEvent event) throws IOException {
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

  private static void writeErrorEnvelope(JsonWriter w, ApiError error) throws IOException {
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
