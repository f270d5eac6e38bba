package dev.vertxelastic.game.session;

/**
 * A token bucket: refills at {@code perSecond} tokens a second up to {@code burst}; each accepted
 * frame takes one. Exact integer arithmetic (a token is 10^9 credits, a nanosecond earns
 * {@code perSecond} credits). Not thread-safe: a player's frames arrive on one event loop.
 */
final class TokenBucket {

  private static final long TOKEN = 1_000_000_000L;
  private final long perSecond;
  private final long capacity;
  private final long nanosToFill;
  private long credit;
  private long refilledAt;

  TokenBucket(SessionSettings.InputLimit limit, long nowNanos) {
    this.perSecond = limit.perSecond();
    this.capacity = limit.burst() * TOKEN;
    this.nanosToFill = capacity / perSecond + 1;
    this.credit = capacity;
    this.refilledAt = nowNanos;
  }

  /** Takes a token if there is one. */
  boolean tryTake(long nowNanos) {
    if (nowNanos > refilledAt) {
      // Bounded so the multiplication cannot overflow after a long silence.
      long elapsed = Math.min(nowNanos - refilledAt, nanosToFill);
      credit = Math.min(capacity, credit + elapsed * perSecond);
      refilledAt = nowNanos;
    }
    if (credit >= TOKEN) {
      credit -= TOKEN;
      return true;
    }
    return false;
  }
}
