package dev.vertxelastic.game.bot;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Command-line options of a bot run: {@code --url}, {@code --bots}, {@code --seconds} (measured),
 * {@code --warmup} (seconds, not measured, covers the ramp-up), {@code --input-ms} (time between
 * inputs), {@code --ping-every} (a ping after so many inputs), {@code --ramp-ms} (time between two
 * bots' starts) and {@code --local-token} (sign tokens with {@code JWT_SECRET} instead of asking the gateway).
 */
record BotOptions(Endpoint url, int bots, int seconds, int warmupSeconds, int inputMillis, int pingEvery,
                  int rampMillis, boolean localToken) {

  static final String USAGE = "options: --url http://127.0.0.1:8080 --bots 10 --seconds 20 --warmup 5 "
      + "--input-ms 100 --ping-every 5 --ramp-ms 10 --local-token";
  private static final Set<String> NAMES = Set.of("url", "bots", "seconds", "warmup", "input-ms", "ping-every", "ramp-ms",
      "local-token");

  BotOptions {
    if (bots < 1 || seconds < 1 || warmupSeconds < 0 || inputMillis < 10 || pingEvery < 1 || rampMillis < 0) {
      throw new IllegalArgumentException("--bots, --seconds, --ping-every must be at least 1, --input-ms at least 10, "
          + "--warmup and --ramp-ms not negative");
    }
  }

  /** Parses {@code --name value}, {@code --name=value} and the flag {@code --local-token}; lists every bad option. */
  static BotOptions parse(String[] args, String defaultUrl) {
    Map<String, String> values = new HashMap<>();
    List<String> errors = new ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      if (!arg.startsWith("--")) {
        errors.add("unexpected argument " + arg);
        continue;
      }
      String name = arg.substring(2);
      String value = null;
      int eq = name.indexOf('=');
      if (eq >= 0) {
        value = name.substring(eq + 1);
        name = name.substring(0, eq);
      } else if (!name.equals("local-token") && i + 1 < args.length) {
        value = args[++i];
      }
      if (!NAMES.contains(name)) {
        errors.add("unknown option --" + name);
      } else {
        values.put(name, value == null ? "true" : value);
      }
    }
    int bots = number(values, "bots", 10, errors);
    int seconds = number(values, "seconds", 20, errors);
    int warmup = number(values, "warmup", 5, errors);
    int inputMs = number(values, "input-ms", 100, errors);
    int pingEvery = number(values, "ping-every", 5, errors);
    int rampMs = number(values, "ramp-ms", 10, errors);
    Endpoint url = null;
    try {
      url = Endpoint.parse(values.getOrDefault("url", defaultUrl));
    } catch (IllegalArgumentException e) {
      errors.add(e.getMessage());
    }
    if (!errors.isEmpty()) {
      throw new IllegalArgumentException(String.join("; ", errors) + "\n" + USAGE);
    }
    return new BotOptions(url, bots, seconds, warmup, inputMs, pingEvery, rampMs,
        Boolean.parseBoolean(values.getOrDefault("local-token", "false")));
  }

  BotOptions withUrl(Endpoint endpoint) {
    return new BotOptions(endpoint, bots, seconds, warmupSeconds, inputMillis, pingEvery, rampMillis, localToken);
  }

  private static int number(Map<String, String> values, String name, int defaultValue, List<String> errors) {
    String raw = values.get(name);
    if (raw == null) {
      return defaultValue;
    }
    try {
      return Integer.parseInt(raw.trim());
    } catch (NumberFormatException e) {
      errors.add("--" + name + " must be a whole number, not " + raw);
      return defaultValue;
    }
  }
}
