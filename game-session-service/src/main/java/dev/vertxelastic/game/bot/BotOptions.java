package dev.vertxelastic.game.bot;

import java.util.Set;

/**
 * Command-line options of a bot run: {@code --url}, {@code --bots}, {@code --seconds} (measured),
 * {@code --warmup} (seconds, not measured, covers the ramp-up), {@code --input-ms} (time between
 * inputs), {@code --ping-every} (a ping after so many inputs), {@code --ramp-ms} (time between two
 * bots' starts), {@code --local-token} (sign tokens with {@code JWT_SECRET} instead of asking the
 * gateway) and {@code --light} (count and time frames from their first bytes, without parsing them).
 */
record BotOptions(Endpoint url, int bots, int seconds, int warmupSeconds, int inputMillis, int pingEvery,
                  int rampMillis, boolean localToken, boolean light) {

  static final String USAGE = "options: --url http://127.0.0.1:8080 --bots 10 --seconds 20 --warmup 5 "
      + "--input-ms 100 --ping-every 5 --ramp-ms 10 --local-token --light";
  private static final Set<String> NAMES = Set.of("url", "bots", "seconds", "warmup", "input-ms", "ping-every", "ramp-ms");
  private static final Set<String> FLAGS = Set.of("local-token", "light");

  BotOptions {
    if (bots < 1 || seconds < 1 || warmupSeconds < 0 || inputMillis < 10 || pingEvery < 1 || rampMillis < 0) {
      throw new IllegalArgumentException("--bots, --seconds, --ping-every must be at least 1, --input-ms at least 10, "
          + "--warmup and --ramp-ms not negative");
    }
  }

  /** Parses {@code --name value}, {@code --name=value} and the flags; lists every bad option. */
  static BotOptions parse(String[] args, String defaultUrl) {
    CommandLine line = new CommandLine(args, NAMES, FLAGS);
    Endpoint url = line.endpoint("url", defaultUrl);
    int bots = line.number("bots", 10);
    int seconds = line.number("seconds", 20);
    int warmup = line.number("warmup", 5);
    int inputMs = line.number("input-ms", 100);
    int pingEvery = line.number("ping-every", 5);
    int rampMs = line.number("ramp-ms", 10);
    line.check(USAGE);
    return new BotOptions(url, bots, seconds, warmup, inputMs, pingEvery, rampMs, line.flag("local-token"), line.flag("light"));
  }

  BotOptions withUrl(Endpoint endpoint) {
    return new BotOptions(endpoint, bots, seconds, warmupSeconds, inputMillis, pingEvery, rampMillis, localToken, light);
  }
}
