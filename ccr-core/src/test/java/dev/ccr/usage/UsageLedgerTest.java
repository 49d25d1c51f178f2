package dev.ccr.usage;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class UsageLedgerTest {
  static final Instant T0 = Instant.parse("2026-03-31T23:00:00Z");
  UsageLedger ledger = new UsageLedger(3, T0);

  @AfterEach
  void close() {
    ledger.close();
  }

  static UsageRecord record(String session, String provider, String model, long in, long out, long durationMs,
      String error, Double cost, Instant time) {
    return new UsageRecord("req_" + in, time, session, "default", "no other rule matched", provider, model,
        error == null ? 200 : 500, 1, in, out, 1, 2, durationMs / 2, durationMs, out * 1000.0 / durationMs, error, cost);
  }

  @Test
  void unpricedExchangesAreNeverCountedAsFree() throws Exception {
    ledger.record(record("s1", "fake", "fake-think", 10, 5, 100, null, null, T0));
    ledger.record(record("s1", "deepseek", "deepseek-chat", 20, 6, 200, null, 0.5, T0));
    ledger.record(record("s2", "openrouter", "deepseek-chat", 30, 7, 300, null, null, T0));
    ledger.flush();

    Totals unpriced = ledger.byRoute().get("fake,fake-think");
    assertThat(unpriced.pricedRequests()).isZero();
    assertThat(unpriced.unpricedRequests()).isEqualTo(1);
    assertThat(unpriced.toJson().has("cost")).as("no price: no cost, not 0").isFalse();
    assertThat(unpriced.toJson().has("unpriced_requests")).isFalse();

    Totals mixed = ledger.byModel().get("deepseek-chat");
    assertThat(mixed.toJson().getNumber("cost").doubleValue()).isEqualTo(0.5);
    assertThat(mixed.toJson().getNumber("unpriced_requests").longValue()).isEqualTo(1);

    Totals all = ledger.total();
    assertThat(all.toJson().getNumber("cost").doubleValue()).isEqualTo(0.5);
    assertThat(all.toJson().getNumber("unpriced_requests").longValue()).isEqualTo(2);

    Totals priced = ledger.byRoute().get("deepseek,deepseek-chat");
    assertThat(priced.toJson().getNumber("cost").doubleValue()).isEqualTo(0.5);
    assertThat(priced.toJson().has("unpriced_requests")).as("every exchange priced").isFalse();
    assertThat(Totals.none().toJson().has("cost")).isFalse();
  }

  @Test
  void sumsByRouteProviderModelAndSessionAndKeepsTheLatestInTheRing() throws Exception {
    ledger.record(record("s1", "deepseek", "deepseek-chat", 10, 5, 100, null, 0.5, T0));
    ledger.record(record("s1", "deepseek", "deepseek-reasoner", 20, 6, 200, "api_error", null, T0));
    ledger.record(record("s2", "openrouter", "deepseek-chat", 30, 7, 300, null, 0.25, T0));
    ledger.record(record(null, "deepseek", "deepseek-chat", 40, 8, 400, null, 1.0, T0));
    ledger.flush();

    Totals all = ledger.total();
    assertThat(all.requests()).isEqualTo(4);
    assertThat(all.errors()).isEqualTo(1);
    assertThat(all.inputTokens()).isEqualTo(100);
    assertThat(all.outputTokens()).isEqualTo(26);
    assertThat(all.cacheReadTokens()).isEqualTo(4);
    assertThat(all.cacheCreationTokens()).isEqualTo(8);
    assertThat(all.cost()).isEqualTo(1.75);
    assertThat(all.latencyP50Ms()).isEqualTo(200);
    assertThat(all.latencyP99Ms()).isEqualTo(400);
    assertThat(all.ttftP50Ms()).isEqualTo(100);

    assertThat(ledger.byRoute().keySet()).containsExactly("deepseek,deepseek-chat", "deepseek,deepseek-reasoner",
        "openrouter,deepseek-chat");
    assertThat(ledger.byRoute().get("deepseek,deepseek-chat").inputTokens()).isEqualTo(50);
    assertThat(ledger.byProvider().get("deepseek").requests()).isEqualTo(3);
    assertThat(ledger.byModel().get("deepseek-chat").outputTokens()).isEqualTo(20);
    assertThat(ledger.bySession().keySet()).containsExactlyInAnyOrder("s1", "s2");

    SessionUsage s1 = ledger.session("s1").orElseThrow();
    assertThat(s1.last().model()).isEqualTo("deepseek-reasoner");
    assertThat(s1.totals().requests()).isEqualTo(2);
    assertThat(s1.totals().errors()).isEqualTo(1);
    assertThat(ledger.session("nobody")).isEmpty();

    assertThat(ledger.recent(10)).extracting(UsageRecord::inputTokens).as("newest first, three kept")
        .containsExactly(40L, 30L, 20L);
    assertThat(ledger.recent(1)).extracting(UsageRecord::inputTokens).containsExactly(40L);
  }

  @Test
  void clientChosenModelNamesAndSessionsPastTheCapsFoldIntoOtherSoSumsAndLabelsStayBounded() throws Exception {
    ledger.rolling("watched,late-model"); // monitoring watches this route: it keeps its own window past the cap
    int n = Figures.KEYS * 3;
    for (int i = 0; i < n; i++) ledger.record(record("s" + i, "open", "model-" + i, 1, 1, 10, null, 0.5, T0));
    ledger.record(record("late", "watched", "late-model", 1, 1, 10, null, null, T0));
    for (int i = 0; i < Figures.SESSIONS; i++) ledger.record(record("more-" + i, "open", "model-0", 1, 1, 10, null, null, T0));
    ledger.flush();

    assertThat(ledger.byModel()).hasSize(Figures.KEYS + 1).containsKey("other");
    assertThat(ledger.byModel().get("other").requests()).as("every model past the cap").isEqualTo(n - Figures.KEYS + 1L);
    assertThat(ledger.byRoute()).hasSize(Figures.KEYS + 2).containsKeys("open,other", "watched,other");
    assertThat(ledger.byRoute().get("open,other").requests()).isEqualTo(n - Figures.KEYS);
    assertThat(ledger.byRoute().get("open,other").cost()).isEqualTo((n - Figures.KEYS) * 0.5);
    assertThat(ledger.byProvider().keySet()).containsExactly("open", "watched");
    assertThat(ledger.total().requests()).as("nothing is lost from the sums").isEqualTo(n + 1L + Figures.SESSIONS);
    assertThat(ledger.bySession()).hasSize(Figures.SESSIONS).containsKey("more-0").doesNotContainKey("s0");
    assertThat(ledger.rolling("watched,late-model")).hasSize(1);
    assertThat(ledger.rolling("open,model-" + (n - 1))).as("an unwatched route past the cap has no window").isEmpty();
  }

  @Test
  void spendIsCountedPerUtcDayAndMonth() throws Exception {
    Instant nextDay = T0.plusSeconds(3600); // 2026-04-01T00:00Z: a new day and a new month
    ledger.record(record("s", "p", "m", 1, 1, 10, null, 2.0, T0));
    ledger.record(record("s", "p", "m", 1, 1, 10, null, 3.0, T0.minusSeconds(86_400)));
    ledger.record(record("s", "p", "m", 1, 1, 10, null, 0.5, nextDay));
    ledger.flush();

    assertThat(ledger.spentOnDay(T0)).isEqualTo(2.0);
    assertThat(ledger.spentInMonth(T0)).isEqualTo(5.0);
    assertThat(ledger.spentOnDay(nextDay)).isEqualTo(0.5);
    assertThat(ledger.spentInMonth(nextDay)).isEqualTo(0.5);
  }

  @Test
  void aSlowListenerHoldsUpNeitherRecordingNorOtherReaders() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    List<UsageRecord> fast = new ArrayList<>();
    AutoCloseable slow = ledger.subscribe(r -> {
      try {
        release.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
    try (UsageFeed feed = ledger.feed(10)) {
      for (int i = 0; i < 5; i++) ledger.record(record("s", "p", "m", i, 1, 10, null, null, T0));
      ledger.flush(); // returns although the slow listener is stuck on the first record
      for (UsageRecord r; (r = feed.poll(0, TimeUnit.SECONDS)) != null; ) fast.add(r);
      assertThat(fast).hasSize(5);
      assertThat(ledger.total().requests()).isEqualTo(5);
    } finally {
      release.countDown();
      slow.close();
    }
  }

  @Test
  void aFeedThatFallsBehindLosesRecordsAndAClosedOneIsLetGo() throws Exception {
    UsageFeed feed = ledger.feed(2);
    for (int i = 0; i < 5; i++) ledger.record(record("s", "p", "m", i, 1, 10, null, null, T0));
    ledger.flush();
    assertThat(feed.dropped()).isEqualTo(3);
    assertThat(feed.poll(0, TimeUnit.SECONDS).inputTokens()).isEqualTo(0);
    assertThat(ledger.feeds()).isEqualTo(1);
    feed.close();
    assertThat(ledger.feeds()).isZero();
    assertThat(feed.poll(0, TimeUnit.SECONDS)).isNull();
  }
}
