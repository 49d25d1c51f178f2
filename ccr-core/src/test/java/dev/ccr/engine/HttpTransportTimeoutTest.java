package dev.ccr.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ccr.ForwardedReply;
import dev.ccr.ProviderException;
import dev.ccr.json.JsonObject;
import dev.ccr.spi.UpstreamRequest;
import java.io.InputStream;
import java.net.SocketTimeoutException;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The transport's own time limits: its client has no read timeout, so a silent upstream is cut only
 * by them, on every path (whole replies, forwarded bytes). Replies are held far longer than the limit.
 */
class HttpTransportTimeoutTest {
  static final long WAIT_MS = 300;
  final MockWebServer upstream = new MockWebServer();
  HttpTransport transport;

  @BeforeEach
  void start() throws Exception {
    upstream.start();
    transport = new HttpTransport(HttpTransport.defaultClient(10_000, null), WAIT_MS);
  }

  @AfterEach
  void stop() throws Exception {
    assertThat(transport.timedCalls()).as("calls left timed").isZero();
    transport.close();
    upstream.close();
  }

  private UpstreamRequest request() {
    return new UpstreamRequest(UpstreamRequest.OPENAI_CHAT, upstream.url("/v1/chat/completions").toString(), Map.of(),
        JsonObject.of(), false);
  }

  private static MockResponse json() {
    return new MockResponse.Builder().setHeader("Content-Type", "application/json").body("{\"ok\":true}").build();
  }

  @Test
  void noReplyWithinTheWaitIsATimeout() {
    upstream.enqueue(new MockResponse.Builder(json()).headersDelay(60, TimeUnit.SECONDS).build());

    assertThatThrownBy(() -> transport.send(request(), "p", "m"))
        .isInstanceOfSatisfying(ProviderException.class, e -> {
          assertThat(e.status()).isEqualTo(504);
          assertThat(e.getMessage()).contains("timed out");
        });
  }

  @Test
  void aFirstByteLimitOfTheCallReplacesTheTransportsWait() throws Exception {
    upstream.enqueue(new MockResponse.Builder(json()).headersDelay(2 * WAIT_MS, TimeUnit.MILLISECONDS).build());

    assertThat(transport.send(request(), "p", "m", 60_000, 0)).isNotNull(); // waits past WAIT_MS
  }

  @Test
  void aWholeReplyWhoseBodyStallsIsATimeout() {
    upstream.enqueue(new MockResponse.Builder(json()).bodyDelay(60, TimeUnit.SECONDS).build());

    assertThatThrownBy(() -> transport.send(request(), "p", "m"))
        .isInstanceOfSatisfying(ProviderException.class, e -> assertThat(e.status()).isEqualTo(504));
  }

  @Test
  void aStreamThatFallsSilentAfterItsFirstEventEndsWithATimeout() throws Exception {
    String first = "data: {\"n\":1}\n\n";
    upstream.enqueue(new MockResponse.Builder().setHeader("Content-Type", "text/event-stream")
        .body(first + "data: {\"n\":2}\n\n")
        .throttleBody(first.length(), 60, TimeUnit.SECONDS).build()); // the first event, then a minute's silence
    UpstreamRequest streamed = new UpstreamRequest(UpstreamRequest.OPENAI_CHAT,
        upstream.url("/v1/chat/completions").toString(), Map.of(), JsonObject.of(), true);

    try (dev.ccr.EventStream<dev.ccr.spi.UpstreamEvent> events =
        ((dev.ccr.spi.UpstreamReply.Events) transport.send(streamed, "p", "m", 60_000, WAIT_MS)).events()) {
      assertThat(events.hasNext()).isTrue();
      events.next();
      assertThatThrownBy(events::hasNext)
          .isInstanceOfSatisfying(ProviderException.class, e -> assertThat(e.getMessage()).contains("timed out"));
    }
  }

  @Test
  void aHostsOwnClientTimeoutsGiveWayToTheCallsLimits() throws Exception {
    okhttp3.OkHttpClient host = new okhttp3.OkHttpClient.Builder()
        .readTimeout(java.time.Duration.ofMillis(50)).build(); // far shorter than the call's limit
    try (HttpTransport hosted = new HttpTransport(host, false, null, Clock.SYSTEM, WAIT_MS)) {
      upstream.enqueue(new MockResponse.Builder(json()).headersDelay(4 * 50, TimeUnit.MILLISECONDS).build());

      assertThat(hosted.send(request(), "p", "m", 60_000, 0)).isNotNull();
      assertThat(hosted.timedCalls()).isZero();
    } finally {
      host.dispatcher().executorService().shutdown();
    }
  }

  @Test
  void forwardedBytesThatStallAreATimeoutForTheReader() throws Exception {
    upstream.enqueue(new MockResponse.Builder(json()).bodyDelay(60, TimeUnit.SECONDS).build());

    try (ForwardedReply reply = transport.forward(
        new UpstreamRequest.Raw(upstream.url("/v1/messages").toString(), Map.of(), new byte[0]), "p", "m")) {
      assertThat(reply.status()).isEqualTo(200);
      InputStream body = reply.body();
      assertThatThrownBy(body::read).isInstanceOf(SocketTimeoutException.class);
    }
  }

  @Test
  void aForwardedCallWithNoReplyIsATimeout() {
    upstream.enqueue(new MockResponse.Builder(json()).headersDelay(60, TimeUnit.SECONDS).build());

    assertThatThrownBy(() -> transport.forward(
        new UpstreamRequest.Raw(upstream.url("/v1/messages").toString(), Map.of(), new byte[0]), "p", "m"))
        .isInstanceOfSatisfying(ProviderException.class, e -> assertThat(e.status()).isEqualTo(504));
  }
}
