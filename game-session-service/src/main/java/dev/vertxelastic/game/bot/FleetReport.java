package dev.vertxelastic.game.bot;

import java.util.Locale;
import java.util.Map;

/**
 * What a bot fleet measured: how many bots played in how many sessions, ping round trips and the
 * time between two state frames (nominally 50 ms at 20 Hz; jitter is its standard deviation).
 */
record FleetReport(int bots, int playing, int everWelcomed, int sessions, long states, long missedTicks, int rttSamples, double rttP50,
                   double rttP99, int intervalSamples, double intervalP50, double intervalP99, double jitter,
                   int reconnects, int failures, Map<String, Long> errors, Map<String, Long> endings,
                   Map<String, Long> refusals) {

  static Builder builder(BotOptions options, FleetStats stats) {
    return new Builder(options.bots(), stats.connectedNow.get(), stats);
  }

  /** Takes the head counts at the end of the window; the rest when built. */
  record Builder(int bots, int playing, FleetStats stats) {
    FleetReport build() {
      return new FleetReport(bots, playing, stats.welcomed.get(), stats.sessions(), stats.states.sum(), stats.missedTicks.sum(),
          stats.pingRtt.count(), stats.pingRtt.percentileMillis(50), stats.pingRtt.percentileMillis(99),
          stats.frameIntervals.count(), stats.frameIntervals.percentileMillis(50), stats.frameIntervals.percentileMillis(99),
          stats.frameIntervals.stddevMillis(), stats.reconnects.get(), stats.failures.get(), stats.errors(),
          stats.endings(), stats.refusals());
    }
  }

  /** A human-readable summary, one fact a line. */
  String summary() {
    return String.join("\n",
        line("bots", bots + " (" + playing + " connected at the end, " + everWelcomed + " connections welcomed)"),
        line("sessions", Integer.toString(sessions)),
        line("state frames", states + " (" + missedTicks + " ticks never seen: steps caught up after a stall)"),
        line("ping RTT", String.format(Locale.ROOT, "p50 %.2f ms, p99 %.2f ms (%d pings)", rttP50, rttP99, rttSamples)),
        line("frame interval", String.format(Locale.ROOT, "p50 %.2f ms, p99 %.2f ms, jitter (stddev) %.2f ms (%d intervals)",
            intervalP50, intervalP99, jitter, intervalSamples)),
        line("reconnects", Integer.toString(reconnects)),
        line("failures", Integer.toString(failures)),
        line("error frames", errors.toString()),
        line("games ended", endings.toString()),
        line("refused (status)", refusals.toString()));
  }

  private static String line(String name, String value) {
    return String.format(Locale.ROOT, "  %-18s %s", name, value);
  }
}
