package dev.vertxelastic.platform.testing;

import java.util.Arrays;
import java.util.function.LongSupplier;

/**
 * Two ways of doing the same work measured in turns, for the benchmarks that compare them: each
 * round runs the first, then the second (each returns nanoseconds per operation), two rounds of
 * warm-up first; prints every round and the medians.
 */
public final class AlternatingRounds {

  private AlternatingRounds() {
  }

  /** Runs {@code rounds} measured rounds of {@code first} and {@code second}, named {@code a} and {@code b}; {@code per} says per what ("a request"). */
  public static void run(int rounds, String per, String a, LongSupplier first, String b, LongSupplier second) {
    long[] firstNanos = new long[rounds];
    long[] secondNanos = new long[rounds];
    for (int round = -2; round < rounds; round++) {
      long one = first.getAsLong();
      long two = second.getAsLong();
      if (round >= 0) {
        firstNanos[round] = one;
        secondNanos[round] = two;
      }
      System.out.printf("%s %2d: %s %5d ns, %s %5d ns %s%n", round < 0 ? "warm-up" : "round  ", round + 1, a, one, b, two, per);
    }
    long one = median(firstNanos);
    long two = median(secondNanos);
    System.out.printf("median of %d rounds: %s %d ns, %s %d ns %s (%.2fx)%n", rounds, a, one, b, two, per, (double) two / one);
  }

  private static long median(long[] values) {
    long[] sorted = values.clone();
    Arrays.sort(sorted);
    return sorted[sorted.length / 2];
  }
}
