package dev.vertxelastic.gateway.routing;

/**
 * The last {@code size} results of a service's calls, each with its time: a count-based sliding
 * window (as Resilience4j's) whose entries also age out after {@code horizonNanos}, so a few
 * failures spread over an hour of little traffic never add up.
 */
final class BreakerWindow {

  private final long[] times;
  private final boolean[] failed;
  private final long horizonNanos;
  private int next;
  private int count;

  BreakerWindow(int size, long horizonNanos) {
    this.times = new long[size];
    this.failed = new boolean[size];
    this.horizonNanos = horizonNanos;
  }

  void add(long nowNanos, boolean failure) {
    times[next] = nowNanos;
    failed[next] = failure;
    next = (next + 1) % times.length;
    count = Math.min(count + 1, times.length);
  }

  /** Whether at least {@code minFailures} recent calls failed and they make at least {@code ratePercent} of the recent calls. */
  boolean tripped(long nowNanos, int minFailures, int ratePercent) {
    int calls = 0;
    int failures = 0;
    for (int i = 0; i < count; i++) {
      if (nowNanos - times[i] <= horizonNanos) {
        calls++;
        failures += failed[i] ? 1 : 0;
      }
    }
    return failures >= minFailures && failures * 100L >= (long) ratePercent * calls;
  }

  void clear() {
    count = 0;
    next = 0;
  }
}
