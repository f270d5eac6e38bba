package dev.vertxelastic.platform.config;

import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Typed access to environment variables (12-factor configuration) with defaults that run locally.
 * Every malformed value fails with a {@link ConfigException} naming the variable.
 */
public final class Env {

  private final Map<String, String> values;

  private Env(Map<String, String> values) {
    this.values = Map.copyOf(values);
  }

  /** The process environment. */
  public static Env system() {
    return new Env(System.getenv());
  }

  public static Env of(Map<String, String> values) {
    return new Env(values);
  }

  /** A copy of this environment with {@code overrides} on top (used to start several instances in one JVM). */
  public Env with(Map<String, String> overrides) {
    Map<String, String> merged = new HashMap<>(values);
    merged.putAll(overrides);
    return new Env(merged);
  }

  public Env with(String name, String value) {
    return with(Map.of(name, value));
  }

  /** The raw value, or null when unset or blank. */
  public String raw(String name) {
    String v = values.get(name);
    return v == null || v.isBlank() ? null : v.trim();
  }

  public String string(String name, String defaultValue) {
    String v = raw(name);
    return v == null ? defaultValue : v;
  }

  public String required(String name) {
    String v = raw(name);
    if (v == null) {
      throw new ConfigException(name, null, "is required");
    }
    return v;
  }

  public int integer(String name, int defaultValue, int min, int max) {
    String v = raw(name);
    if (v == null) {
      return defaultValue;
    }
    try {
      int parsed = Integer.parseInt(v);
      if (parsed < min || parsed > max) {
        throw new ConfigException(name, v, "must be an integer from " + min + " to " + max);
      }
      return parsed;
    } catch (NumberFormatException e) {
      throw new ConfigException(name, v, "must be an integer from " + min + " to " + max);
    }
  }

  public int port(String name, int defaultValue) {
    String v = raw(name);
    if (v == null) {
      return defaultValue;
    }
    try {
      int parsed = Integer.parseInt(v);
      if (parsed < 0 || parsed > 65535) {
        throw new ConfigException(name, v, "is not a port number (0-65535)");
      }
      return parsed;
    } catch (NumberFormatException e) {
      throw new ConfigException(name, v, "is not a port number (0-65535)");
    }
  }

  public boolean bool(String name, boolean defaultValue) {
    String v = raw(name);
    if (v == null) {
      return defaultValue;
    }
    return switch (v.toLowerCase()) {
      case "true", "yes", "1", "on" -> true;
      case "false", "no", "0", "off" -> false;
      default -> throw new ConfigException(name, v, "must be true or false");
    };
  }

  /** A duration written as {@code 500ms}, {@code 30s}, {@code 2m}, {@code 12h} or plain milliseconds. */
  public Duration duration(String name, Duration defaultValue) {
    String v = raw(name);
    if (v == null) {
      return defaultValue;
    }
    try {
      String s = v.toLowerCase();
      Duration d;
      if (s.endsWith("ms")) {
        d = Duration.ofMillis(Long.parseLong(s.substring(0, s.length() - 2)));
      } else if (s.endsWith("s")) {
        d = Duration.ofSeconds(Long.parseLong(s.substring(0, s.length() - 1)));
      } else if (s.endsWith("m")) {
        d = Duration.ofMinutes(Long.parseLong(s.substring(0, s.length() - 1)));
      } else if (s.endsWith("h")) {
        d = Duration.ofHours(Long.parseLong(s.substring(0, s.length() - 1)));
      } else {
        d = Duration.ofMillis(Long.parseLong(s));
      }
      if (d.isNegative()) {
        throw new ConfigException(name, v, "must not be negative");
      }
      return d;
    } catch (NumberFormatException e) {
      throw new ConfigException(name, v, "must be a duration such as 500ms, 30s, 2m or 12h");
    }
  }

  public <E extends Enum<E>> E oneOf(String name, Class<E> type, E defaultValue) {
    String v = raw(name);
    if (v == null) {
      return defaultValue;
    }
    for (E e : type.getEnumConstants()) {
      if (e.name().equalsIgnoreCase(v)) {
        return e;
      }
    }
    List<String> allowed = Arrays.stream(type.getEnumConstants()).map(e -> e.name().toLowerCase()).toList();
    throw new ConfigException(name, v, "must be one of " + String.join(", ", allowed));
  }

  /** {@code INSTANCE_ID}, defaulting to {@code HOSTNAME} (the pod name in Kubernetes), then {@code fallback}. */
  public String instanceId(String fallback) {
    String id = string("INSTANCE_ID", string("HOSTNAME", fallback));
    if (!id.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,62}")) {
      throw new ConfigException("INSTANCE_ID", id, "must be 1-63 characters of letters, digits, '.', '_' or '-'");
    }
    return id;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Env other && values.equals(other.values);
  }

  @Override
  public int hashCode() {
    return Objects.hash(values);
  }
}
