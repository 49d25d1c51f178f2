package dev.ccr.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ccr.testing.FakeClock;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class IdleMemoryTest {
  final FakeClock clock = new FakeClock();
  final AtomicLong served = new AtomicLong();
  final AtomicInteger releases = new AtomicInteger();
  final AtomicInteger running = new AtomicInteger();
  final AtomicInteger trims = new AtomicInteger();
  final IdleMemory idle = new IdleMemory(served::get, running::get, clock, releases::incrementAndGet, trims::incrementAndGet);

  /** Polls every 5 s, as the server does, for {@code seconds}. */
  void quietFor(int seconds) {
    for (int s = 0; s < seconds; s += 5) {
      clock.advance(5_000);
      idle.poll();
    }
  }

  @Test
  void aServerThatNeverServedNeverReleases() {
    quietFor(600);
    assertThat(releases).hasValue(0);
  }

  @Test
  void releasesOnceWhenRequestsStopForTheQuietSpell() {
    served.addAndGet(500);
    idle.poll();
    quietFor(25);
    assertThat(releases).as("25 s is not quiet yet").hasValue(0);
    quietFor(5);
    assertThat(releases).hasValue(1);
    quietFor(600);
    assertThat(releases).as("once per quiet spell, not on a timer").hasValue(1);
  }

  @Test
  void aRequestDuringTheSpellStartsItAgain() {
    served.incrementAndGet();
    idle.poll();
    quietFor(25);
    served.incrementAndGet();
    idle.poll();
    quietFor(25);
    assertThat(releases).hasValue(0);
    quietFor(5);
    assertThat(releases).hasValue(1);
    served.incrementAndGet();
    idle.poll();
    quietFor(30);
    assertThat(releases).as("a new burst, a new release").hasValue(2);
  }

  @Test
  void whileRequestsComeOnlyGlibcsHeapIsTrimmedOncePerPoll() {
    for (int poll = 0; poll < 6; poll++) {
      served.addAndGet(1_000);
      clock.advance(5_000);
      idle.poll();
    }
    assertThat(trims).hasValue(6);
    assertThat(releases).as("no collection while busy").hasValue(0);
    quietFor(600);
    assertThat(trims).as("an idle server is left alone").hasValue(6);
    assertThat(releases).hasValue(1);
  }

  @Test
  void aLongStreamIsNotInterruptedByACollection() {
    served.incrementAndGet();
    running.set(1);
    idle.poll();
    quietFor(120);
    assertThat(releases).hasValue(0);
    running.set(0);
    quietFor(5);
    assertThat(releases).hasValue(1);
  }
}
