package dev.ccr;

import java.io.Closeable;
import java.io.InputStream;
import java.util.List;
import java.util.Map;

/**
 * A provider's reply to forwarded bytes, to be copied to the client as it arrives: status,
 * headers (lower-case names) and the body stream. Closing it cancels the upstream call.
 */
public interface ForwardedReply extends Closeable {
  int status();

  Map<String, List<String>> headers();

  InputStream body();

  /**
   * The token usage the provider has reported in the bytes read so far, when ccr watches them (it
   * does for the replies it hands out); null when unknown.
   */
  default dev.ccr.model.Usage usage() {
    return null;
  }

  @Override
  void close();
}
