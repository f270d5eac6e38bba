package dev.vertxelastic.game;

import dev.vertxelastic.platform.runtime.ServiceRuntime;

/**
 * Runs one game-session-service instance as a process: SIGTERM drains it (running matches play
 * on up to {@code GAME_DRAIN_DEADLINE}) before it stops, and a drain requested with
 * {@code POST /admin/drain} ends the process once it is over.
 */
public final class GameSessionMain {

  private GameSessionMain() {
  }

  public static void main(String[] args) {
    ServiceRuntime.main(GameSessionVerticle::new);
  }
}
