package dev.ccr.json;

import com.squareup.moshi.JsonDataException;
import com.squareup.moshi.JsonEncodingException;
import com.squareup.moshi.JsonReader;
import com.squareup.moshi.JsonWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import okio.Buffer;
import okio.Okio;

/** Reads and writes {@link JsonValue} trees (strict JSON; see the config loader for JSON5). */
public final class Json {
  private Json() {}

  /** Parses one JSON value; throws {@link JsonParseException} naming where the text is wrong. */
  public static JsonValue parse(String json) {
    return parse(JsonReader.of(new Buffer().writeUtf8(json)));
  }

  /** Parses one JSON value from a stream, which is read to its end but not closed. */
  public static JsonValue parse(InputStream in) {
    return parse(Okio.buffer(Okio.source(in)));
  }

  /** Parses one JSON value from {@code source}, read to its end. */
  public static JsonValue parse(okio.BufferedSource source) {
    return parse(JsonReader.of(source));
  }

  private static JsonValue parse(JsonReader reader) {
    try {
      JsonValue value = read(reader);
      boolean trailing;
      try {
        trailing = reader.peek() != JsonReader.Token.END_DOCUMENT;
      } catch (JsonEncodingException e) {
        trailing = true;
      }
      if (trailing) throw new JsonParseException("malformed JSON: unexpected data after the JSON value");
      return value;
    } catch (JsonEncodingException | JsonDataException e) {
      throw parseError(e);
    } catch (java.io.EOFException e) {
      throw new JsonParseException("malformed JSON: the text ends before the JSON value does, at " + reader.getPath());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A readable message for a Moshi syntax error, which says "at path $.x". */
  public static JsonParseException parseError(Exception e) {
    String m = String.valueOf(e.getMessage());
    m = m.replace("Use JsonReader.setLenient(true) to accept malformed JSON", "malformed JSON");
    m = m.replace(" at path ", " at ");
    if (m.startsWith("Expected")) m = "malformed JSON: e" + m.substring(1);
    return new JsonParseException(m);
  }

  /** Reads the next value of {@code reader} as a tree. */
  public static JsonValue read(JsonReader reader) throws IOException {
    switch (reader.peek()) {
      case BEGIN_OBJECT: {
        LinkedHashMap<String, JsonValue> members = new LinkedHashMap<>();
        reader.beginObject();
        while (reader.hasNext()) {
          String name = reader.nextName();
          members.put(name, read(reader));
        }
        reader.endObject();
        return JsonObject.adopt(members);
      }
      case BEGIN_ARRAY: {
        ArrayList<JsonValue> elements = new ArrayList<>();
        reader.beginArray();
        while (reader.hasNext()) elements.add(read(reader));
        reader.endArray();
        return JsonArray.adopt(elements);
      }
      case STRING:
        return new JsonString(reader.nextString());
      case NUMBER: {
        // nextString() on a number gives its literal text: 3 stays 3, 1.50 stays 1.50.
        String literal = reader.nextString();
        String refused = JsonNumber.refusal(literal);
        if (refused != null) {
          // Moshi takes 1e99999999999 and a million digits; the first no Java number holds, the second costs seconds.
          throw new JsonDataException(refused + ": "
              + (literal.length() > 24 ? literal.substring(0, 24) + "..." : literal) + " at path " + reader.getPath());
        }
        return JsonNumber.ofChecked(literal);
      }
      case BOOLEAN:
        return JsonBoolean.of(reader.nextBoolean());
      case NULL:
        reader.nextNull();
        return JsonNull.INSTANCE;
      default:
        throw new JsonDataException("Expected a JSON value but was " + reader.peek() + " at path " + reader.getPath());
    }
  }

  /** Compact JSON text. */
  public static String write(JsonValue value) {
    Buffer buffer = new Buffer();
    try (JsonWriter writer = JsonWriter.of(buffer)) {
      write(writer, value);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return buffer.readUtf8();
  }

  /** JSON text indented by two spaces, for files people read. */
  public static String writePretty(JsonValue value) {
    Buffer buffer = new Buffer();
    try (JsonWriter writer = JsonWriter.of(buffer)) {
      writer.setIndent("  ");
      write(writer, value);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return buffer.readUtf8() + "\n";
  }

  /** Writes {@code value} as the next value of {@code writer}. */
  public static void write(JsonWriter writer, JsonValue value) throws IOException {
    if (value instanceof JsonString s) {
      writer.value(s.value());
    } else if (value instanceof JsonObject o) {
      writer.beginObject();
      for (var e : o.members().entrySet()) {
        writer.name(e.getKey());
        write(writer, e.getValue());
      }
      writer.endObject();
    } else if (value instanceof JsonArray a) {
      writer.beginArray();
      for (JsonValue e : a.elements()) write(writer, e);
      writer.endArray();
    } else if (value instanceof JsonNumber n) {
      writeLiteral(writer, n.literal());
    } else if (value instanceof JsonBoolean b) {
      writer.value(b.value());
    } else {
      // A null member must be written, not skipped: it is part of the data.
      boolean serializeNulls = writer.getSerializeNulls();
      writer.setSerializeNulls(true);
      writer.nullValue();
      writer.setSerializeNulls(serializeNulls);
    }
  }

  /** {@code value} without any member named in {@code names}, at any depth. */
  public static JsonValue withoutMembers(JsonValue value, java.util.Set<String> names) {
    if (value instanceof JsonObject o) {
      JsonObject.Builder b = JsonObject.builder();
      for (var e : o.members().entrySet()) {
        if (!names.contains(e.getKey())) b.put(e.getKey(), withoutMembers(e.getValue(), names));
      }
      return b.build();
    }
    if (value instanceof JsonArray a) {
      ArrayList<JsonValue> out = new ArrayList<>(a.size());
      for (JsonValue e : a.elements()) out.add(withoutMembers(e, names));
      return JsonArray.adopt(out);
    }
    return value;
  }

  /** Writes a number exactly as its literal. */
  public static void writeLiteral(JsonWriter writer, String numberLiteral) throws IOException {
    // JsonWriter.value(Number) writes toString() as it is; valueSink() would take a buffer segment
    // (8 KB, new when the pool is contended) for every number (measured: 9% of a request's allocation).
    writer.value(new Literal(numberLiteral));
  }

  /** A number that writes as the exact text it was read from. */
  private static final class Literal extends Number {
    private static final long serialVersionUID = 1L;
    private final String text;

    Literal(String text) {
      this.text = text;
    }

    @Override
    public String toString() {
      return text;
    }

    @Override
    public int intValue() {
      return (int) doubleValue();
    }

    @Override
    public long longValue() {
      return (long) doubleValue();
    }

    @Override
    public float floatValue() {
      return (float) doubleValue();
    }

    @Override
    public double doubleValue() {
      return Double.parseDouble(text);
    }
  }
}
