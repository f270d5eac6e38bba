package dev.vertxelastic.game.session;

import dev.vertxelastic.platform.config.Env;

import java.time.Duration;
import java.util.Objects;

/**
 * How the sessions of one instance behave: match length ({@code GAME_MATCH_SECONDS}, default 120),
 * how long an empty session lives ({@code GAME_EMPTY_TIMEOUT}, default 30s), how many sessions the
 * instance hosts at most ({@code GAME_MAX_SESSIONS}, default 500) and how long a matched player's
 * seat is held until the WebSocket arrives ({@code GAME_SEAT_HOLD}, default 15s).
 */
public record SessionSettings(Duration matchLength, Duration emptyTimeout, int maxSessions, Duration seatHold) {

  public static final int MIN_PLAYERS = 2;
  public static final int MAX_PLAYERS = 16;
  public static final int DEFAULT_MAX_PLAYERS = 8;

  public SessionSettings {
    Objects.requireNonNull(matchLength, "matchLength");
    Objects.requireNonNull(emptyTimeout, "emptyTimeout");
    Objects.requireNonNull(seatHold, "seatHold");
    if (matchLength.isZero() || matchLength.isNegative()) {
      throw new IllegalArgumentException("matchLength must be positive");
    }
    if (maxSessions < 1) {
      throw new IllegalArgumentException("maxSessions must be at least 1");
    }
  }

  /** Reads the settings, failing with a {@code ConfigException} that names a malformed variable. */
  public static SessionSettings fromEnv(Env env) {
    return new SessionSettings(
        Duration.ofSeconds(env.integer("GAME_MATCH_SECONDS", 120, 1, 24 * 3600)),
        env.duration("GAME_EMPTY_TIMEOUT", Duration.ofSeconds(30)),
        env.integer("GAME_MAX_SESSIONS", 500, 1, 100_000),
        env.duration("GAME_SEAT_HOLD", Duration.ofSeconds(15)));
  }
}
