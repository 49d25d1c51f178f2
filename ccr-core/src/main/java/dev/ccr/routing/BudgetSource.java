package dev.ccr.routing;

/**
 * How much of its budget a session has used, for the {@code budget_used} fact of routing rules:
 * a percentage (0 to 100 and beyond). By default the router reads its {@code budgetControl} (the
 * largest share of a daily or monthly limit spent; 0 without limits); a host may plug in its own
 * ({@code ClaudeCodeRouter.Builder#budget}).
 */
@FunctionalInterface
public interface BudgetSource {
  BudgetSource NONE = sessionId -> 0;

  /** Percent of the budget used by {@code sessionId} (null when the request names no session). */
  double percentUsed(String sessionId);
}
