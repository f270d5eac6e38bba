package dev.vertxelastic.game.bot;

import java.util.Set;

/**
 * Options of a capacity search ({@link GameCapacity}): where the bots play ({@code --url}: one game
 * instance, or a proxy in front of it: the gateway or nginx), where the instance's metrics are
 * ({@code --metrics}), the processes whose CPU counts ({@code --server-pid}, {@code --proxy-pid}),
 * the search ({@code --start} players, doubled up to {@code --max}, then halved between the last
 * pass and the first failure, at most {@code --steps} runs and {@code --budget} seconds), each
 * run's {@code --seconds} measured, and the limits a run must keep ({@code --tick-p99-ms},
 * {@code --interval-p99-ms}). The bots ramp up {@code --ramp-ms} apart, send an input every
 * {@code --input-ms} and a ping every {@code --ping-every} inputs.
 */
record CapacityOptions(String label, Endpoint url, Endpoint metrics, long serverPid, long proxyPid, int start, int max,
                       int steps, int budgetSeconds, int seconds, int rampMillis, int inputMillis, int pingEvery,
                       double tickP99Millis, double intervalP99Millis, int scrapeSeconds) {

  static final String USAGE = "options: --label direct --url http://127.0.0.1:25082 --metrics http://127.0.0.1:25082 "
      + "--server-pid PID [--proxy-pid PID] --start 500 --max 4000 --steps 6 --budget 900 --seconds 15 --ramp-ms 2 "
      + "--input-ms 100 --ping-every 5 --tick-p99-ms 5 --interval-p99-ms 60 --scrape-s 15";
  private static final Set<String> NAMES = Set.of("label", "url", "metrics", "server-pid", "proxy-pid", "start", "max",
      "steps", "budget", "seconds", "ramp-ms", "input-ms", "ping-every", "tick-p99-ms", "interval-p99-ms", "scrape-s");
  /** Runs are whole sessions of this many players (quick-match fills sessions of 8). */
  static final int SESSION_SIZE = 8;

  static CapacityOptions parse(String[] args) {
    CommandLine line = new CommandLine(args, NAMES, Set.of());
    Endpoint url = line.endpoint("url", "http://127.0.0.1:25082");
    Endpoint metrics = line.endpoint("metrics", line.string("url", "http://127.0.0.1:25082"));
    int serverPid = line.number("server-pid", 0);
    int start = line.number("start", 500);
    int max = line.number("max", 4000);
    int steps = line.number("steps", 6);
    int seconds = line.number("seconds", 15);
    int scrapeSeconds = line.number("scrape-s", 15);
    if (serverPid < 1) {
      line.error("--server-pid (the game instance's process id) is required");
    }
    if (start < SESSION_SIZE || max < start || steps < 1 || seconds < 1 || scrapeSeconds < 1) {
      line.error("--start must be at least " + SESSION_SIZE + ", --max at least --start, --steps, --seconds and --scrape-s at least 1");
    }
    CapacityOptions options = new CapacityOptions(line.string("label", "direct"), url, metrics, serverPid,
        line.number("proxy-pid", 0), start, max, steps, line.number("budget", 900), seconds, line.number("ramp-ms", 2),
        line.number("input-ms", 100), line.number("ping-every", 5), line.number("tick-p99-ms", 5),
        line.number("interval-p99-ms", 60), scrapeSeconds);
    line.check(USAGE);
    return options;
  }

  /** The bots of one run of {@code players}: light, with locally signed tokens, warmed up past their ramp. */
  BotOptions bots(int players) {
    // Past the ramp, long enough for the JIT to have compiled the hot paths of both processes.
    int warmup = 10 + (int) Math.ceil(players * (double) rampMillis / 1000);
    return new BotOptions(url, players, seconds, warmup, inputMillis, pingEvery, rampMillis, true, true);
  }

  /** {@code players} rounded down to whole sessions, at least one. */
  static int wholeSessions(int players) {
    return Math.max(SESSION_SIZE, players / SESSION_SIZE * SESSION_SIZE);
  }
}
