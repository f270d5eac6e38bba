package dev.vertxelastic.game.bot;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code --name value}, {@code --name=value} and flags ({@code --light}) of a bot tool; every bad
 * option is collected in {@link #errors()}, so a run lists them all at once.
 */
final class CommandLine {

  private final Map<String, String> values = new HashMap<>();
  private final List<String> errors = new ArrayList<>();

  CommandLine(String[] args, Set<String> names, Set<String> flags) {
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
      } else if (!flags.contains(name) && i + 1 < args.length) {
        value = args[++i];
      }
      if (!names.contains(name) && !flags.contains(name)) {
        errors.add("unknown option --" + name);
      } else {
        values.put(name, value == null ? "true" : value);
      }
    }
  }

  String string(String name, String defaultValue) {
    return values.getOrDefault(name, defaultValue);
  }

  boolean flag(String name) {
    return Boolean.parseBoolean(values.getOrDefault(name, "false"));
  }

  int number(String name, int defaultValue) {
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

  Endpoint endpoint(String name, String defaultUrl) {
    try {
      return Endpoint.parse(values.getOrDefault(name, defaultUrl));
    } catch (IllegalArgumentException e) {
      errors.add(e.getMessage());
      return null;
    }
  }

  void error(String message) {
    errors.add(message);
  }

  /** Throws the collected errors, with {@code usage}, if there are any. */
  void check(String usage) {
    if (!errors.isEmpty()) {
      throw new IllegalArgumentException(String.join("; ", errors) + "\n" + usage);
    }
  }
}
