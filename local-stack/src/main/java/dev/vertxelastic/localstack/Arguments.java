package dev.vertxelastic.localstack;

import dev.vertxelastic.platform.config.ConfigException;
import dev.vertxelastic.platform.config.Env;

/** Command-line flags of the local stack ({@code --games 2}), falling back to environment variables. */
final class Arguments {

  private Arguments() {
  }

  static int count(String[] args, String flag, Env env, String variable, int defaultValue) {
    for (int i = 0; i < args.length; i++) {
      String value = null;
      if (args[i].equals(flag) && i + 1 < args.length) {
        value = args[i + 1];
      } else if (args[i].startsWith(flag + "=")) {
        value = args[i].substring(flag.length() + 1);
      }
      if (value != null) {
        try {
          int n = Integer.parseInt(value);
          if (n >= 1 && n <= 8) {
            return n;
          }
        } catch (NumberFormatException ignored) {
          // reported below
        }
        throw new ConfigException("Invalid configuration: " + flag + " " + value + " must be an instance count from 1 to 8");
      }
    }
    return env.integer(variable, defaultValue, 1, 8);
  }
}
