package dev.ccr.server.state;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ccr.config.CcrConfig;
import dev.ccr.state.LocalStateStore;
import dev.ccr.state.StateStore;
import dev.ccr.testing.RedisServer;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class StateStoresTest {
  static final String PASSWORD = "pw-s3cret-value";
  final List<String> logged = new CopyOnWriteArrayList<>();
  final Logger logger = Logger.getLogger(RedisStateStore.class.getName());
  final Handler capture = new Handler() {
    @Override
    public void publish(LogRecord r) {
      logged.add(new java.util.logging.SimpleFormatter().formatMessage(r));
    }

    @Override
    public void flush() {}

    @Override
    public void close() {}
  };

  @BeforeEach
  void listen() {
    logger.addHandler(capture);
  }

  @AfterEach
  void stopListening() {
    logger.removeHandler(capture);
  }

  static CcrConfig config(String state, Map<String, String> env) {
    return CcrConfig.parse("{Providers: [], " + state + "}", env::get);
  }

  @Test
  void withoutStateEachInstanceKeepsItsOwn() {
    try (StateStore s = StateStores.forConfig(config("", Map.of()), Instant::now)) {
      assertThat(s).isInstanceOf(LocalStateStore.class);
      assertThat(s.shared()).isFalse();
    }
  }

  @Test
  void aPasswordFromAVariableLetsCcrInAndIsNeverLogged() throws Exception {
    try (RedisServer redis = RedisServer.start("--requirepass", PASSWORD)) {
      CcrConfig good = config("STATE: {redis: '" + redis.url() + "', password: '$REDIS_PW'}", Map.of("REDIS_PW", PASSWORD));
      try (StateStore s = StateStores.forConfig(good, Instant::now)) {
        dev.ccr.testing.Eventually.await("authenticated", ((RedisStateStore) s)::reachable);
      }
      // A wrong password inline in the URL: refused, logged once, and the log names host and port only.
      String inline = "redis://:" + PASSWORD + "-wrong@127.0.0.1:" + redis.port() + "/0";
      try (StateStore s = StateStores.forConfig(config("STATE: {redis: '" + inline + "'}", Map.of()), Instant::now)) {
        dev.ccr.testing.Eventually.await("the refusal logged", () -> !logged.isEmpty());
        assertThat(((RedisStateStore) s).reachable()).isFalse();
        assertThat(((RedisStateStore) s).where()).isEqualTo("redis://127.0.0.1:" + redis.port() + "/0");
      }
    }
    assertThat(logged).allSatisfy(line -> assertThat(line).doesNotContain(PASSWORD).doesNotContain("s3cret"));
    assertThat(logged).anyMatch(line -> line.contains("127.0.0.1") && line.contains("unreachable"));
  }

  @Test
  void aUrlCcrCannotReadIsAConfigProblemThatDoesNotQuoteIt() {
    List<String> problems = StateStores.check(config("STATE: {redis: 'http://:" + PASSWORD + "@host'}", Map.of()));
    assertThat(problems).singleElement().asString().contains("STATE.redis").doesNotContain(PASSWORD);
    assertThat(StateStores.check(config("STATE: {redis: 'rediss://cache.example:6380/2'}", Map.of()))).isEmpty();
  }
}
