package dev.vertxelastic.game.bot;

import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.CountAtBucket;
import io.micrometer.core.instrument.distribution.HistogramSnapshot;

import java.util.concurrent.TimeUnit;

/**
 * The buckets of the instance's own {@code game_tick_duration_seconds} histogram at one moment.
 * The difference of two snapshots gives the ticks of a window; percentiles are interpolated
 * within a bucket, so they are as fine as the buckets (Micrometer's, about 10% apart here).
 */
record TickHistogram(double[] bounds, double[] cumulative, long count) {

  static TickHistogram of(Timer timer) {
    HistogramSnapshot snapshot = timer.takeSnapshot();
    CountAtBucket[] buckets = snapshot.histogramCounts();
    double[] bounds = new double[buckets.length];
    double[] counts = new double[buckets.length];
    for (int i = 0; i < buckets.length; i++) {
      bounds[i] = buckets[i].bucket(TimeUnit.NANOSECONDS);
      counts[i] = buckets[i].count();
    }
    return new TickHistogram(bounds, counts, snapshot.count());
  }

  /** The ticks recorded after {@code earlier}. */
  TickHistogram since(TickHistogram earlier) {
    double[] counts = new double[cumulative.length];
    for (int i = 0; i < counts.length; i++) {
      counts[i] = cumulative[i] - (i < earlier.cumulative.length ? earlier.cumulative[i] : 0);
    }
    return new TickHistogram(bounds, counts, count - earlier.count);
  }

  /** The {@code p} percentile (0..100) in milliseconds; NaN without ticks, infinite beyond the last bucket. */
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
