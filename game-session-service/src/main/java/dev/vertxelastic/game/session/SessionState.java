package dev.vertxelastic.game.session;

enum SessionState {
  WAITING, RUNNING, ENDED;

  String wireName() {
    return name().toLowerCase();
  }
}
