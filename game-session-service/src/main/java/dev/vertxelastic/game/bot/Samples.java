package dev.vertxelastic.game.bot;

import java.util.Arrays;

/** Durations in nanoseconds, kept whole so percentiles are exact. Thread-safe. */
final class Samples {

  private long[] values = new long[256];
  private int size;

  synchronized void add(long nanos) {
    if (size == values.length) {
      values = Arrays.copyOf(values, size * 2);
    }
    values[size++] = nanos;
  }

  synchronized void addAll(Samples other) {
    long[] theirs = other.snapshot();
    for (long v : theirs) {
      add(v);
    }
  }

  synchronized int count() {
    return size;
  }

  private synchronized long[] snapshot() {
    return Arrays.copyOf(values, size);
  }

  /** The nearest-rank percentile ({@code p} in 0..100) in milliseconds, NaN when empty. */
  double percentileMillis(double p) {
    long[] sorted = snapshot();
    if (sorted.length == 0) {
      return Double.NaN;
    }
    Arrays.sort(sorted);
    int rank = (int) Math.ceil(p / 100 * sorted.length);
    return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))] / 1e6;
  }

  /** The standard deviation in milliseconds, NaN when empty. */
  double stddevMillis() {
    long[] all = snapshot();
    if (all.length == 0) {
      return Double.NaN;
    }
    double mean = Arrays.stream(all).average().orElse(0);
    double variance = Arrays.stream(all).mapToDouble(v -> (v - mean) * (v - mean)).sum() / all.length;
    return Math.sqrt(variance) / 1e6;
  }
}
