package dev.vertxelastic.gateway.discovery;

import io.vertx.core.Vertx;

/** Time for the watch code: now, and running a task later; tests drive it by hand. */
interface Clock {

  long millis();

  void later(long delayMillis, Runnable task);

  static Clock of(Vertx vertx) {
    return new Clock() {
      @Override
      public long millis() {
        return System.currentTimeMillis();
      }

      @Override
      public void later(long delayMillis, Runnable task) {
        vertx.setTimer(Math.max(1, delayMillis), id -> task.run());
      }
    };
  }
}
