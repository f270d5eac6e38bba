package dev.vertxelastic.game.session;

import dev.vertxelastic.game.engine.Arena;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.Comparator;
import java.util.List;

final class ServerFrames {

  static final int TICK_RATE_HZ = 20;

  private ServerFrames() {
  }

  /** The first frame of a connection; {@code resumed} when the player got their slot (position, score) back. */
  static JsonObject welcome(String sessionId, Arena arena, Arena.Player you, boolean resumed) {
    return new JsonObject()
        .put("type", "welcome")
        .put("playerId", you.id())
        .put("sessionId", sessionId)
        .put("tickRateHz", TICK_RATE_HZ)
        .put("arena", new JsonObject().put("width", arena.width()).put("height", arena.height()))
        .put("you", player(you))
        .put("resumed", resumed);
  }

  /** The answer to a ping, written as Vert.x would encode it ({@code t} prints as JSON prints a number), without an encoder per ping. */
  static String pong(Number t) {
    return "{\"type\":\"pong\",\"t\":" + t + "}";
  }

  /** The last frame of a session: why it ended and the scores, best first. */
  static JsonObject ended(String reason, List<Arena.Player> players) {
    return new JsonObject()
        .put("type", "ended")
        .put("reason", reason)
        .put("scores", new JsonArray(players.stream()
            .sorted(Comparator.comparingInt(Arena.Player::score).reversed())
            .map(p -> new JsonObject().put("id", p.id()).put("name", p.name()).put("score", p.score()))
            .toList()));
  }

  static JsonObject error(String code, String message) {
    return new JsonObject().put("type", "error").put("code", code).put("message", message);
  }

  private static JsonObject player(Arena.Player p) {
    return new JsonObject()
        .put("id", p.id())
        .put("name", p.name())
        .put("x", round(p.x()))
        .put("y", round(p.y()))
        .put("score", p.score());
  }

  // One decimal is finer than a pixel and keeps 20 Hz frames small.
  static double round(double v) {
    return Math.round(v * 10) / 10.0;
  }
}
