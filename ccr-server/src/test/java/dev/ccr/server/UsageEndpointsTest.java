package dev.ccr.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.ccr.ClaudeCodeRouter;
import dev.ccr.config.CcrConfig;
import dev.ccr.json.Json;
import dev.ccr.json.JsonArray;
import dev.ccr.json.JsonObject;
import dev.ccr.json.JsonValue;
import dev.ccr.usage.UsageLedger;
import dev.ccr.usage.UsageRecord;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The usage endpoints over a real socket, fed by exchanges with known token counts. */
class UsageEndpointsTest {
  static final String ANTHROPIC_JSON = "{\"id\":\"msg_1\",\"type\":\"message\",\"role\":\"assistant\",\"model\":\"claude-x\","
      + "\"content\":[{\"type\":\"text\",\"text\":\"ok\"}],\"stop_reason\":\"end_turn\",\"stop_sequence\":null,"
      + "\"usage\":{\"input_tokens\":100,\"output_tokens\":20,\"cache_read_input_tokens\":1000,"
      + "\"cache_creation_input_tokens\":50}}";
  static final String ANTHROPIC_STREAM = UpstreamReplies.ANTHROPIC_STREAM
      .replace("\"input_tokens\":3,\"output_tokens\":1", "\"input_tokens\":200,\"output_tokens\":1")
      .replace("\"usage\":{\"output_tokens\":1}", "\"usage\":{\"output_tokens\":30}");
  static final String OPENAI_JSON = UpstreamReplies.OPENAI
      .replace("\"prompt_tokens\":3,\"completion_tokens\":1", "\"prompt_tokens\":300,\"completion_tokens\":40");

  MockWebServer upstream;
  CcrServer server;
  final OkHttpClient http = new OkHttpClient.Builder().readTimeout(30, TimeUnit.SECONDS).build();

  @BeforeEach
  void start() throws Exception {
    upstream = new MockWebServer();
    upstream.start();
    startServer("");
  }

  private void startServer(String extra) throws Exception {
    if (server != null) server.close();
    CcrConfig config = CcrConfig.parse("{RETRY: {attempts: 1}, " + extra + " Providers: ["
        + "{name: 'claude', api_base_url: '" + upstream.url("/v1/messages") + "', api_key: 'sk-ant', models: ['claude-x'],"
        + " transformer: {use: ['anthropic']}},"
        + "{name: 'deepseek', api_base_url: '" + upstream.url("/v1/chat/completions") + "', api_key: 'sk-d',"
        + " models: ['deepseek-chat']}],"
        + " Router: {default: 'claude,claude-x'},"
        + " Prices: {'claude,claude-x': {input: 3, output: 15, cache_read: 0.3, cache_write: 3.75},"
        + " 'deepseek-chat': {input: 0.27, output: 1.10}}}");
    server = CcrServer.start(ClaudeCodeRouter.builder().config(config).build(), "127.0.0.1", 0);
  }

  @AfterEach
  void stop() {
    server.close();
    upstream.close();
    http.dispatcher().executorService().shutdown();
    http.connectionPool().evictAll();
  }

  private String url(String path) {
    return "http://127.0.0.1:" + server.port() + path;
  }

  private Response post(String body, String session) throws Exception {
    Request.Builder b = new Request.Builder().url(url("/v1/messages"))
        .post(RequestBody.create(body, MediaType.get("application/json")));
    if (session != null) b.header("x-claude-code-session-id", session);
    return http.newCall(b.build()).execute();
  }

  private JsonObject get(String path) throws Exception {
    try (Response r = http.newCall(new Request.Builder().url(url(path)).build()).execute()) {
      assertThat(r.code()).as(path).isEqualTo(200);
      return (JsonObject) Json.parse(r.body().string());
    }
  }

  private static String request(String model, boolean stream) {
    return "{\"model\":\"" + model + "\",\"max_tokens\":10,\"stream\":" + stream
        + ",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
  }

