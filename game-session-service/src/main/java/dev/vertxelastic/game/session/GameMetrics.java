package dev.vertxelastic.game.session;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The game meters of one instance, registered once; tags come from fixed sets, so no meter is created while
 * playing. The gauges report the counts {@link Sessions#publishCounts()} copied before the scrape.
 */
final class GameMetrics {

  /** The Micrometer name of the tick timer ({@code game_tick_duration_seconds} in Prometheus). */
  static final String TICK_DURATION = "game.tick.duration";
  /** The Micrometer name of the state interval timer ({@code game_state_interval_seconds} in Prometheus). */
  static final String STATE_INTERVAL = "game.state.interval";
  static final List<String> FRAME_TYPES = List.of("welcome", "state", "pong", "ended", "error");
  static final List<String> REJECTION_REASONS = List.of("rate-limited", "bad-json", "unknown-type", "bad-input", "too-big", "bad-utf8");

  private final Timer tickDuration;
  private final Timer stateInterval;
  private final DistributionSummary stateFrames;
  private final Counter dropped;
  private final Counter skipped;
  private final Map<String, Counter> framesSent;
  private final Map<String, Counter> rejected;

  GameMetrics(MeterRegistry registry, Sessions sessions) {
    Gauge.builder("game.sessions.active", sessions, Sessions::publishedActiveCount)
        .description("Sessions of this instance that have not ended")
        .strongReference(true)
        .register(registry);
    Gauge.builder("game.players.connected", sessions, Sessions::publishedPlayersConnected)
        .description("Players connected to this instance over WebSocket")
        .strongReference(true)
        .register(registry);
    // Bounded buckets: a tick should take microseconds; anything near the 50 ms period is trouble.
    // One bucket ends at the capacity bound of 5 ms, so a p99 against it is counted, not interpolated.
    tickDuration = Timer.builder(TICK_DURATION)
        .description("Time to step one session and send its state")
        .publishPercentileHistogram()
        .serviceLevelObjectives(Duration.ofMillis(5))
        .minimumExpectedValue(Duration.ofNanos(10_000))
        .maximumExpectedValue(Duration.ofMillis(200))
        .register(registry);
    // The 20 Hz promise as the server keeps it: 50 ms apart, more after a stall of the event loop.
    // Buckets end at 50 and 60 ms, the period and the bound of GameStateFramesLate and the benchmark.
    stateInterval = Timer.builder(STATE_INTERVAL)
        .description("Time between two state frames of a session, as the server sends them")
        .publishPercentileHistogram()
        .serviceLevelObjectives(Duration.ofMillis(50), Duration.ofMillis(60))
        .minimumExpectedValue(Duration.ofMillis(1))
        .maximumExpectedValue(Duration.ofSeconds(1))
        .register(registry);
    stateFrames = DistributionSummary.builder("game.state.frame")
        .description("State frames encoded (one per session and tick, shared by its players), by size")
        .baseUnit("bytes")
        .register(registry);
    dropped = Counter.builder("game.sessions.dropped")
        .description("Running matches cut short by a drain deadline (the goal is zero)")
        .register(registry);
    skipped = Counter.builder("game.frames.skipped")
        .description("Frames not sent because the client's write queue was full")
        .register(registry);
    framesSent = byTag(FRAME_TYPES, type -> Counter.builder("game.frames.sent")
        .description("Frames sent to players, by type")
        .tag("type", type)
        .register(registry));
    rejected = byTag(REJECTION_REASONS, reason -> Counter.builder("game.inputs.rejected")
        .description("Client frames rejected, by reason")
        .tag("reason", reason)
        .register(registry));
  }

  private static Map<String, Counter> byTag(List<String> values, Function<String, Counter> counter) {
    return values.stream().collect(Collectors.toUnmodifiableMap(Function.identity(), counter));
  }

  void tick(long nanos) {
    tickDuration.record(nanos, TimeUnit.NANOSECONDS);
  }

  void stateInterval(long millis) {
    stateInterval.record(millis, TimeUnit.MILLISECONDS);
  }

  void stateEncoded(int bytes) {
    stateFrames.record(bytes);
  }

  void dropped() {
    dropped.increment();
  }

  void frameSent(String type) {
    Counter counter = framesSent.get(type);
    if (counter == null) {
      throw new IllegalArgumentException("unknown frame type " + type);
    }
    counter.increment();
  }

  void frameSkipped() {
    skipped.increment();
  }

  void rejected(String reason) {
    Counter counter = rejected.get(reason);
    if (counter == null) {
      throw new IllegalArgumentException("unknown rejection reason " + reason);
    }
    counter.increment();
  }
}
