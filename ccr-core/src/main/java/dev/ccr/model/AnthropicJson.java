package dev.ccr.model;

import com.squareup.moshi.JsonWriter;
import dev.ccr.InvalidRequestException;
import dev.ccr.json.Json;
import dev.ccr.json.JsonObject;
import dev.ccr.json.JsonParseException;
import dev.ccr.json.JsonValue;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import okio.BufferedSink;
import okio.Okio;

/**
 * Reads and writes the Anthropic Messages wire format. Decoding then encoding keeps every member,
 * including ones ccr does not model. Bad input raises {@link InvalidRequestException} naming the
 * member, in Anthropic's own style ({@code messages.0.content.1.text: Field required}). The work is
 * done by {@link AnthropicReader}, {@link AnthropicWriter} and {@link SseFrames}.
 */
public final class AnthropicJson {
  private AnthropicJson() {}

  // ---------------------------------------------------------------- reading

  public static MessagesRequest readRequest(String json) {
    return request(AnthropicReader.parse(json));
  }

  public static MessagesRequest readRequest(InputStream in) {
    try {
      return request(Json.parse(in));
    } catch (JsonParseException e) {
      throw new InvalidRequestException(e.getMessage());
    }
  }

  public static MessagesResponse readResponse(String json) {
    return response(AnthropicReader.parse(json));
  }

  /** Reads the JSON data of one stream event; its {@code type} names the event. */
  public static StreamEvent readEvent(String json) {
    return event(AnthropicReader.parse(json));
  }

  /** Reads an error body {@code {"type":"error","error":{...}}}, or a bare error object. */
  public static ApiError readError(String json) {
    return AnthropicReader.error(AnthropicReader.parse(json));
  }

  /** A request from a parsed JSON tree. */
  public static MessagesRequest request(JsonValue tree) {
    return AnthropicReader.request(tree);
  }

  /** A response from a parsed JSON tree. */
  public static MessagesResponse response(JsonValue tree) {
    return AnthropicReader.response(tree);
  }

  /** A stream event from its parsed JSON data. */
  public static StreamEvent event(JsonValue tree) {
    return AnthropicReader.event(tree);
  }

  /** One content block; a type ccr does not model becomes an {@link UnknownBlock}. */
  public static ContentBlock block(JsonObject o, String path) {
    return AnthropicReader.block(o, path);
  }

  // ---------------------------------------------------------------- writing

  /** Compact JSON text of a request. */
  public static String write(MessagesRequest request) {
    return AnthropicWriter.toText(w -> AnthropicWriter.writeRequest(w, request));
  }

  public static String write(MessagesResponse response) {
    return AnthropicWriter.toText(w -> AnthropicWriter.writeResponse(w, response));
  }

  /** The JSON data of one stream event (the SSE {@code data:} line). */
  public static String write(StreamEvent event) {
    return AnthropicWriter.toText(w -> AnthropicWriter.writeEvent(w, event));
  }

  public static String write(ContentBlock block) {
    return AnthropicWriter.toText(w -> AnthropicWriter.writeBlock(w, block));
  }

  /** An error body: {@code {"type":"error","error":{"type":...,"message":...}}}. */
  public static String writeError(ApiError error) {
    return AnthropicWriter.toText(w -> AnthropicWriter.writeErrorEnvelope(w, error));
  }

  /** Appends {@code event} as one server-sent event ({@code event:} and {@code data:} lines) to {@code sink}. */
  public static void writeSse(StreamEvent event, BufferedSink sink) throws IOException {
    SseFrames.write(event, sink);
  }

  /** Writes a request as UTF-8 JSON to {@code out}, which is flushed but not closed. */
  public static void write(MessagesRequest request, OutputStream out) throws IOException {
    JsonWriter w = JsonWriter.of(Okio.buffer(Okio.sink(out)));
    w.setSerializeNulls(true);
    AnthropicWriter.writeRequest(w, request);
    w.flush();
  }

  /** A request as a JSON tree, for transformers that edit it as data. */
  public static JsonObject toTree(MessagesRequest request) {
    return (JsonObject) Json.parse(write(request));
  }
}