  /** Four exchanges with known tokens: forwarded JSON and stream, a translated answer, and an upstream failure. */
  private void sendKnownExchanges() throws Exception {
    upstream.enqueue(new MockResponse.Builder().setHeader("Content-Type", "application/json").body(ANTHROPIC_JSON).build());
    upstream.enqueue(new MockResponse.Builder().setHeader("Content-Type", "text/event-stream").body(ANTHROPIC_STREAM).build());
    upstream.enqueue(new MockResponse.Builder().setHeader("Content-Type", "application/json").body(OPENAI_JSON).build());
    upstream.enqueue(new MockResponse.Builder().code(500).body("{\"error\":{\"message\":\"down\"}}").build());
    try (Response r = post(request("claude-sonnet-4-5", false), "s-1")) {
      assertThat(r.code()).isEqualTo(200);
      r.body().string();
    }
    try (Response r = post(request("claude-sonnet-4-5", true), "s-1")) {
      assertThat(r.body().string()).contains("message_stop");
    }
    try (Response r = post(request("deepseek,deepseek-chat", false), "s-2")) {
      assertThat(r.code()).isEqualTo(200);
      r.body().string();
    }
    try (Response r = post(request("deepseek,deepseek-chat", false), "s-2")) {
      assertThat(r.code()).isGreaterThanOrEqualTo(500);
      r.body().string();
    }
    server.router().usage().flush();
  }

  @Test
  void theSeriesByRouteSumToTheRecordsAndABadGroupingIsA400() throws Exception {
    sendKnownExchanges();

    JsonObject minutes = get("/api/usage/series?by=route&bucket=minute");
    assertThat(minutes.getNumber("bucket_seconds").intValue()).isEqualTo(60);
    JsonObject series = minutes.getObject("series");
    assertThat(series.members().keySet()).containsExactlyInAnyOrder("claude,claude-x", "deepseek,deepseek-chat");
    JsonArray deepseek = series.getArray("deepseek,deepseek-chat");
    assertThat(deepseek.size()).isEqualTo(60);
    long requests = 0, errors = 0, input = 0;
    for (JsonValue p : deepseek.elements()) {
      requests += ((JsonObject) p).getNumber("requests").longValue();
      errors += ((JsonObject) p).getNumber("errors").longValue();
      input += ((JsonObject) p).getNumber("input_tokens").longValue();
    }
    assertThat(requests).isEqualTo(2);
    assertThat(errors).isEqualTo(1);
    assertThat(input).isEqualTo(300);
    JsonArray hours = get("/api/usage/series?bucket=hour").getObject("series").getArray("total");
    assertThat(hours.size()).isEqualTo(24);
    long total = 0;
    for (JsonValue p : hours.elements()) total += ((JsonObject) p).getNumber("requests").longValue();
    assertThat(total).isEqualTo(4);
    try (Response r = http.newCall(new Request.Builder().url(url("/api/usage/series?by=colour")).build()).execute()) {
      assertThat(r.code()).isEqualTo(400);
      assertThat(r.body().string()).contains("invalid_request_error").contains("by must be");
    }
    try (Response r = http.newCall(new Request.Builder().url(url("/api/usage/series?by=%zz")).build()).execute()) {
      // The JDK's server refuses the URI itself (its own 400); the handler's check backs it up.
      assertThat(r.code()).as("a broken escape is the client's error, not a 500").isEqualTo(400);
    }
  }

