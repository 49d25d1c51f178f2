package dev.ccr.server.state;

import dev.ccr.ConfigException;
import dev.ccr.config.CcrConfig;
import dev.ccr.json.JsonObject;
import dev.ccr.json.JsonValue;
import dev.ccr.state.LocalStateStore;
import dev.ccr.state.StateStore;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.Delay;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The state store a config asks for: {@code "STATE": {"redis": "redis://host:6379/0"}} (or {@code
 * rediss://}, with {@code "password"} as text or {@code $VAR}, and a key {@code "prefix"}) shares
 * state through Redis; without {@code STATE} each instance keeps its own.
 */
public final class StateStores {
  /** Reconnect backoff cap: sharing resumes within a few seconds of Redis coming back. */
  static final Duration MAX_RECONNECT_DELAY = Duration.ofSeconds(2);

  private StateStores() {}

  /** The store for {@code config}; deadlines and windows are judged by {@code clock}. */
  public static StateStore forConfig(CcrConfig config, Supplier<Instant> clock) {
    JsonObject state = config.resolved().getObject("STATE");
    if (state == null || state.get("redis") == null) return new LocalStateStore(clock);
    return redis(uri(state), prefix(state), clock);
  }

  /** Problems in {@code STATE}, for {@code ccr validate} and start-up; empty when none. Never quotes a password. */
  public static List<String> check(CcrConfig config) {
    List<String> problems = new ArrayList<>();
    JsonObject state = config.resolved().getObject("STATE");
    if (state == null || state.get("redis") == null) return problems;
    try {
      uri(state);
    } catch (ConfigException e) {
      problems.addAll(e.problems());
    }
    return problems;
  }

  static RedisURI uri(JsonObject state) {
    JsonValue v = state.get("redis");
    String text = v.asString();
    if (text == null || !(text.startsWith("redis://") || text.startsWith("rediss://"))) {
      throw new ConfigException("STATE.redis must be a redis:// or rediss:// URL such as redis://localhost:6379/0");
    }
    RedisURI uri;
    try {
      uri = RedisURI.create(text);
    } catch (RuntimeException e) {
      // The message may quote the URL, and the URL may hold a password.
      throw new ConfigException("STATE.redis is not a Redis URL ccr can read (redis://[:password@]host[:port][/db])");
    }
    JsonValue password = state.get("password");
    if (password != null && password.asString() != null && !password.asString().isEmpty()) {
      uri.setCredentialsProvider(io.lettuce.core.RedisCredentialsProvider.from(
          () -> io.lettuce.core.RedisCredentials.just(null, password.asString())));
    }
    uri.setTimeout(Duration.ofMillis(RedisStateStore.BUDGET_MS * 2));
    return uri;
  }

  private static String prefix(JsonObject state) {
    JsonValue p = state.get("prefix");
    return p != null && p.asString() != null ? p.asString() : "ccr:";
  }

  /** A store on the Redis at {@code uri}; returns at once, connecting (and reconnecting) in the background. */
  public static StateStore redis(RedisURI uri, String prefix, Supplier<Instant> clock) {
    ClientResources resources = ClientResources.builder()
        .ioThreadPoolSize(2)
        .computationThreadPoolSize(2)
        .reconnectDelay(Delay.exponential(Duration.ofMillis(100), MAX_RECONNECT_DELAY, 2, TimeUnit.MILLISECONDS))
        .build();
    RedisClient client = RedisClient.create(resources, uri);
    client.setOptions(ClientOptions.builder()
        .autoReconnect(true)
        // While disconnected a command fails at once: nothing on the request path queues behind a dead link.
        .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
        .socketOptions(SocketOptions.builder().connectTimeout(Duration.ofSeconds(1)).build())
        .timeoutOptions(TimeoutOptions.enabled(Duration.ofMillis(RedisStateStore.BUDGET_MS * 4)))
        .build());
    return new RedisStateStore(client, resources, uri, prefix, clock, LocalStateStore.SESSION_TTL);
  }
}
