package dev.ccr.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Calls are cut when their budget passes while they wait on the upstream, once, and never after
 * they ended. Sweeps are called at chosen instants; budgets are long, so the sweeping thread (which
 * runs too) cannot get there first on a slow machine.
 */
class DeadlinesTest {
  static final long SECOND = TimeUnit.SECONDS.toNanos(1);
  static final long BUDGET_MS = 600_000;
  static final long BUDGET = TimeUnit.MILLISECONDS.toNanos(BUDGET_MS);

  @Test
  void aCallIsCutOnceItsBudgetPassesWhileItWaits() {
    try (Deadlines deadlines = new Deadlines()) {
      AtomicInteger cuts = new AtomicInteger();
      Deadlines.Deadline d = deadlines.start(BUDGET_MS, cuts::incrementAndGet);
      long start = System.nanoTime();

      assertThat(deadlines.sweep(start + BUDGET - SECOND)).isZero();
      assertThat(deadlines.sweep(start + BUDGET + SECOND)).isEqualTo(1);
      assertThat(deadlines.sweep(start + 2 * BUDGET)).isZero();
      assertThat(cuts).hasValue(1);
      assertThat(d.expired()).isTrue();
      assertThat(deadlines.live()).isZero();
    }
  }

  @Test
  void eachReadHasTheWholeBudgetAndTimeBetweenReadsIsNotCounted() {
    try (Deadlines deadlines = new Deadlines()) {
      AtomicInteger cuts = new AtomicInteger();
      Deadlines.Deadline d = deadlines.start(BUDGET_MS, cuts::incrementAndGet);
      d.exit(); // headers arrived; the reader now writes to a slow client, for as long as it takes
      assertThat(deadlines.sweep(System.nanoTime() + 10 * BUDGET)).isZero();

      d.budget(2 * BUDGET_MS); // after a stream's first event, its gap is what is timed
      d.enter();
      long read = System.nanoTime();
      assertThat(deadlines.sweep(read + 2 * BUDGET - SECOND)).isZero();
      assertThat(deadlines.sweep(read + 2 * BUDGET + SECOND)).isEqualTo(1);
      assertThat(cuts).hasValue(1);
    }
  }

  @Test
  void anEndedCallIsNeverCut() {
    try (Deadlines deadlines = new Deadlines()) {
      AtomicInteger cuts = new AtomicInteger();
      Deadlines.Deadline d = deadlines.start(BUDGET_MS, cuts::incrementAndGet);
      d.close();

      assertThat(deadlines.sweep(System.nanoTime() + 10 * BUDGET)).isZero();
      assertThat(cuts).hasValue(0);
      assertThat(d.expired()).isFalse();
    }
  }

  @Test
  void aFailureAfterTheCutIsReportedAsTheTimeoutItWas() {
    try (Deadlines deadlines = new Deadlines()) {
      Deadlines.Deadline d = deadlines.start(BUDGET_MS, () -> {});
      IOException closed = new IOException("Socket closed");
      assertThat(d.explain(closed)).isSameAs(closed); // not cut: the failure is what it says

      deadlines.sweep(System.nanoTime() + 10 * BUDGET);
      assertThat(d.explain(closed)).isInstanceOf(SocketTimeoutException.class).hasCause(closed);
    }
  }

  @Test
  void aCutThatThrowsDoesNotStopTheOthers() {
    try (Deadlines deadlines = new Deadlines()) {
      AtomicInteger cuts = new AtomicInteger();
      deadlines.start(BUDGET_MS, () -> {
        throw new IllegalStateException("a host's event listener");
      });
      deadlines.start(BUDGET_MS, cuts::incrementAndGet);

      assertThat(deadlines.sweep(System.nanoTime() + 10 * BUDGET)).isEqualTo(2);
      assertThat(cuts).hasValue(1);
    }
  }

  @Test
  void theSweepingThreadCutsALateCallByItself() throws Exception {
    try (Deadlines deadlines = new Deadlines()) {
      CountDownLatch cut = new CountDownLatch(1);
      deadlines.start(50, cut::countDown);

      assertThat(cut.await(30, TimeUnit.SECONDS)).as("cut by the sweeper").isTrue(); // a safety net, not a speed limit
    }
  }

  @Test
  void callsStillRunningWhenClosedAndCallsStartedAfterAreStillCut() throws Exception {
    Deadlines deadlines = new Deadlines();
    CountDownLatch cut = new CountDownLatch(2);
    deadlines.start(200, cut::countDown); // a retired router's stream, still running
    deadlines.close();
    deadlines.start(200, cut::countDown); // a retry on the retired router

    assertThat(cut.await(30, TimeUnit.SECONDS)).as("both cut after close").isTrue();
  }
}
