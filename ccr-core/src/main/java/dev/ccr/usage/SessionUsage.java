package dev.ccr.usage;

/** One client session: its latest exchange and the sums over all of them. */
public record SessionUsage(String sessionId, UsageRecord last, Totals totals) {}
