package dev.vertxelastic.game.session;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

final class GameMetrics {

  private final Timer tickDuration;
  private final Counter dropped;

  GameMetrics(MeterRegistry registry, Sessions sessions) {
    Gauge.builder("game.sessions.active", sessions, Sessions::activeCount)
        .description("Sessions of this instance that have not ended")
        .strongReference(true)
        .register(registry);
    Gauge.builder("game.players.connected", sessions, Sessions::playersConnected)
        .description("Players connected to this instance over WebSocket")
        .strongReference(true)
        .register(registry);
    // Bounded buckets: a tick should take microseconds; anything near the 50 ms period is trouble.
    tickDuration = Timer.builder("game.tick.duration")
        .description("Time to step one session and send its state")
        .publishPercentileHistogram()
        .minimumExpectedValue(Duration.ofNanos(10_000))
        .maximumExpectedValue(Duration.ofMillis(200))
        .register(registry);
    dropped = Counter.builder("game.sessions.dropped")
        .description("Sessions cut short while players were in them (the goal is zero)")
        .register(registry);
  }

  void tick(long nanos) {
    tickDuration.record(nanos, TimeUnit.NANOSECONDS);
  }

  void dropped() {
    dropped.increment();
  }
}
