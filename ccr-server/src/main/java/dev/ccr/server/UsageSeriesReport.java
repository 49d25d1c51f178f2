package dev.ccr.server;

import dev.ccr.ClaudeCodeRouter;
import dev.ccr.InvalidRequestException;
import dev.ccr.json.JsonArray;
import dev.ccr.json.JsonObject;
import dev.ccr.json.JsonValue;
import dev.ccr.usage.UsageSeries;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * {@code GET /api/usage/series?by=route&bucket=minute}: this instance's usage over time, per minute
 * for the last hour or per hour for the last day, in all ({@code by=total}, the default) or by
 * route, provider or model: requests, errors, tokens in and out, and cost where priced.
 */
final class UsageSeriesReport {
  private UsageSeriesReport() {}

  static JsonObject of(ClaudeCodeRouter router, String query, Instant now) {
    String byName = param(query, "by", "total");
    String bucketName = param(query, "bucket", "minute");
    UsageSeries.By by = UsageSeries.By.named(byName);
    if (by == null) throw new InvalidRequestException("by must be total, route, provider or model, not \"" + byName + "\"");
    UsageSeries.Resolution bucket = UsageSeries.Resolution.named(bucketName);
    if (bucket == null) throw new InvalidRequestException("bucket must be minute or hour, not \"" + bucketName + "\"");
    JsonObject.Builder series = JsonObject.builder();
    router.usage().series(by, bucket, now).forEach((name, points) ->
        series.put(name, JsonArray.of(points.stream().<JsonValue>map(UsageSeries.Point::toJson).toList())));
    return JsonObject.builder().put("by", byName).put("bucket", bucketName).put("bucket_seconds", bucket.seconds())
        .put("now", now.toString()).put("series", series.build()).build();
  }

  private static String param(String query, String name, String otherwise) {
    if (query == null) return otherwise;
    for (String pair : query.split("&")) {
      if (!pair.startsWith(name + "=")) continue;
      try {
        return URLDecoder.decode(pair.substring(name.length() + 1), StandardCharsets.UTF_8);
      } catch (IllegalArgumentException e) { // a broken %-escape
        throw new InvalidRequestException(name + ": not a valid query value");
      }
    }
    return otherwise;
  }
}
