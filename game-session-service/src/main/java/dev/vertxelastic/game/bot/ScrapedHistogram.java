package dev.vertxelastic.game.bot;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The buckets of one of a game instance's timer histograms (seconds) at one moment: its tick
 * durations or the intervals between the state frames it sends. The difference of two snapshots
 * gives the samples of a window; percentiles are interpolated within a bucket, so they are as fine
 * as the buckets (Micrometer's, about 10% apart here), and on the right side of a bound that a
 * bucket ends at (the instance's end at 5 ms a tick and at 60 ms an interval).
 */
record ScrapedHistogram(double[] bounds, double[] cumulative, long count) {

  static final String TICK_DURATION = "game_tick_duration_seconds";
  static final String STATE_INTERVAL = "game_state_interval_seconds";

  /**
   * The histogram {@code name} in a Prometheus scrape ({@code _bucket{le=...}} lines, cumulative,
   * and {@code _count}); empty when the scrape has none.
   */
  static ScrapedHistogram parse(String scrape, String name) {
    List<double[]> buckets = new ArrayList<>();
    long count = 0;
    for (String line : scrape.split("\n")) {
      if (line.startsWith(name + "_bucket{")) {
        int le = line.indexOf("le=\"");
        String bound = line.substring(le + 4, line.indexOf('"', le + 4));
        if (!bound.equals("+Inf")) {
          buckets.add(new double[] {Double.parseDouble(bound) * 1e9, value(line)});
        }
      } else if (line.startsWith(name + "_count")) {
        count = (long) value(line);
      }
    }
    buckets.sort(Comparator.comparingDouble(b -> b[0]));
    return new ScrapedHistogram(buckets.stream().mapToDouble(b -> b[0]).toArray(),
        buckets.stream().mapToDouble(b -> b[1]).toArray(), count);
  }

  private static double value(String line) {
    return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
  }

  /** The samples recorded after {@code earlier}. */
  ScrapedHistogram since(ScrapedHistogram earlier) {
    double[] counts = new double[cumulative.length];
    for (int i = 0; i < counts.length; i++) {
      counts[i] = cumulative[i] - (i < earlier.cumulative.length ? earlier.cumulative[i] : 0);
    }
    return new ScrapedHistogram(bounds, counts, count - earlier.count);
  }

  /** The {@code p} percentile (0..100) in milliseconds; NaN without samples, infinite beyond the last bucket. */
  double percentileMillis(double p) {
    if (count == 0) {
      return Double.NaN;
    }
    double target = p / 100 * count;
    double lowerBound = 0;
    double below = 0;
    for (int i = 0; i < bounds.length; i++) {
      if (cumulative[i] >= target) {
        double inBucket = cumulative[i] - below;
        double fraction = inBucket == 0 ? 1 : (target - below) / inBucket;
        return (lowerBound + fraction * (bounds[i] - lowerBound)) / 1e6;
      }
      lowerBound = bounds[i];
      below = cumulative[i];
    }
    return Double.POSITIVE_INFINITY;
  }
}
