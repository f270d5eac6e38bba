package dev.vertxelastic.game.session;

import dev.vertxelastic.platform.config.Env;

import java.time.Duration;
import java.util.Objects;

/**
 * How the sessions of one instance behave and how much one instance takes on.
 *
 * <ul>
 *   <li>{@code GAME_MATCH_SECONDS} (120): match length, from the moment two players are in;</li>
 *   <li>{@code GAME_EMPTY_TIMEOUT} (30s): how long a session nobody is in lives on;</li>
 *   <li>{@code GAME_SEAT_HOLD} (15s): how long a matched player's seat waits for their WebSocket;</li>
 *   <li>{@code GAME_RECONNECT_GRACE} (10s): how long a disconnected player keeps their slot;</li>
 *   <li>{@code GAME_INPUT_RATE} (30) and {@code GAME_INPUT_BURST} (30): client frames per second per
 *       player, and how many may come at once;</li>
 *   <li>{@code GAME_MAX_SESSIONS} (250) and {@code GAME_MAX_PLAYERS} (1000): the instance's capacity; one
 *       instance plays on one event loop, about one core's worth of players at the cost the capacity
 *       benchmark measures (the README's Game capacity section says how).</li>
 * </ul>
 */
public record SessionSettings(Duration matchLength, Duration emptyTimeout, Duration seatHold, Duration reconnectGrace,
                              InputLimit inputLimit, int maxSessions, int maxPlayers) {

  public static final int MIN_PLAYERS = 2;
  public static final int MAX_PLAYERS = 16;
  public static final int DEFAULT_MAX_PLAYERS = 8;

  /** A token bucket per player: {@code perSecond} frames a second on average, up to {@code burst} at once. */
  public record InputLimit(int perSecond, int burst) {
    public InputLimit {
      if (perSecond < 1 || burst < 1) {
        throw new IllegalArgumentException("perSecond and burst must be at least 1");
      }
    }
  }

  public SessionSettings {
    Objects.requireNonNull(matchLength, "matchLength");
    Objects.requireNonNull(emptyTimeout, "emptyTimeout");
    Objects.requireNonNull(seatHold, "seatHold");
    Objects.requireNonNull(reconnectGrace, "reconnectGrace");
    Objects.requireNonNull(inputLimit, "inputLimit");
    if (matchLength.isZero() || matchLength.isNegative()) {
      throw new IllegalArgumentException("matchLength must be positive");
    }
    if (maxSessions < 1 || maxPlayers < 1) {
      throw new IllegalArgumentException("maxSessions and maxPlayers must be at least 1");
    }
  }

  /** Reads the settings, failing with a {@code ConfigException} that names a malformed variable. */
  public static SessionSettings fromEnv(Env env) {
    return new SessionSettings(
        Duration.ofSeconds(env.integer("GAME_MATCH_SECONDS", 120, 1, 24 * 3600)),
        env.duration("GAME_EMPTY_TIMEOUT", Duration.ofSeconds(30)),
        env.duration("GAME_SEAT_HOLD", Duration.ofSeconds(15)),
        env.duration("GAME_RECONNECT_GRACE", Duration.ofSeconds(10)),
        new InputLimit(env.integer("GAME_INPUT_RATE", 30, 1, 1000), env.integer("GAME_INPUT_BURST", 30, 1, 1000)),
        env.integer("GAME_MAX_SESSIONS", 250, 1, 100_000),
        env.integer("GAME_MAX_PLAYERS", 1000, 1, 1_000_000));
  }
}
