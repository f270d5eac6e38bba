package dev.vertxelastic.game.bot;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TickHistogramTest {

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
    TickHistogram before = TickHistogram.parse(scrape(100, 100, 100, 100));
    TickHistogram after = TickHistogram.parse(scrape(190, 199, 200, 200));
    TickHistogram window = after.since(before);
    assertEquals(100, window.count());
    // 90 of the window's 100 ticks under 1 ms, 9 between 1 and 2 ms, 1 between 2 and 5 ms.
    assertEquals(0.5, window.percentileMillis(45), 1e-9);
    assertEquals(2.0, window.percentileMillis(99), 1e-9);
    assertEquals(5.0, window.percentileMillis(100), 1e-9);
  }

  @Test
  void ticksBeyondTheLastBucketMakeAnInfinitePercentileAndNoTicksNone() {
    TickHistogram window = TickHistogram.parse(scrape(0, 0, 0, 10));
    assertTrue(Double.isInfinite(window.percentileMillis(99)));
    assertTrue(Double.isNaN(TickHistogram.parse("").percentileMillis(50)));
  }
}