  @Test
  void usageFiguresEqualTheSumOfTheRecords() throws Exception {
    sendKnownExchanges();

    JsonArray records = get("/api/requests?limit=100").getArray("data");
    assertThat(records.size()).isEqualTo(4);
    JsonObject usage = get("/api/usage");
    JsonObject total = usage.getObject("total");
    for (String field : List.of("input_tokens", "output_tokens", "cache_read_tokens", "cache_creation_tokens")) {
      assertThat(total.getNumber(field).longValue()).as(field).isEqualTo(sum(records.elements(), field));
    }
    assertThat(total.getNumber("input_tokens").longValue()).isEqualTo(100 + 200 + 300);
    assertThat(total.getNumber("output_tokens").longValue()).isEqualTo(20 + 30 + 40);
    assertThat(total.getNumber("cache_read_tokens").longValue()).isEqualTo(1000);
    assertThat(total.getNumber("cache_creation_tokens").longValue()).isEqualTo(50);
    assertThat(total.getNumber("requests").longValue()).isEqualTo(4);
    assertThat(total.getNumber("errors").longValue()).isEqualTo(1);
    assertThat(total.getNumber("cost").doubleValue()).isCloseTo(costSum(records.elements()), within(1e-7));
    double claude = (100 * 3 + 20 * 15 + 1000 * 0.3 + 50 * 3.75 + 200 * 3 + 30 * 15) / 1e6;
    double deepseek = (300 * 0.27 + 40 * 1.10) / 1e6; // the model's configured price
    assertThat(total.getNumber("cost").doubleValue()).isCloseTo(claude + deepseek, within(1e-7));

    for (String section : List.of("by_route", "by_provider", "by_model", "by_session")) {
      JsonObject bySection = usage.getObject(section);
      for (Map.Entry<String, JsonValue> e : bySection.members().entrySet()) {
        List<JsonValue> mine = records.elements().stream().filter(r -> key(section, r.asObject()).equals(e.getKey())).toList();
        JsonObject figures = e.getValue().asObject();
        assertThat(figures.getNumber("requests").longValue()).as(section + " " + e.getKey()).isEqualTo(mine.size());
        assertThat(figures.getNumber("input_tokens").longValue()).isEqualTo(sum(mine, "input_tokens"));
        assertThat(figures.getNumber("output_tokens").longValue()).isEqualTo(sum(mine, "output_tokens"));
      }
    }
    assertThat(usage.getObject("by_route").members().keySet()).containsExactlyInAnyOrder("claude,claude-x",
        "deepseek,deepseek-chat");
    assertThat(usage.getObject("by_session").members().keySet()).containsExactlyInAnyOrder("s-1", "s-2");
    assertThat(usage.getObject("by_route").getObject("deepseek,deepseek-chat").getObject("errors_by_type")
        .getNumber("api_error").longValue()).isEqualTo(1);
  }

  private static String key(String section, JsonObject r) {
    switch (section) {
      case "by_route":
        return r.getString("route");
      case "by_provider":
        return r.getString("provider");
      case "by_model":
        return r.getString("model");
      default:
        return String.valueOf(r.getString("session_id"));
    }
  }

  private static long sum(List<JsonValue> records, String field) {
    return records.stream().mapToLong(r -> r.asObject().getNumber(field).longValue()).sum();
  }

  private static double costSum(List<JsonValue> records) {
    return records.stream().filter(r -> r.asObject().has("cost"))
        .mapToDouble(r -> r.asObject().getNumber("cost").doubleValue()).sum();
  }

  @Test
  void requestRecordsCarryTheResponsesRequestIdAndRouteNewestFirst() throws Exception {
    upstream.enqueue(new MockResponse.Builder().setHeader("Content-Type", "application/json").body(ANTHROPIC_JSON).build());
    String requestId;
    try (Response r = post(request("claude-sonnet-4-5", false), "s-9")) {
      requestId = r.header("request-id");
      r.body().string();
    }
    upstream.enqueue(new MockResponse.Builder().setHeader("Content-Type", "application/json").body(OPENAI_JSON).build());
    try (Response r = post(request("deepseek,deepseek-chat", false), null)) {
      r.body().string();
    }
    server.router().usage().flush();

    JsonArray one = get("/api/requests?limit=1").getArray("data");
    assertThat(one.size()).isEqualTo(1);
    assertThat(one.get(0).asObject().getString("route")).isEqualTo("deepseek,deepseek-chat");
    JsonObject first = get("/api/requests").getArray("data").get(1).asObject();
    assertThat(first.getString("request_id")).isEqualTo(requestId);
    assertThat(first.getString("scenario")).isEqualTo("default");
    assertThat(first.getString("reason")).isNotEmpty();
    assertThat(first.getNumber("status").intValue()).isEqualTo(200);
    assertThat(first.getNumber("attempts").intValue()).isEqualTo(1);
    try (Response r = http.newCall(new Request.Builder().url(url("/api/requests?limit=zero")).build()).execute()) {
      assertThat(r.code()).isEqualTo(400);
      assertThat(Json.parse(r.body().string()).asObject().getObject("error").getString("type"))
          .isEqualTo("invalid_request_error");
    }
  }

