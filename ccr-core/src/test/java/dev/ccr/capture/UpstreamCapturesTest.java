package dev.ccr.capture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ccr.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class UpstreamCapturesTest {
  static final String KEY = "sk-secret-abcdefgh";

  static UpstreamCapture start(UpstreamCaptures captures, String id, String body) {
    byte[] b = body.getBytes(StandardCharsets.UTF_8);
    return captures.start(id, "p", "m", Instant.EPOCH, "POST", "https://p.example/v1?key=" + KEY,
        Map.of("Authorization", "Bearer " + KEY, "X-Other", "plain"), b, List.of(KEY));
  }

  @Test
  void keepsTheNewestCallsUpToItsCapacity() {
    UpstreamCaptures captures = new UpstreamCaptures(3, 100);
    for (int i = 0; i < 5; i++) start(captures, "req_" + i, "{}");
    assertThat(captures.size()).isEqualTo(3);
    assertThat(captures.show("req_1")).isEmpty();
    assertThat(captures.show("req_2")).isPresent();
    assertThat(captures.show("req_4")).isPresent();
  }

  @Test
  void retriesOfOneExchangeAreShownTogetherOldestFirst() {
    UpstreamCaptures captures = new UpstreamCaptures(10, 100);
    start(captures, "req_a", "{\"try\":1}");
    start(captures, "req_b", "{}");
    start(captures, "req_a", "{\"try\":2}");
    assertThat(captures.find("req_a")).hasSize(2);
    assertThat(captures.show("req_a").orElseThrow().toJson()).containsSubsequence("try\\\":1", "try\\\":2");
  }

  @Test
  void aBodyOverTheCapIsCutWithAMarkerAndCountedWhole() {
    UpstreamCaptures captures = new UpstreamCaptures(10, 16);
    UpstreamCapture call = start(captures, "req", "0123456789abcdefXYZ");
    call.response(200, Map.of("content-type", List.of("text/event-stream")));
    byte[] events = "data: 1\n\ndata: 2\n\ndata: 3\n\n".getBytes(StandardCharsets.UTF_8);
    int keep = Math.min(events.length, call.room());
    call.body(events, 0, keep);
    call.skipped(events.length - keep);
    assertThat(call.room()).isZero();

    JsonObject json = call.toJson();
    assertThat(json.getObject("request").getString("body")).startsWith("0123456789abcdef").doesNotContain("XYZ")
        .contains("cut: only the first 16 bytes");
    assertThat(json.getObject("request").getNumber("bytes").longValue()).isEqualTo(19);
    assertThat(json.getObject("response").getString("body")).startsWith("data: 1\n\ndata: 2").doesNotContain("data: 3");
    assertThat(json.getObject("response").getNumber("bytes").longValue()).isEqualTo(events.length);
  }

  @Test
  void theKeyIsHiddenInUrlHeadersAndBodiesEvenWhereTheCapCutsIt() {
    UpstreamCaptures captures = new UpstreamCaptures(10, 16); // cuts the body in the key: {"k":"sk-secret-
    UpstreamCapture call = start(captures, "req", "{\"k\":\"" + KEY + "\"}");
    String json = call.toJson().toJson();
    assertThat(json).doesNotContain("sk-secret").contains("key=<redacted>");
    assertThat(call.toJson().getObject("request").getString("body")).startsWith("{\"k\":\"<redacted>");
    assertThat(call.toJson().getObject("request").getObject("headers").getString("Authorization")).isEqualTo("<redacted>");
    assertThat(call.toJson().getObject("request").getObject("headers").getString("X-Other")).isEqualTo("plain");
  }

  @Test
  void theRingIsKeptWithTheLedgerSoAReloadedConfigKeepsItAndFalseTurnsItOff() {
    try (dev.ccr.usage.UsageLedger ledger = new dev.ccr.usage.UsageLedger()) {
      UpstreamCaptures first = UpstreamCaptures.forConfig(dev.ccr.config.CcrConfig.parse("{}"), ledger);
      assertThat(first).isNotNull();
      assertThat(UpstreamCaptures.forConfig(dev.ccr.config.CcrConfig.parse("{LOG: true}"), ledger)).isSameAs(first);
      assertThat(UpstreamCaptures.forConfig(dev.ccr.config.CcrConfig.parse("{UPSTREAM_CAPTURE: false}"), ledger)).isNull();
      assertThat(UpstreamCaptures.forConfig(dev.ccr.config.CcrConfig.parse("{UPSTREAM_CAPTURE: 'false'}"), ledger)).isNull();
      assertThatThrownBy(() -> dev.ccr.config.CcrConfig.parse("{UPSTREAM_CAPTURE: 'off'}"))
          .hasMessageContaining("UPSTREAM_CAPTURE must be true or false");
    }
  }

  @Test
  void everySecretNamedValueOfTheProviderEntryIsHidden() {
    dev.ccr.config.ProviderConfig provider = dev.ccr.config.CcrConfig.parse("{Providers: [{name: 'p', "
        + "api_base_url: 'https://p.example/v1/chat/completions', api_key: 'sk-main-key', models: ['m'], "
        + "headers: {'X-Org': 'org-value-1'}, transformer: {use: [['plugin', {apiKey: 'plugin-secret-9', "
        + "nested: {client_secret: 'deep-secret-7'}, label: 'visible-label'}]]}}], Router: {default: 'p,m'}}",
        name -> null).providers().get(0);

    assertThat(UpstreamCaptures.secretsOf(provider))
        .contains("sk-main-key", "org-value-1", "plugin-secret-9", "deep-secret-7").doesNotContain("visible-label");
  }

  @Test
  void aWriterThatStoresLateNeverReplacesANewerCall() throws Exception {
    UpstreamCaptures ring = new UpstreamCaptures(4, 1024);
    int writers = 8;
    int each = 500;
    java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
    List<Thread> threads = new java.util.ArrayList<>();
    for (int w = 0; w < writers; w++) {
      int id = w;
      Thread t = new Thread(() -> {
        try {
          go.await();
        } catch (InterruptedException e) {
          return;
        }
        for (int i = 0; i < each; i++) {
          ring.start("w" + id + "-" + i, "p", "m", Instant.EPOCH, "POST", "https://p.example", Map.of(), new byte[0], List.of());
        }
      });
      t.start();
      threads.add(t);
    }
    go.countDown();
    for (Thread t : threads) t.join();
    assertThat(ring.size()).isEqualTo(4);
    // Each writer's last call is newer than anything it wrote before; the ring keeps the 4 newest
    // sequence numbers, so at least one of the last calls is still found.
    long lastsFound = java.util.stream.IntStream.range(0, writers)
        .filter(w -> !ring.find("w" + w + "-" + (each - 1)).isEmpty()).count();
    assertThat(lastsFound).isPositive();
  }
}
