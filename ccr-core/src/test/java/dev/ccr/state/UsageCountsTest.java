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
}
