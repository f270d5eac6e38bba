package dev.vertxelastic.game.bot;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The measured window: from the end of the warm-up until it is ended, on the clock the bots pass in. */
class FleetStatsTest {

  @Test
  void onlyWhatTheBotsSeeInsideTheWindowCounts() {
    FleetStats stats = new FleetStats(1_000);

    assertFalse(stats.measuring(999), "during the warm-up");
    assertTrue(stats.measuring(1_000), "from the window's start");
    assertTrue(stats.measuring(5_000_000_000L), "open until ended");

    stats.endWindow(2_000);
    assertTrue(stats.measuring(1_999));
    assertFalse(stats.measuring(2_000), "from the window's end (the bots hanging up)");
    assertFalse(stats.measuring(5_000_000_000L));
  }
}
