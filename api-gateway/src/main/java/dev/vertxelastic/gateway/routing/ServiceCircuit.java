package dev.vertxelastic.gateway.routing;

import dev.vertxelastic.platform.http.Problem;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.circuitbreaker.CircuitBreaker;
import io.vertx.circuitbreaker.CircuitBreakerOptions;
import io.vertx.circuitbreaker.CircuitBreakerState;
import io.vertx.circuitbreaker.OpenCircuitException;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.httpproxy.ProxyResponse;

import java.util.EnumMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The circuit breaker of one upstream service and its meters: failures (connect errors,
 * timeouts, 500/502/504) open it, it half-opens after the reset time and closes on a success.
 */
final class ServiceCircuit {

  private final String service;
  private final long resetMillis;
  private final long timeoutMillis;
  private final CircuitBreaker breaker;
  private final Map<Outcome, Counter> requests = new EnumMap<>(Outcome.class);
  private volatile long openedAtNanos;

  ServiceCircuit(Vertx vertx, String service, UpstreamSettings settings, MeterRegistry meters) {
    this.service = service;
    this.resetMillis = settings.breakerReset().toMillis();
    this.timeoutMillis = settings.requestTimeout().toMillis();
    // The breaker's own timeout is off: the origin request carries the deadline.
    this.breaker = CircuitBreaker.create("gateway:" + service, vertx, new CircuitBreakerOptions()
            .setMaxFailures(settings.breakerMaxFailures())
            .setResetTimeout(resetMillis)
            .setTimeout(-1)
            .setNotificationAddress(null))
        .openHandler(v -> openedAtNanos = System.nanoTime());
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

  /** Runs {@code send} through the breaker; the attempt always completes, with a problem when refused or failed. */
  Future<Attempt> call(Supplier<Future<ProxyResponse>> send) {
    return breaker.<Attempt>execute(() -> send.get().transform(result -> {
          Attempt attempt = Attempt.of(service, timeoutMillis, result);
          return attempt.breaksCircuit() ? Future.failedFuture(new BrokenAttempt(attempt)) : Future.succeededFuture(attempt);
        }))
        .recover(failure -> Future.succeededFuture(failure instanceof BrokenAttempt broken ? broken.attempt
            : failure instanceof OpenCircuitException ? Attempt.rejected(unavailable())
            : Attempt.of(service, timeoutMillis, Future.failedFuture(failure))))
        .onSuccess(attempt -> record(attempt.outcome()));
  }

  boolean isOpen() {
    return breaker.state() == CircuitBreakerState.OPEN;
  }

  /** Counts a request refused before reaching the proxy and returns its 503 problem. */
  Problem reject() {
    record(Outcome.REJECTED);
    return unavailable();
  }

  Problem unavailable() {
    return Problem.unavailable(service + " is failing; the gateway stopped sending it requests for a while.", retryAfterSeconds());
  }

  /** Seconds until the breaker lets a trial request through, at least 1. */
  int retryAfterSeconds() {
    if (breaker.state() != CircuitBreakerState.OPEN) {
      return 1;
    }
    long leftMillis = resetMillis - (System.nanoTime() - openedAtNanos) / 1_000_000;
    return (int) Math.max(1, (leftMillis + 999) / 1000);
  }

  /** {@code closed}, {@code open} or {@code half-open}. */
  String state() {
    return switch (breaker.state()) {
      case CLOSED -> "closed";
      case OPEN -> "open";
      case HALF_OPEN -> "half-open";
    };
  }

  private int stateCode() {
    return switch (breaker.state()) {
      case CLOSED -> 0;
      case HALF_OPEN -> 1;
      case OPEN -> 2;
    };
  }

  private void record(Outcome outcome) {
    if (outcome != null) {
      requests.get(outcome).increment();
    }
  }

  void close() {
    breaker.close();
  }

  /** Carries a failed attempt through the breaker, which counts it, back to the caller. */
  private static final class BrokenAttempt extends RuntimeException {
    private final transient Attempt attempt;

    BrokenAttempt(Attempt attempt) {
      super(null, null, false, false);
      this.attempt = attempt;
    }
  }
}
