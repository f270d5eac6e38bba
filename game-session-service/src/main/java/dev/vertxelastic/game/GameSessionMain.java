package dev.vertxelastic.game;

import dev.vertxelastic.platform.runtime.ServiceRuntime;

/** Runs one game-session-service instance as a process. */
public final class GameSessionMain {

  private GameSessionMain() {
  }

  public static void main(String[] args) {
    ServiceRuntime.main(GameSessionVerticle::new);
  }
}