  @Test
  void aSessionShowsItsLastRouteTokensAndContextUseAsTheContractSays() throws Exception {
    sendKnownExchanges();

    JsonObject s1 = get("/api/sessions/s-1");
    assertThat(s1.getString("session_id")).isEqualTo("s-1");
    assertThat(s1.getString("route")).isEqualTo("claude,claude-x");
    assertThat(s1.getString("provider")).isEqualTo("claude");
    assertThat(s1.getString("model")).isEqualTo("claude-x");
    assertThat(s1.getString("scenario")).isEqualTo("default");
    assertThat(s1.getNumber("requests").longValue()).isEqualTo(2);
    assertThat(s1.getNumber("errors").longValue()).isZero();
    assertThat(s1.getNumber("input_tokens").longValue()).isEqualTo(300);
    assertThat(s1.getNumber("output_tokens").longValue()).isEqualTo(50);
    assertThat(s1.getNumber("cache_read_tokens").longValue()).isEqualTo(1000);
    assertThat(s1.getNumber("cache_creation_tokens").longValue()).isEqualTo(50);
    JsonObject last = s1.getObject("last");
    assertThat(last.getNumber("input_tokens").longValue()).isEqualTo(200);
    assertThat(last.getNumber("output_tokens").longValue()).isEqualTo(30);
    assertThat(last.getNumber("status").intValue()).isEqualTo(200);
    assertThat(last.members().keySet()).contains("cache_read_tokens", "cache_creation_tokens", "ttft_ms", "duration_ms",
        "output_tokens_per_second");
    assertThat(s1.getNumber("context_window").longValue()).as("a Claude model").isEqualTo(200_000);
    assertThat(s1.getNumber("context_percent").doubleValue()).as("200 of 200000 tokens").isEqualTo(0.1);
    assertThat(s1.getNumber("cost").doubleValue()).isGreaterThan(0);
    assertThat(Instant.parse(s1.getString("updated_at"))).isNotNull();

    JsonObject s2 = get("/api/sessions/s-2");
    assertThat(s2.getString("model")).isEqualTo("deepseek-chat");
    assertThat(s2.getNumber("errors").longValue()).isEqualTo(1);
    assertThat(s2.getObject("last").getNumber("status").intValue()).isGreaterThanOrEqualTo(500);
    assertThat(s2.getNumber("context_window").longValue()).isEqualTo(128_000);
    assertThat(s2.getNumber("context_percent").doubleValue()).as("the last exchange read nothing: it failed").isZero();

    try (Response r = http.newCall(new Request.Builder().url(url("/api/sessions/nobody")).build()).execute()) {
      assertThat(r.code()).isEqualTo(404);
      JsonObject error = (JsonObject) Json.parse(r.body().string());
      assertThat(error.getString("type")).isEqualTo("error");
      assertThat(error.getObject("error").getString("type")).isEqualTo("not_found_error");
    }
  }

