package dev.vertxelastic.gateway.routing;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The breaker's rules on a clock the test drives: window of 10 calls, at least 5 failures, 50 %, reset 5 s. */
class ServiceCircuitTest {

  final AtomicLong now = new AtomicLong(1_000_000_000L);
  final ServiceCircuit circuit = new ServiceCircuit("courses", new UpstreamSettings.Breaker(10, 5, 50, Duration.ofSeconds(5)),
      new SimpleMeterRegistry(), now::get);

  void record(Outcome outcome, int times) {
    for (int i = 0; i < times; i++) {
      assertTrue(circuit.admit());
      circuit.record(outcome);
    }
  }

  void advance(long millis) {
    now.addAndGet(TimeUnit.MILLISECONDS.toNanos(millis));
  }

  @Test
  void serverErrorsClientErrorsAndClientAbortsNeverOpenIt() {
    record(Outcome.SERVER_ERROR, 100);
    record(Outcome.CLIENT_ERROR, 100);
    record(Outcome.CLIENT_ABORT, 100);

    assertEquals("closed", circuit.state());
  }

  @Test
  void itOpensOnTheFifthUnhealthyOutcomeWhenTheyAreHalfOfTheWindow() {
    record(Outcome.SUCCESS, 20);
    record(Outcome.CONNECT_ERROR, 2);
    record(Outcome.TIMEOUT, 1);
    record(Outcome.RESET, 1);
    assertEquals("closed", circuit.state());

    record(Outcome.UNAVAILABLE, 1);

    assertEquals("open", circuit.state());
    assertFalse(circuit.admit());
  }

  @Test
  void scatteredFailuresAmongSuccessesKeepItClosed() {
    for (int i = 0; i < 50; i++) {
      record(Outcome.SUCCESS, 3);
      record(Outcome.CONNECT_ERROR, 2);
    }

    assertEquals("closed", circuit.state());
  }

  @Test
  void failuresOlderThanTheHorizonNoLongerCount() {
    record(Outcome.CONNECT_ERROR, 4);
    advance(TimeUnit.NANOSECONDS.toMillis(ServiceCircuit.HORIZON_NANOS) + 1);

    record(Outcome.CONNECT_ERROR, 1);

    assertEquals("closed", circuit.state());
  }

  @Test
  void afterTheResetOneTrialGoesThroughAndAHealthyAnswerClosesIt() {
    record(Outcome.CONNECT_ERROR, 5);
    advance(4_999);
    assertFalse(circuit.admit());
    assertEquals(1, circuit.retryAfterSeconds());

    advance(1);
    assertTrue(circuit.admit());
    assertEquals("half-open", circuit.state());
    assertFalse(circuit.admit(), "one trial at a time");
    circuit.record(Outcome.SERVER_ERROR);

    assertEquals("closed", circuit.state());
    assertTrue(circuit.admit());
  }

  @Test
  void aFailedTrialOpensItAgainForAnotherResetTime() {
    record(Outcome.CONNECT_ERROR, 5);
    advance(5_000);
    assertTrue(circuit.admit());

    circuit.record(Outcome.TIMEOUT);

    assertEquals("open", circuit.state());
    assertEquals(5, circuit.retryAfterSeconds());
  }

  @Test
  void aTrialTheClientAbandonedLetsTheNextOneThrough() {
    record(Outcome.CONNECT_ERROR, 5);
    advance(5_000);
    assertTrue(circuit.admit());

    circuit.record(Outcome.CLIENT_ABORT);

    assertEquals("half-open", circuit.state());
    assertTrue(circuit.admit());
  }
}
