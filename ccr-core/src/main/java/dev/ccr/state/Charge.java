package dev.ccr.state;

/**
 * One count a request takes from a rate-limit window: {@code amount} from {@code bucket}, refused
 * when the window has already reached {@code limit} (so a request that crosses the limit is the
 * last one through, and the one after it is refused).
 */
public record Charge(String bucket, long amount, long limit) {
  public Charge {
    if (amount < 0 || limit < 0) throw new IllegalArgumentException("negative charge or limit");
  }
}