  @Test
  void theUsageEndpointsAskForTheKeyLikeEveryApiPath() throws Exception {
    startServer("APIKEY: 'secret-key',");
    for (String path : List.of("/api/usage", "/api/requests", "/api/sessions/x", "/metrics", "/api/requests/stream")) {
      try (Response r = http.newCall(new Request.Builder().url(url(path)).build()).execute()) {
        assertThat(r.code()).as(path).isEqualTo(401);
        assertThat(r.body().string()).doesNotContain("secret-key");
      }
    }
    try (Response r = http.newCall(new Request.Builder().url(url("/api/usage"))
        .header("Authorization", "Bearer secret-key").build()).execute()) {
      assertThat(r.code()).isEqualTo(200);
    }
    try (Response r = http.newCall(new Request.Builder().url(url("/api/usage")).post(RequestBody.create("{}",
        MediaType.get("application/json"))).header("x-api-key", "secret-key").build()).execute()) {
      assertThat(r.code()).isEqualTo(405);
    }
  }

  @Test
  void anUnpricedRouteHasNoCostInUsageOrMetricsAndTheTotalCountsIt() throws Exception {
    sendKnownExchanges();
    server.router().usage().record(new UsageRecord("req_u", Instant.now(), "s-3", "think", "think", "fake",
        "fake-think", 200, 1, 50, 10, 0, 0, 5, 10, 1000, null, null));
    server.router().usage().flush();

    JsonObject usage = get("/api/usage");
    assertThat(usage.getObject("by_route").getObject("fake,fake-think").has("cost")).isFalse();
    assertThat(usage.getObject("by_model").getObject("fake-think").has("cost")).isFalse();
    assertThat(usage.getObject("by_provider").getObject("fake").has("cost")).isFalse();
    assertThat(usage.getObject("by_route").getObject("claude,claude-x").has("unpriced_requests")).isFalse();
    JsonObject total = usage.getObject("total");
    assertThat(total.getNumber("cost").doubleValue())
        .isCloseTo(costSum(get("/api/requests?limit=100").getArray("data").elements()), within(1e-7));
    assertThat(total.getNumber("unpriced_requests").longValue()).isEqualTo(1);

    String text;
    try (Response r = http.newCall(new Request.Builder().url(url("/metrics")).build()).execute()) {
      text = r.body().string();
    }
    Map<String, Double> m = PrometheusText.parse(text);
    String fake = "model=\"fake-think\",provider=\"fake\"";
    assertThat(m).containsEntry("ccr_requests_total{" + fake + "}", 1.0)
        .containsEntry("ccr_unpriced_requests_total{" + fake + "}", 1.0)
        .containsEntry("ccr_unpriced_requests_total{model=\"claude-x\",provider=\"claude\"}", 0.0)
        .doesNotContainKey("ccr_cost_total{" + fake + "}")
        .containsKey("ccr_cost_total{model=\"claude-x\",provider=\"claude\"}");
  }

  @Test
  void theMetricsScrapeParsesAndAgreesWithTheRecords() throws Exception {
    sendKnownExchanges();

    String text;
    try (Response r = http.newCall(new Request.Builder().url(url("/metrics")).build()).execute()) {
      assertThat(r.code()).isEqualTo(200);
      assertThat(r.header("Content-Type")).startsWith("text/plain; version=0.0.4");
      text = r.body().string();
    }
    Map<String, Double> m = PrometheusText.parse(text);

    String claude = "model=\"claude-x\",provider=\"claude\""; // the library writes labels sorted by name
    String deepseek = "model=\"deepseek-chat\",provider=\"deepseek\"";
    assertThat(m).containsEntry("ccr_requests_total{" + claude + "}", 2.0)
        .containsEntry("ccr_requests_total{" + deepseek + "}", 2.0)
        .containsEntry("ccr_upstream_attempts_total{" + deepseek + "}", 2.0)
        .containsEntry("ccr_errors_total{" + deepseek + ",type=\"api_error\"}", 1.0)
        .containsEntry("ccr_tokens_total{kind=\"input\"," + claude + "}", 300.0)
        .containsEntry("ccr_tokens_total{kind=\"output\"," + claude + "}", 50.0)
        .containsEntry("ccr_tokens_total{kind=\"cache_read\"," + claude + "}", 1000.0)
        .containsEntry("ccr_tokens_total{kind=\"input\"," + deepseek + "}", 300.0)
        .containsEntry("ccr_request_duration_seconds_count{" + claude + "}", 2.0)
        .containsEntry("ccr_request_duration_seconds_bucket{" + claude + ",le=\"+Inf\"}", 2.0)
        .containsEntry("ccr_time_to_first_token_seconds_count{" + deepseek + "}", 1.0)
        .containsEntry("ccr_open_streams", 0.0)
        .containsEntry("ccr_circuit_open{" + claude + "}", 0.0);
    assertThat(m.get("ccr_cost_total{" + claude + "}"))
        .isCloseTo((100 * 3 + 20 * 15 + 1000 * 0.3 + 50 * 3.75 + 200 * 3 + 30 * 15) / 1e6, within(1e-9));
  }

