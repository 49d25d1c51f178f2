package dev.ccr.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ccr.ProviderException;
import dev.ccr.RateLimitedException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProviderErrorsTest {

  @Test
  void messagesOfEveryShapeAreReadAndKeysTheyEchoAreHidden() {
    assertThat(ProviderErrors.message("{\"error\":{\"message\":\"Incorrect API key provided: sk-proj-abc123DEF456ghi\"}}"))
        .isEqualTo("Incorrect API key provided: sk-proj-<redacted>");
    assertThat(ProviderErrors.message("[{\"error\":{\"code\":400,\"message\":\"API key not valid: AIzaSyA1234567890\",\"status\":\"INVALID_ARGUMENT\"}}]"))
        .isEqualTo("API key not valid: AIza<redacted>");
    assertThat(ProviderErrors.message("{\"error\":\"model not found\"}")).isEqualTo("model not found");
    assertThat(ProviderErrors.message("{\"message\":\"plain\"}")).isEqualTo("plain");
    assertThat(ProviderErrors.message("<html>Bad gateway</html>")).isEqualTo("<html>Bad gateway</html>");
  }

  @Test
  void rateLimitCarriesRetryAfterInSecondsOrAsADate() {
    ProviderException seconds = ProviderErrors.from("p", "m", 429, Map.of("retry-after", List.of("2.5")), "{}");
    assertThat(seconds).isInstanceOfSatisfying(RateLimitedException.class,
        e -> assertThat(e.retryAfter()).isEqualTo(Duration.ofMillis(2500)));
    ProviderException date = ProviderErrors.from("p", "m", 429, Map.of("retry-after", List.of("Wed, 21 Oct 2015 07:28:00 GMT")), "{}");
    assertThat(((RateLimitedException) date).retryAfter()).isEqualTo(Duration.ZERO);
    assertThat(ProviderErrors.from("p", "m", 503, Map.of(), "").getMessage()).isEqualTo("p,m answered HTTP 503");
  }
}
