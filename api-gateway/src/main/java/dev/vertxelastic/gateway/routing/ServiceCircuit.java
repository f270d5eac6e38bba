package dev.vertxelastic.gateway.routing;

import dev.vertxelastic.platform.http.Problem;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * The circuit breaker of one upstream service and its meters. Only outcomes that say the upstream
 * is unhealthy count (connect errors, resets, timeouts, its own 502/503/504; see {@link Outcome}):
 * the breaker opens when enough of the last calls failed at a high enough rate
 * ({@link UpstreamSettings.Breaker}), so no client can open it with bad requests. After the reset
 * time one trial call goes through (half-open): a healthy answer closes the breaker, an unhealthy
 * one opens it again.
 */
final class ServiceCircuit {

  /** Results older than this no longer count. */
  static final long HORIZON_NANOS = TimeUnit.SECONDS.toNanos(30);

  private enum State { CLOSED, HALF_OPEN, OPEN }

  private final String service;
  private final UpstreamSettings.Breaker settings;
  private final LongSupplier clock;
  private final BreakerWindow window;
  private final Map<Outcome, Counter> requests = new EnumMap<>(Outcome.class);
  private State state = State.CLOSED;
  private long openedAtNanos;
  private boolean trialInFlight;

  ServiceCircuit(String service, UpstreamSettings.Breaker settings, MeterRegistry meters, LongSupplier clock) {
    this.service = service;
    this.settings = settings;
    this.clock = clock;
    this.window = new BreakerWindow(settings.window(), HORIZON_NANOS);
    for (Outcome outcome : Outcome.values()) {
      requests.put(outcome, Counter.builder("gateway.upstream.requests")
          .description("Requests the gateway handed to an upstream service, by outcome")
          .tags("service", service, "outcome", outcome.label)
          .register(meters));
    }
    Gauge.builder("gateway.circuit.state", this::stateCode)
        .description("Circuit breaker state of an upstream service: 0 closed, 1 half-open, 2 open")
        .tags("service", service)
        .register(meters);
  }

  /** Whether a new exchange may go to the service now; an open breaker past its reset time lets one trial through. */
  synchronized boolean admit() {
    switch (state) {
      case CLOSED:
        return true;
      case OPEN:
        if (clock.getAsLong() - openedAtNanos < settings.reset().toNanos()) {
          return false;
        }
        state = State.HALF_OPEN;
        trialInFlight = true;
        return true;
      default:
        if (trialInFlight) {
          return false;
        }
        trialInFlight = true;
        return true;
    }
  }

  /** Counts the outcome of an attempt that was tried again: the exchange's own outcome decides for the breaker. */
  void count(Outcome outcome) {
    requests.get(outcome).increment();
  }

  /** Counts the outcome of an exchange with the service and moves the breaker accordingly. */
  void record(Outcome outcome) {
    requests.get(outcome).increment();
    if (outcome == Outcome.REJECTED) {
      release();
    } else {
      transition(outcome);
    }
  }

  /** Ends an admitted exchange that never reached the service (no endpoint to send it to): frees a half-open trial. */
  synchronized void release() {
    if (state == State.HALF_OPEN) {
      trialInFlight = false;
    }
  }

  private synchronized void transition(Outcome outcome) {
    long now = clock.getAsLong();
    if (state == State.CLOSED) {
      window.add(now, outcome.unhealthy);
      if (outcome.unhealthy && window.tripped(now, settings.minFailures(), settings.failureRatePercent())) {
        open(now);
      }
    } else if (state == State.HALF_OPEN) {
      if (outcome.unhealthy) {
        open(now);
      } else if (outcome == Outcome.CLIENT_ABORT) {
        trialInFlight = false;
      } else {
        state = State.CLOSED;
        window.clear();
      }
    }
  }

  private void open(long now) {
    state = State.OPEN;
    openedAtNanos = now;
    trialInFlight = false;
  }

  /** Counts a request refused by the open breaker and returns its 503 problem. */
  Problem reject() {
    record(Outcome.REJECTED);
    return Problem.unavailable(service + " is failing; the gateway stopped sending it requests for a while.", retryAfterSeconds());
  }

  /** Seconds until the breaker lets a trial request through, at least 1. */
  synchronized int retryAfterSeconds() {
    if (state != State.OPEN) {
      return 1;
    }
    long leftMillis = TimeUnit.NANOSECONDS.toMillis(settings.reset().toNanos() - (clock.getAsLong() - openedAtNanos));
    return (int) Math.max(1, (leftMillis + 999) / 1000);
  }

  /** {@code closed}, {@code open} or {@code half-open}. */
  synchronized String state() {
    return switch (state) {
      case CLOSED -> "closed";
      case OPEN -> "open";
      case HALF_OPEN -> "half-open";
    };
  }

  private synchronized int stateCode() {
    return switch (state) {
      case CLOSED -> 0;
      case HALF_OPEN -> 1;
      case OPEN -> 2;
    };
  }
}
