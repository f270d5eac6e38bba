package dev.vertxelastic.game.bot;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ScrapedHistogramTest {

  private static String scrape(long under1ms, long under2ms, long under5ms, long total) {
    return String.join("\n",
        "# TYPE game_tick_duration_seconds histogram",
        "game_tick_duration_seconds_bucket{le=\"0.001\"} " + under1ms,
        "game_tick_duration_seconds_bucket{le=\"0.002\"} " + under2ms,
        "game_tick_duration_seconds_bucket{le=\"0.005\"} " + under5ms,
        "game_tick_duration_seconds_bucket{le=\"+Inf\"} " + total,
        "game_tick_duration_seconds_count " + total,
        "game_tick_duration_seconds_sum 0.5",
        "game_players_connected 16.0");
  }

  @Test
  void percentilesOfAWindowComeFromTheDifferenceOfTwoScrapes() {
    ScrapedHistogram before = ScrapedHistogram.parse(scrape(100, 100, 100, 100), ScrapedHistogram.TICK_DURATION);
    ScrapedHistogram after = ScrapedHistogram.parse(scrape(190, 199, 200, 200), ScrapedHistogram.TICK_DURATION);
    ScrapedHistogram window = after.since(before);
    assertEquals(100, window.count());
    // 90 of the window's 100 ticks under 1 ms, 9 between 1 and 2 ms, 1 between 2 and 5 ms.
    assertEquals(0.5, window.percentileMillis(45), 1e-9);
    assertEquals(2.0, window.percentileMillis(99), 1e-9);
    assertEquals(5.0, window.percentileMillis(100), 1e-9);
  }

  @Test
  void ticksBeyondTheLastBucketMakeAnInfinitePercentileAndNoTicksNone() {
    ScrapedHistogram window = ScrapedHistogram.parse(scrape(0, 0, 0, 10), ScrapedHistogram.TICK_DURATION);
    assertTrue(Double.isInfinite(window.percentileMillis(99)));
    assertTrue(Double.isNaN(ScrapedHistogram.parse("", ScrapedHistogram.TICK_DURATION).percentileMillis(50)));
  }

  @Test
  void onlyTheNamedHistogramIsRead() {
    String both = scrape(10, 10, 10, 10) + "\n" + String.join("\n",
        "game_state_interval_seconds_bucket{le=\"0.05\"} 3",
        "game_state_interval_seconds_bucket{le=\"0.1\"} 4",
        "game_state_interval_seconds_bucket{le=\"+Inf\"} 4",
        "game_state_interval_seconds_count 4");
    ScrapedHistogram intervals = ScrapedHistogram.parse(both, ScrapedHistogram.STATE_INTERVAL);
    assertEquals(4, intervals.count());
    assertEquals(100.0, intervals.percentileMillis(100), 1e-9);
    assertEquals(10, ScrapedHistogram.parse(both, ScrapedHistogram.TICK_DURATION).count());
  }
}