  @Test
  void aSpentBudgetIsRefusedInEachClientsOwnFormatAndShownInUsage() throws Exception {
    startServer("budgetControl: {dailyLimit: 0.001, alertThresholds: [0.5]}, monitoring: {alerts: "
        + "[{threshold: 'error_rate > 0.5', action: 'log'}]},");
    upstream.enqueue(new MockResponse.Builder().setHeader("Content-Type", "application/json").body(ANTHROPIC_JSON).build());
    try (Response r = post(request("claude-sonnet-4-5", false), "s-1")) {
      assertThat(r.code()).isEqualTo(200);
      r.body().string();
    }
    server.router().usage().flush(); // that exchange cost 0.0010875

    try (Response r = post(request("claude-sonnet-4-5", false), "s-1")) {
      assertThat(r.code()).isEqualTo(429);
      JsonObject error = (JsonObject) Json.parse(r.body().string());
      assertThat(error.getString("type")).isEqualTo("error");
      assertThat(error.getObject("error").getString("type")).isEqualTo("rate_limit_error");
      assertThat(error.getObject("error").getString("message")).contains("daily budget of 0.001 is spent");
    }
    try (Response r = http.newCall(new Request.Builder().url(url("/v1/chat/completions")).post(RequestBody.create(
        "{\"model\":\"gpt-4o\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}",
        MediaType.get("application/json"))).build()).execute()) {
      assertThat(r.code()).isEqualTo(429);
      JsonObject error = ((JsonObject) Json.parse(r.body().string())).getObject("error");
      assertThat(error.getString("message")).as("OpenAI's error shape").contains("daily budget of 0.001 is spent");
    }
    assertThat(upstream.getRequestCount()).as("refused requests never leave").isEqualTo(1);

    JsonObject usage = get("/api/usage");
    JsonObject budget = usage.getObject("budget");
    assertThat(budget.getBoolean("over_limit")).isTrue();
    assertThat(budget.getString("action")).isEqualTo("refuse");
    assertThat(budget.getObject("daily").getNumber("spent").doubleValue()).isEqualTo(0.001088);
    assertThat(budget.getObject("daily").getNumber("limit").doubleValue()).isEqualTo(0.001);
    assertThat(usage.getObject("monitoring").getArray("alerts").get(0).asObject().getString("threshold"))
        .isEqualTo("error_rate > 0.5");

    String text;
    try (Response r = http.newCall(new Request.Builder().url(url("/metrics")).build()).execute()) {
      text = r.body().string();
    }
    assertThat(PrometheusText.parse(text))
        .containsEntry("ccr_budget_spent{period=\"daily\"}", 0.0010875)
        .containsEntry("ccr_budget_limit{period=\"daily\"}", 0.001)
        .containsEntry("ccr_budget_limit{period=\"monthly\"}", 0.0)
        .containsEntry("ccr_monitoring_alert_active{alert=\"error_rate > 0.5 (default)\"}", 0.0);
  }

