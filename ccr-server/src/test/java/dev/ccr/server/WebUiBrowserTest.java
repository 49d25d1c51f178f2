package dev.ccr.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ccr.ClaudeCodeRouter;
import dev.ccr.config.CcrConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;

/** The web UI in a real headless Chromium, against a real server, config file and upstreams. */
class WebUiBrowserTest {
  static final String SECRET = "sk-stored-literal-987654";
  static final String KEY = "ui-browser-key";

  @TempDir Path dir;
  Path file;
  MockWebServer oldUpstream;
  MockWebServer newUpstream;
  CcrServer server;
  Chromium chromium;
  final OkHttpClient http = new OkHttpClient.Builder().readTimeout(30, TimeUnit.SECONDS).build();

  @BeforeEach
  void start() throws Exception {
    oldUpstream = new MockWebServer();
    oldUpstream.start();
    newUpstream = new MockWebServer();
    newUpstream.start();
    file = dir.resolve("config.json");
    Files.writeString(file, "{\n  APIKEY: '" + KEY + "',\n  Providers: [\n"
        + "    {name: 'claude', api_base_url: '" + oldUpstream.url("/v1/messages") + "', api_key: '" + SECRET + "',"
        + " models: ['claude-x'], transformer: {use: ['anthropic']}}\n  ],\n"
        + "  Router: {default: 'claude,claude-x'}\n}\n");
    server = CcrServer.start(ClaudeCodeRouter.builder().config(CcrConfig.load(file)).build(), "127.0.0.1", 0);
    server.watch(file, Duration.ofHours(1), f -> ClaudeCodeRouter.builder().config(CcrConfig.load(f)).build());
    server.management().logsFolder(Files.createDirectories(dir.resolve("logs")));
    chromium = new Chromium();
  }

  @AfterEach
  void stop() throws Exception {
    if (chromium != null) chromium.close();
    server.close();
    oldUpstream.close();
    newUpstream.close();
    http.dispatcher().executorService().shutdown();
    http.connectionPool().evictAll();
  }

  String url(String path) {
    return server.url() + path;
  }

  WebElement waitFor(By by) {
    return chromium.waiting().until(ExpectedConditions.visibilityOfElementLocated(by));
  }

  void logIn() {
    chromium.driver.get(url("/ui"));
    WebElement key = waitFor(By.cssSelector("form.login input[type=password]"));
    assertThat(chromium.driver.findElement(By.cssSelector("label[for='" + key.getAttribute("id") + "']")).getText())
        .isEqualTo("APIKEY");
    key.sendKeys(KEY, Keys.ENTER);
    waitFor(By.id("nav-providers"));
  }

  void go(String page) {
    chromium.driver.findElement(By.id("nav-" + page)).click();
    chromium.waiting().until(d -> d.findElement(By.id("nav-" + page)).getAttribute("aria-current") != null);
  }

  Response think() throws Exception {
    String body = "{\"model\":\"claude-sonnet-4-5\",\"max_tokens\":2000,\"thinking\":{\"type\":\"enabled\",\"budget_tokens\":1024},"
        + "\"messages\":[{\"role\":\"user\",\"content\":\"think about it\"}]}";
    return http.newCall(new Request.Builder().url(url("/v1/messages")).header("x-api-key", KEY)
        .post(RequestBody.create(body, MediaType.get("application/json"))).build()).execute();
  }

