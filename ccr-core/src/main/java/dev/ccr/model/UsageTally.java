package dev.ccr.model;

/**
 * The usage of one answer as its events go by: {@code message_start} gives the first figures and
 * each {@code message_delta} replaces those it carries (they are cumulative, never added).
 */
public final class UsageTally {
  private Usage usage;

  /** Takes the usage {@code event} carries, if any. */
  public void accept(StreamEvent event) {
    if (event instanceof StreamEvent.MessageStart s) usage = s.message().usage();
    else if (event instanceof StreamEvent.MessageDelta d) usage = usage == null ? d.usage() : usage.updatedBy(d.usage());
  }

  /** The usage so far; null when no event carried any. */
  public Usage usage() {
    return usage;
  }
}
