package dev.vertxelastic.game.session;

import io.vertx.core.json.JsonObject;

/**
 * How full one instance is: sessions that have not ended, and players (connected, away within the
 * reconnect grace, or holding a matched seat) against the instance's limits.
 */
record Capacity(String instance, int sessions, int maxSessions, int players, int maxPlayers, boolean draining) {

  boolean full() {
    return sessions >= maxSessions || players >= maxPlayers;
  }

  /** Whether a new session or a new player is welcome here. */
  boolean accepting() {
    return !draining && !full();
  }

  /** The limit reached ({@code "3 of 3 sessions"}), or null when not full (draining is reported by the drain). */
  String limitReached() {
    if (sessions >= maxSessions) {
      return sessions + " of " + maxSessions + " sessions";
    }
    if (players >= maxPlayers) {
      return players + " of " + maxPlayers + " players";
    }
    return null;
  }

  /** The body of {@code GET /api/games/capacity}, which the gateway reads to place new games. */
  JsonObject toJson() {
    return new JsonObject()
        .put("instance", instance)
        .put("sessions", sessions)
        .put("maxSessions", maxSessions)
        .put("players", players)
        .put("maxPlayers", maxPlayers)
        .put("sessionRoom", Math.max(0, maxSessions - sessions))
        .put("playerRoom", Math.max(0, maxPlayers - players))
        .put("draining", draining)
        .put("accepting", accepting());
  }
}