  @Test
  void chatCompletionsExchangesAreRecordedLikeMessages() throws Exception {
    upstream.enqueue(new MockResponse.Builder().setHeader("Content-Type", "application/json").body(OPENAI_JSON).build());
    upstream.enqueue(new MockResponse.Builder().setHeader("Content-Type", "text/event-stream").body(ANTHROPIC_STREAM).build());
    String firstId;
    try (Response r = chat("{\"model\":\"deepseek,deepseek-chat\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}")) {
      assertThat(r.code()).isEqualTo(200);
      firstId = r.header("request-id");
      r.body().string();
    }
    try (Response r = chat("{\"model\":\"gpt-4o\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}")) {
      assertThat(r.body().string()).contains("[DONE]");
    }
    server.router().usage().flush();

    List<JsonValue> records = get("/api/requests").getArray("data").elements();
    assertThat(records).hasSize(2);
    JsonObject streamed = records.get(0).asObject();
    assertThat(streamed.getString("route")).isEqualTo("claude,claude-x");
    assertThat(streamed.getNumber("input_tokens").longValue()).isEqualTo(200);
    assertThat(streamed.getNumber("output_tokens").longValue()).isEqualTo(30);
    assertThat(streamed.getNumber("ttft_ms").longValue()).isNotNegative();
    JsonObject whole = records.get(1).asObject();
    assertThat(whole.getString("request_id")).isEqualTo(firstId);
    assertThat(whole.getString("route")).isEqualTo("deepseek,deepseek-chat");
    assertThat(whole.getNumber("input_tokens").longValue()).isEqualTo(300);
    assertThat(whole.getNumber("output_tokens").longValue()).isEqualTo(40);
  }

  private Response chat(String body) throws Exception {
    return http.newCall(new Request.Builder().url(url("/v1/chat/completions"))
        .post(RequestBody.create(body, MediaType.get("application/json"))).build()).execute();
  }

  @Test
  void theLiveFeedSendsEachRecordAndDropsAClientThatLeft() throws Exception {
    UsageLedger ledger = server.router().usage();
    try (Socket socket = new Socket("127.0.0.1", server.port())) {
      OutputStream out = socket.getOutputStream();
      out.write("GET /api/requests/stream HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      out.flush();
      BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
      assertThat(in.readLine()).isEqualTo("HTTP/1.1 200 OK");
      for (String line; !(line = in.readLine()).startsWith(": ccr usage feed"); ) {
        // headers and the chunk size
      }
      assertThat(ledger.feeds()).isEqualTo(1);
      ledger.record(record("live-1"));
      String data = null;
      for (String line; (line = in.readLine()) != null; ) {
        if (line.startsWith("data: ")) {
          data = line.substring(6);
          break;
        }
      }
      assertThat(Json.parse(data).asObject().getString("request_id")).isEqualTo("live-1");
    }
    // The client has gone: the next writes fail, and the feed is let go. Each record is one more write.
    for (int i = 0; ledger.feeds() > 0; i++) {
      ledger.record(record("after-" + i));
      ledger.flush();
      Thread.onSpinWait();
    }
    assertThat(ledger.feeds()).isZero();
  }

  @Test
  void aStoppingServerEndsTheLiveFeedsInsteadOfWaitingForTheirClients() throws Exception {
    try (Socket socket = new Socket("127.0.0.1", server.port())) {
      socket.getOutputStream().write("GET /api/requests/stream HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
          .getBytes(StandardCharsets.US_ASCII));
      BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
      for (String line; !(line = in.readLine()).startsWith(": ccr usage feed"); ) {
        // headers and the chunk size
      }
      // With the feed still open, a stop would sit out the whole hour; the test finishing shows it does not.
      server.stop(java.time.Duration.ofHours(1));
      String rest = "";
      for (String line; (line = in.readLine()) != null; ) rest += line + "\n";
      assertThat(rest).as("the chunked stream ends properly").contains("0\n");
      assertThat(server.router().usage().feeds()).isZero();
    }
  }

  private static UsageRecord record(String id) {
    return new UsageRecord(id, Instant.now(), "s", "default", "test", "p", "m", 200, 1, 1, 1, 0, 0, 1, 2, 1, null, null);
  }
}
