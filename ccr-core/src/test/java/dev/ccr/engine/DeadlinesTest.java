package dev.ccr.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Calls are cut when their budget passes without progress, once, and never after they ended. */
class DeadlinesTest {
  static final long SECOND = TimeUnit.SECONDS.toNanos(1);

  @Test
  void aCallIsCutOnceItsBudgetPassesWithoutProgress() {
    try (Deadlines deadlines = new Deadlines()) {
      AtomicInteger cuts = new AtomicInteger();
      Deadlines.Deadline d = deadlines.start(10_000, cuts::incrementAndGet);
      long start = System.nanoTime();

      assertThat(deadlines.sweep(start + 9 * SECOND)).isZero();
      assertThat(deadlines.sweep(start + 11 * SECOND)).isEqualTo(1);
      assertThat(deadlines.sweep(start + 20 * SECOND)).isZero();
      assertThat(cuts).hasValue(1);
      assertThat(d.expired()).isTrue();
      assertThat(deadlines.live()).isZero();
    }
  }

  @Test
  void progressGivesTheWholeBudgetAgainAndAStreamMayChangeIt() {
    try (Deadlines deadlines = new Deadlines()) {
      AtomicInteger cuts = new AtomicInteger();
      Deadlines.Deadline d = deadlines.start(10_000, cuts::incrementAndGet);
      d.budget(60_000); // after the first event, the gap between events is what is timed
      long afterFirstEvent = System.nanoTime();

      assertThat(deadlines.sweep(afterFirstEvent + 30 * SECOND)).isZero();
      d.extend();
      long afterRead = System.nanoTime();
      assertThat(deadlines.sweep(afterRead + 59 * SECOND)).isZero();
      assertThat(deadlines.sweep(afterRead + 61 * SECOND)).isEqualTo(1);
      assertThat(cuts).hasValue(1);
    }
  }

  @Test
  void anEndedCallIsNeverCut() {
    try (Deadlines deadlines = new Deadlines()) {
      AtomicInteger cuts = new AtomicInteger();
      Deadlines.Deadline d = deadlines.start(1_000, cuts::incrementAndGet);
      d.close();

      assertThat(deadlines.sweep(System.nanoTime() + 10 * SECOND)).isZero();
      assertThat(cuts).hasValue(0);
      assertThat(d.expired()).isFalse();
    }
  }

  @Test
  void aFailureAfterTheCutIsReportedAsTheTimeoutItWas() {
    try (Deadlines deadlines = new Deadlines()) {
      Deadlines.Deadline d = deadlines.start(1_000, () -> {});
      IOException closed = new IOException("Socket closed");
      assertThat(d.explain(closed)).isSameAs(closed); // not cut: the failure is what it says

      deadlines.sweep(System.nanoTime() + 10 * SECOND);
      assertThat(d.explain(closed)).isInstanceOf(SocketTimeoutException.class).hasCause(closed);
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
}
