package dev.ccr.cache;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class SemanticIndexTest {
  final AtomicLong nanos = new AtomicLong();
  final AtomicInteger calls = new AtomicInteger();
  boolean down = true;
  final Embedder embedder = text -> {
    calls.incrementAndGet();
    if (down) throw new IOException("connection refused");
    return new float[] {1, 0};
  };
  final SemanticIndex index = new SemanticIndex(new MemoryCacheStore(1 << 20, () -> Instant.EPOCH), embedder, 0.9, 8,
      Duration.ofHours(1), new CacheCounters(), nanos::get);

  @Test
  void aFailingEmbeddingsHostIsAskedAgainOnlyAfterTheCoolOff() {
    assertThat(index.embed("a")).isNull();
    assertThat(index.embed("b")).as("cooling off: no call, no wait").isNull();
    nanos.addAndGet(SemanticIndex.COOL_OFF.toNanos() - 1);
    assertThat(index.embed("c")).isNull();
    assertThat(calls).hasValue(1);

    down = false;
    nanos.addAndGet(1);
    assertThat(index.embed("d")).containsExactly(1, 0);
    assertThat(index.embed("e")).as("working again: every request asks").containsExactly(1, 0);
    assertThat(calls).hasValue(3);
  }
}
