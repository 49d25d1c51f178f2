package dev.ccr.transformers.responses;

import dev.ccr.ProviderException;
import dev.ccr.json.JsonObject;
import dev.ccr.json.JsonValue;
import dev.ccr.model.MessageAccumulator;
import dev.ccr.model.MessagesResponse;
import dev.ccr.routing.Route;
import dev.ccr.spi.UpstreamEvent;
import java.util.Map;

/**
 * A whole Responses API reply to an Anthropic message: the stream decoder given the reply as its
 * terminal event, so JSON and streams read items alike.
 */
public final class ResponsesResponseDecoder {
  private ResponsesResponseDecoder() {}

  public static MessagesResponse decode(JsonValue body, Route route) {
    JsonObject o = body.asObject();
    if (o == null) throw bad(route, "the reply is not a JSON object");
    String type = terminalEvent(o);
    if (type == null) {
      throw bad(route, "the response's status is \"" + o.getString("status") + "\", not a finished one");
    }
    ResponsesStreamDecoder decoder = new ResponsesStreamDecoder(route);
    MessageAccumulator acc = new MessageAccumulator();
    decoder.decode(new UpstreamEvent(type, JsonObject.builder().put("type", type).put("response", o).build()), acc::accept);
    decoder.finish(acc::accept);
    if (acc.error() != null) {
      throw new ProviderException(route.provider(), route.model(), 502, acc.error().message(), Map.of(), null);
    }
    return acc.message();
  }

  private static String terminalEvent(JsonObject o) {
    String status = o.getString("status");
    if (status == null) {
      JsonValue error = o.get("error");
      return error != null && !error.isNull() ? "response.failed" : "response.completed";
    }
    switch (status) {
      case "completed":
        return "response.completed";
      case "incomplete":
        return "response.incomplete";
      case "failed":
      case "cancelled":
        return "response.failed";
      default:
        return null; // queued or in_progress: a background response, which ccr never asks for
    }
  }

  private static ProviderException bad(Route route, String why) {
    return new ProviderException(route.provider(), route.model(), 502, route.target() + ": " + why, Map.of(), null);
  }
}
