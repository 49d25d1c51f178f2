package dev.ccr.usage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ccr.testing.FakeClock;
import dev.ccr.usage.UsageSeries.By;
import dev.ccr.usage.UsageSeries.Point;
import dev.ccr.usage.UsageSeries.Resolution;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class UsageSeriesTest {
  final FakeClock clock = new FakeClock(Instant.parse("2026-03-01T10:00:00Z"));
  final UsageLedger ledger = new UsageLedger(100, clock.now());

  @AfterEach
  void close() {
    ledger.close();
  }

  /** A request that starts now on the fake clock. */
  void request(String provider, String model, long in, long out, Double cost, boolean failed) {
    ledger.record(new UsageRecord("req", clock.now(), null, "default", "", provider, model, failed ? 500 : 200, 1, in, out,
        0, 0, 10, 20, 0, failed ? "api_error" : null, cost));
  }

  Map<String, List<Point>> series(By by, Resolution resolution) throws InterruptedException {
    ledger.flush();
    return ledger.series(by, resolution, clock.now());
  }

  @Test
  void minuteBucketsCoverTheLastHourOldestFirstWithEmptyMinutesAsZeros() throws Exception {
    request("a", "m1", 10, 5, 0.5, false);
    clock.advance(TimeUnit.SECONDS.toMillis(30)); // same minute
    request("a", "m1", 1, 1, 0.25, true);
    clock.advance(TimeUnit.MINUTES.toMillis(2)); // 10:02:30
    request("b", "m2", 7, 3, null, false);

    List<Point> total = series(By.TOTAL, Resolution.MINUTE).get("total");
    assertThat(total).hasSize(60);
    assertThat(total.get(59).start()).isEqualTo(Instant.parse("2026-03-01T10:02:00Z"));
    assertThat(total.get(0).start()).isEqualTo(Instant.parse("2026-03-01T09:03:00Z"));
    Point first = total.get(57);
    assertThat(first.start()).isEqualTo(Instant.parse("2026-03-01T10:00:00Z"));
    assertThat(first.requests()).isEqualTo(2);
    assertThat(first.errors()).isEqualTo(1);
    assertThat(first.inputTokens()).isEqualTo(11);
    assertThat(first.outputTokens()).isEqualTo(6);
    assertThat(first.cost()).isEqualTo(0.75);
    assertThat(total.get(58).requests()).isZero();
    assertThat(total.get(59).requests()).isEqualTo(1);
    assertThat(total.get(59).pricedRequests()).as("no price, no cost").isZero();
    assertThat(total.get(59).toJson().has("cost")).isFalse();

    Map<String, List<Point>> byRoute = series(By.ROUTE, Resolution.MINUTE);
    assertThat(byRoute.keySet()).containsExactly("a,m1", "b,m2");
    assertThat(byRoute.get("a,m1").get(57).requests()).isEqualTo(2);
    assertThat(byRoute.get("b,m2").get(57).requests()).isZero();
    assertThat(series(By.MODEL, Resolution.MINUTE).get("m2").get(59).inputTokens()).isEqualTo(7);
  }

  @Test
  void aMinuteAnHourAgoLeavesTheMinuteSeriesButStaysInTheHourSeries() throws Exception {
    request("a", "m1", 10, 5, null, false); // 10:00
    clock.advance(TimeUnit.MINUTES.toMillis(61)); // 11:01
    request("a", "m1", 1, 1, null, false);

    List<Point> minutes = series(By.PROVIDER, Resolution.MINUTE).get("a");
    assertThat(minutes.stream().mapToLong(Point::requests).sum()).as("10:00 is out of the last hour").isEqualTo(1);
    List<Point> hours = series(By.PROVIDER, Resolution.HOUR).get("a");
    assertThat(hours).hasSize(24);
    assertThat(hours.get(23).start()).isEqualTo(Instant.parse("2026-03-01T11:00:00Z"));
    assertThat(hours.get(22).requests()).isEqualTo(1);
    assertThat(hours.get(23).requests()).isEqualTo(1);
  }

  @Test
  void aSlotReusedByALaterBucketForgetsTheOldOneAndALateOldRecordIsNotCountedInIt() throws Exception {
    request("a", "m1", 1, 1, null, false); // 10:00, slot 0 of the minute ring
    clock.advance(TimeUnit.MINUTES.toMillis(60)); // 11:00, the same slot
    request("a", "m1", 2, 2, null, false);
    ledger.record(new UsageRecord("late", Instant.parse("2026-03-01T10:00:10Z"), null, "default", "", "a", "m1", 200, 1,
        100, 100, 0, 0, 1, 1, 0, null, null));

    List<Point> minutes = series(By.TOTAL, Resolution.MINUTE).get("total");
    assertThat(minutes.get(59).requests()).isEqualTo(1);
    assertThat(minutes.get(59).inputTokens()).isEqualTo(2);
    assertThat(minutes.stream().mapToLong(Point::requests).sum()).isEqualTo(1);
  }

  @Test
  void namesPastTheCapAreCountedAsOther() throws Exception {
    for (int i = 0; i < Figures.KEYS + 5; i++) request("p" + i, "m", 1, 1, null, false);
    Map<String, List<Point>> byProvider = series(By.PROVIDER, Resolution.HOUR);
    assertThat(byProvider).hasSize(Figures.KEYS + 1);
    assertThat(byProvider.get(Figures.OTHER).get(23).requests()).isEqualTo(5);
  }
}
