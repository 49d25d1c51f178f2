package dev.ccr.providers.vertex;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ccr.testing.FakeClock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class AccessTokensTest {
  @RegisterExtension
  final FakeGoogle google = new FakeGoogle();
  private final FakeClock clock = new FakeClock();

  private AccessTokens serviceAccount() {
    return new AccessTokens(new CredentialsFileTokens(google.writeKey(), new OkHttpClient(),
        () -> System.currentTimeMillis() / 1000), clock);
  }

  @Test
  void tokenIsReusedUntilFiveMinutesBeforeItExpiresThenRefreshed() {
    AccessTokens tokens = serviceAccount();

    assertThat(tokens.get()).isEqualTo("ya29.token-1");
    clock.advance(TimeUnit.SECONDS.toMillis(3600 - 300) - 1);
    assertThat(tokens.get()).as("still fresh").isEqualTo("ya29.token-1");
    assertThat(google.issued()).isEqualTo(1);

    clock.advance(1);
    assertThat(tokens.get()).as("refreshed at expiry minus the margin").isEqualTo("ya29.token-2");
    assertThat(tokens.get()).isEqualTo("ya29.token-2");
    assertThat(google.issued()).isEqualTo(2);
    assertThat(google.claims()).hasSize(2);
  }

  @Test
  void shortLivedTokenIsRefreshedAtHalfLife() {
    google.expiresIn(120);
    AccessTokens tokens = serviceAccount();

    tokens.get();
    clock.advance(59_999);
    assertThat(tokens.get()).isEqualTo("ya29.token-1");
    clock.advance(1);
    assertThat(tokens.get()).isEqualTo("ya29.token-2");
  }

  @Test
  void failedFetchIsNotKeptAndTheNextCallTriesAgain() {
    AccessTokens tokens = serviceAccount();
    google.refuse(503, "{\"error\":\"backendError\"}");

    assertThatThrownBy(tokens::get).isInstanceOfSatisfying(CredentialsException.class,
        e -> assertThat(e.status()).as("Google's own trouble: worth a retry").isEqualTo(502));
    google.accept();
    assertThat(tokens.get()).isEqualTo("ya29.token-1");
  }

  @Test
  void concurrentFirstCallersWaitForOneFetch() throws Exception {
    int callers = 8;
    CountDownLatch release = new CountDownLatch(1);
    AtomicInteger fetches = new AtomicInteger();
    AccessTokens tokens = new AccessTokens(() -> {
      fetches.incrementAndGet();
      try {
        release.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return new TokenSource.Token("shared", 3600);
    }, clock);
    ExecutorService pool = Executors.newFixedThreadPool(callers);
    try {
      List<Future<String>> results = new ArrayList<>();
      for (int i = 0; i < callers; i++) results.add(pool.submit(tokens::get));
      // The first caller is inside the fetch; hold it there until every other one waits behind it.
      while (fetches.get() < 1 || tokens.waiting() < callers - 1) Thread.onSpinWait();
      release.countDown();
      for (Future<String> r : results) assertThat(r.get(10, TimeUnit.SECONDS)).isEqualTo("shared");
    } finally {
      pool.shutdownNow();
    }
    assertThat(fetches.get()).isEqualTo(1);
  }
}
