package dev.ccr.state;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class UsageCountsTest {
  @Test
  void thePricedCountSurvivesTheSharedTextFormSoUnpricedRoutesStayUnpricedAcrossInstances() {
    UsageCounts unpriced = new UsageCounts(3, 1, 4, 100, 20, 0, 0, 0, 0);
    UsageCounts mixed = new UsageCounts(5, 0, 5, 200, 40, 10, 0, 0.25, 2);

    assertThat(UsageCounts.decode(unpriced.encode())).isEqualTo(unpriced);
    assertThat(UsageCounts.decode(mixed.encode())).isEqualTo(mixed);
    assertThat(unpriced.plus(mixed).over(dev.ccr.usage.Totals.none()).unpricedRequests()).isEqualTo(6);
  }

  @Test
  void anOlderInstancesEightFieldFormCountsItsRequestsAsPricedOnlyWhenItHadACost() {
    assertThat(UsageCounts.decode("3,0,3,10,5,0,0,0.5").pricedRequests()).isEqualTo(3);
    assertThat(UsageCounts.decode("3,0,3,10,5,0,0,0.0").pricedRequests()).isZero();
    assertThat(UsageCounts.decode("3,0,3")).isEqualTo(UsageCounts.ZERO);
  }

  @Test
  void cachedAnswersAndTheirSavedTokensAreSharedAndAnOlderNineFieldFormHasNone() {
    UsageCounts cached = new UsageCounts(4, 0, 1, 30, 10, 0, 0, 0.5, 4, 3, 120);
    assertThat(UsageCounts.decode(cached.encode())).isEqualTo(cached);
    dev.ccr.usage.Totals sum = cached.plus(cached).over(dev.ccr.usage.Totals.none());
    assertThat(sum.cachedRequests()).isEqualTo(6);
    assertThat(sum.tokensSaved()).isEqualTo(240);
    assertThat(sum.toJson().toJson()).contains("\"cached_requests\":6", "\"tokens_saved\":240");
    UsageCounts older = UsageCounts.decode("3,0,3,10,5,0,0,0.5,3");
    assertThat(older.cachedRequests()).isZero();
    assertThat(older.tokensSaved()).isZero();
    assertThat(older.requests()).isEqualTo(3);
  }
}