  @Test
  void addAProviderRouteThinkToItSaveAndTheNextRequestTakesTheNewRoute() throws Exception {
    logIn();
    assertThat(chromium.driver.getPageSource()).doesNotContain(SECRET);

    chromium.driver.findElement(By.id("add-provider")).click();
    waitFor(By.id("provider-name")).sendKeys("fresh");
    chromium.driver.findElement(By.id("provider-url")).sendKeys(newUpstream.url("/v1/chat/completions").toString());
    chromium.driver.findElement(By.id("provider-key")).sendKeys("sk-fresh-typed-key");
    chromium.driver.findElement(By.id("model-input")).sendKeys("fresh-model", Keys.ENTER);
    waitFor(By.cssSelector("#model-tags .tag"));
    chromium.driver.findElement(By.id("provider-done")).click();
    waitFor(By.cssSelector("[data-provider='fresh']"));
    chromium.screenshot("ui-providers.png");

    go("router");
    new Select(waitFor(By.id("route-think"))).selectByValue("fresh,fresh-model");
    waitFor(By.id("review-save")).click();
    WebElement changes = waitFor(By.id("review-changes"));
    assertThat(changes.getText()).contains("Router.think: added \"fresh,fresh-model\"").contains("Providers[1]");
    assertThat(waitFor(By.id("review-valid")).getText()).startsWith("Valid");
    chromium.screenshot("ui-review.png");
    assertThat(Files.readString(file)).as("nothing is written before the save is confirmed").doesNotContain("fresh");
    chromium.driver.findElement(By.id("confirm-save")).click();
    chromium.waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.id("status"), "Saved"));

    String written = Files.readString(file);
    assertThat(written).contains("\"think\": \"fresh,fresh-model\"").contains("sk-fresh-typed-key").contains(SECRET);
    assertThat(chromium.driver.findElement(By.id("savebar")).isDisplayed()).as("nothing left unsaved").isFalse();
    assertThat(chromium.driver.getPageSource()).doesNotContain(SECRET).doesNotContain("sk-fresh-typed-key");

    newUpstream.enqueue(new MockResponse.Builder().setHeader("Content-Type", "application/json").body(UpstreamReplies.OPENAI).build());
    try (Response r = think()) {
      assertThat(r.code()).isEqualTo(200);
      assertThat(r.header("x-ccr-route")).contains("fresh,fresh-model");
      r.body().string();
    }
    RecordedRequest sent = newUpstream.takeRequest(30, TimeUnit.SECONDS);
    assertThat(sent).isNotNull();
    assertThat(sent.getHeaders().get("Authorization")).isEqualTo("Bearer sk-fresh-typed-key");
    assertThat(oldUpstream.getRequestCount()).isZero();
  }

  @Test
  void aSaveOverAnotherSaveMadeSinceThePageLoadedIsRefusedAndShownAsAConflict() throws Exception {
    logIn();
    go("router");
    new Select(waitFor(By.id("route-think"))).selectByValue("claude,claude-x");
    waitFor(By.id("review-save")).click();
    WebElement confirm = waitFor(By.id("confirm-save"));
    String theirs = Files.readString(file).replace("Router: {", "LOG_LEVEL: 'debug',\n  Router: {");
    Files.writeString(file, theirs);
    confirm.click();

    assertThat(waitFor(By.id("conflict")).getText()).contains("Nothing was written");
    assertThat(chromium.driver.findElement(By.id("status")).getText()).contains("changed since you loaded it");
    assertThat(chromium.driver.findElement(By.id("conflict-draft")).getAttribute("value"))
        .as("the draft is shown to copy").contains("\"think\": \"claude,claude-x\"");
    assertThat(Files.readString(file)).as("their save stands").isEqualTo(theirs);
    chromium.driver.findElement(By.id("conflict-keep")).click();
    assertThat(waitFor(By.id("savebar")).getText()).as("the draft is kept").contains("Unsaved changes");

    // a later save is refused at its check too, until the saved config is loaded
    chromium.driver.findElement(By.id("review-save")).click();
    waitFor(By.id("conflict-load")).click();
    chromium.waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.id("status"), "Loaded the saved config"));
    assertThat(chromium.driver.findElement(By.id("savebar")).isDisplayed()).isFalse();
    assertThat(Files.readString(file)).isEqualTo(theirs);
  }

  @Test
  void brokenJsonInTheEditorShowsTheValidatorsErrorAtItsLine() throws Exception {
    logIn();
    go("editor");
    byte[] before = Files.readAllBytes(file);
    WebElement editor = waitFor(By.id("raw-editor"));
    List<String> lines = List.of("{", "  Providers: [", "    {name: 'a', api_base_url: 'https://a.example/v1/chat/completions', models: ['m']},",
        "    {name: 'b',", "     api_base_url: 'not a url', models: ['m']}", "  ],", "  Router: {default: 'a,m',,}", "}");
    editor.clear();
    editor.sendKeys(String.join("\n", lines));
    chromium.driver.findElement(By.id("editor-check")).click();

    WebElement problem = waitFor(By.cssSelector("#editor-problems li"));
    assertThat(problem.getAttribute("data-line")).isEqualTo("7");
    assertThat(problem.getText()).startsWith("Line 7: config:7:");
    assertThat(chromium.driver.findElement(By.cssSelector(".gutter span[data-line='7']")).getAttribute("class")).isEqualTo("bad");
    chromium.screenshot("ui-editor-error.png");

    // the parse error fixed, the validator's own problem points at its JSON path's line
    editor.sendKeys(Keys.chord(Keys.CONTROL, "a"), Keys.DELETE);
    editor.sendKeys(String.join("\n", lines).replace(",,}", "}"));
    chromium.driver.findElement(By.id("editor-check")).click();
    chromium.waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("#editor-problems li"), "api_base_url"));
    WebElement pathProblem = chromium.driver.findElement(By.cssSelector("#editor-problems li"));
    assertThat(pathProblem.getText()).contains("Providers[1].api_base_url is not a URL");
    assertThat(pathProblem.getAttribute("data-line")).isEqualTo("5");
    assertThat(Files.readAllBytes(file)).isEqualTo(before);
  }

  @Test
  void theUsagePageDrawsTheRequestsOverTime() throws Exception {
    for (int i = 0; i < 2; i++) {
      oldUpstream.enqueue(new MockResponse.Builder().setHeader("Content-Type", "application/json").body(UpstreamReplies.ANTHROPIC).build());
      try (Response r = http.newCall(new Request.Builder().url(url("/v1/messages")).header("x-api-key", KEY)
          .post(RequestBody.create("{\"model\":\"claude-sonnet-4-5\",\"max_tokens\":10,\"messages\":[{\"role\":\"user\","
              + "\"content\":\"hi\"}]}", MediaType.get("application/json"))).build()).execute()) {
        assertThat(r.code()).isEqualTo(200);
        r.body().string();
      }
    }
    server.router().usage().flush();
    logIn();
    go("usage");

    WebElement total = waitFor(By.cssSelector("#series figure[data-name='total']"));
    assertThat(total.getText()).contains("Requests: 2 (per minute, last hour)");
    List<WebElement> bars = total.findElements(By.cssSelector("rect.bar"));
    assertThat(bars).hasSize(60);
    assertThat(bars.stream().mapToInt(b -> Integer.parseInt(b.getAttribute("data-value"))).sum()).isEqualTo(2);
    assertThat(total.findElement(By.tagName("svg")).getAttribute("aria-label"))
        .isEqualTo("Requests per minute, last hour for total: 2 in all");

    new Select(chromium.driver.findElement(By.id("series-by"))).selectByValue("route");
    waitFor(By.cssSelector("#series figure[data-name='claude,claude-x']"));
    new Select(chromium.driver.findElement(By.id("series-metric"))).selectByValue("input_tokens");
    chromium.waiting().until(ExpectedConditions.textToBePresentInElementLocated(
        By.cssSelector("#series figure[data-name='claude,claude-x'] figcaption"), "Input tokens: 6"));
    new Select(chromium.driver.findElement(By.id("series-bucket"))).selectByValue("hour");
    chromium.waiting().until(d -> d.findElements(By.cssSelector("#series figure[data-name='claude,claude-x'] rect.bar")).size() == 24);
    chromium.screenshot("ui-usage.png");
  }

  @Test
  void aRequestAppearsOnTheLivePageAndItsDetailsShowTheUpstreamRequestAndResponse() throws Exception {
    logIn();
    go("live");
    chromium.waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.id("live-state"), "Listening"));
    oldUpstream.enqueue(new MockResponse.Builder().setHeader("Content-Type", "application/json").body(UpstreamReplies.ANTHROPIC).build());
    String requestId;
    try (Response r = http.newCall(new Request.Builder().url(url("/v1/messages")).header("x-api-key", KEY)
        .post(RequestBody.create("{\"model\":\"claude-sonnet-4-5\",\"max_tokens\":10,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}",
            MediaType.get("application/json"))).build()).execute()) {
      assertThat(r.code()).isEqualTo(200);
      requestId = r.header("request-id");
      r.body().string();
    }

    WebElement row = waitFor(By.cssSelector("#live-rows tr[data-request-id='" + requestId + "']"));
    assertThat(row.getText()).contains("claude,claude-x").contains("default").contains("200");
    row.findElement(By.tagName("button")).click();
    chromium.waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.id("live-detail"), requestId));
    WebElement sent = waitFor(By.id("upstream-request-0"));
    assertThat(sent.getText()).as("the upstream request body").contains("\"model\": \"claude-x\"").contains("\"content\": \"hi\"");
    assertThat(chromium.driver.findElement(By.id("live-detail")).getText()).contains("POST " + oldUpstream.url("/v1/messages"));
    assertThat(waitFor(By.id("upstream-response-0")).getText()).contains("\"id\": \"msg_1\"");
    assertThat(chromium.driver.findElement(By.id("live-record")).getAttribute("textContent")).contains("\"route\": \"claude,claude-x\"");
    assertThat(chromium.driver.getPageSource()).doesNotContain(SECRET).doesNotContain(KEY);
    chromium.screenshot("ui-live.png");
  }
}
