package dev.ccr.spi;

import dev.ccr.config.ProviderConfig;
import dev.ccr.json.JsonValue;
import dev.ccr.model.MessagesRequest;
import dev.ccr.model.MessagesResponse;
import dev.ccr.routing.Route;
import java.util.Set;

/**
 * An upstream API: where it is, how it authenticates, and its wire format. One instance serves
 * one configured provider entry.
 */
public interface Provider {

  /** The HTTP request that carries {@code request} to this provider for {@code route.model()}. */
  UpstreamRequest prepare(MessagesRequest request, Route route);

  /** The Anthropic response for a JSON reply. */
  MessagesResponse readResponse(JsonValue body, Route route);

  /** A decoder for one stream of this provider's events. */
  StreamDecoder newStreamDecoder(Route route);

  /** Transformers this provider always needs for {@code model}, run before the entry's own; none by default. */
  default java.util.List<dev.ccr.config.TransformerUse> transformers(String model) {
    return java.util.List.of();
  }

  /**
   * A provider whose API is the client's own (Anthropic Messages) can forward the client's bytes
   * untouched when no transformer needs to see them.
   */
  interface Forwarding {
    /**
     * The request that carries the client's {@code body} (already in this provider's format) for
     * {@code route}; {@code clientHeaders} (lower-case names) may supply version and beta headers.
     */
    UpstreamRequest.Raw forward(byte[] body, java.util.Map<String, String> clientHeaders, Route route);
  }

  /** Makes providers for config entries that name it in their {@code use} list or point at its host. */
  interface Factory {
    /** The name a {@code use} list gives, such as {@code openrouter}; compared ignoring case. */
    String name();

    /**
     * Hosts that identify this provider from an {@code api_base_url} when no {@code use} entry names
     * one; a subdomain of a listed host counts too (see {@link #claims}).
     */
    default Set<String> hosts() {
      return Set.of();
    }

    /**
     * Endings of an {@code api_base_url}'s path that name this provider's API whatever the host, such
     * as {@code /responses}; such a claim wins over the entry's name and host (see {@link #claimsPath}).
     */
    default Set<String> pathEndings() {
      return Set.of();
    }

    /** True when {@code url}'s path, without a trailing slash, ends with one of {@code endings}, ignoring case. */
    static boolean claimsPath(java.util.Collection<String> endings, String url) {
      String path;
      try {
        path = url == null ? null : java.net.URI.create(url).getPath();
      } catch (IllegalArgumentException e) {
        return false;
      }
      if (path == null) return false;
      String p = path.toLowerCase(java.util.Locale.ROOT);
      if (p.endsWith("/")) p = p.substring(0, p.length() - 1);
      for (String ending : endings) {
        if (p.endsWith(ending.toLowerCase(java.util.Locale.ROOT))) return true;
      }
      return false;
    }

    /**
     * True when {@code url}'s host is one of {@code hosts} or a subdomain of one, ignoring case: the
     * one rule every host lookup uses, so validation and the first request never disagree.
     */
    static boolean claims(java.util.Collection<String> hosts, String url) {
      String host;
      try {
        host = url == null ? null : java.net.URI.create(url).getHost();
      } catch (IllegalArgumentException e) {
        return false;
      }
      if (host == null) return false;
      String h = host.toLowerCase(java.util.Locale.ROOT);
      for (String claimed : hosts) {
        String c = claimed.toLowerCase(java.util.Locale.ROOT);
        if (h.equals(c) || h.endsWith("." + c)) return true;
      }
      return false;
    }

    /** Other names it answers to, such as the presets of a table-driven factory. */
    default Set<String> aliases() {
      return Set.of();
    }

    /** The endpoint used when a config entry gives no {@code api_base_url}; null when one must be given. */
    default String defaultBaseUrl(ProviderConfig config) {
      return null;
    }

    /**
     * What stops {@code config} from working with this provider, found when the config is read
     * rather than on the first request (a required option missing, say); none by default.
     */
    default java.util.List<String> problems(ProviderConfig config) {
      return java.util.List.of();
    }

    Provider create(ProviderConfig config);
  }
}
