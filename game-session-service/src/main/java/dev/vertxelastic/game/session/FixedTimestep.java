package dev.vertxelastic.game.session;

/**
 * The clock of a fixed-timestep loop: real time accumulates, whole steps of exactly
 * {@code stepMillis} come out, and the remainder waits for the next call. After a stall at most
 * {@code maxSteps} steps are caught up at once; the rest of the backlog is dropped, so game time
 * slows down rather than the loop spiralling (each catch-up step costs time too). A timer that
 * fires a little early (less than half a step) still gets its step, paid back by the next call:
 * otherwise a 49.9 ms wake-up would send no frame and the next one two steps at once. A call that
 * comes late by less than a step takes one step and leaves the rest for the next call: Vert.x's
 * periodic timer runs at a fixed rate, so that call comes early to make up (rounding the late call
 * up to two steps would leave the early one none: one late wake-up, two long gaps between frames).
 */
final class FixedTimestep {

  private final long stepMillis;
  private final int maxSteps;
  private final long earlyTolerance;
  private long last;
  private long accumulated;

  FixedTimestep(long stepMillis, int maxSteps, long nowMillis) {
    if (stepMillis < 1 || maxSteps < 1) {
      throw new IllegalArgumentException("stepMillis and maxSteps must be at least 1");
    }
    this.stepMillis = stepMillis;
    this.maxSteps = maxSteps;
    this.earlyTolerance = (stepMillis - 1) / 2;
    this.last = nowMillis;
  }

  /** How many steps to take now: the whole steps that have accumulated, at most {@code maxSteps}. */
  int advance(long nowMillis) {
    // A clock that goes back (it should not: it is monotonic) adds nothing.
    if (nowMillis > last) {
      accumulated += nowMillis - last;
      last = nowMillis;
    }
    // Only the first step is rounded up: accumulated may go below zero by up to the tolerance, so game
    // time never runs ahead of real time by more, and never behind by a whole step.
    long due = accumulated >= stepMillis ? accumulated / stepMillis : accumulated + earlyTolerance >= stepMillis ? 1 : 0;
    if (due > maxSteps) {
      accumulated %= stepMillis;
      return maxSteps;
    }
    accumulated -= due * stepMillis;
    return (int) due;
  }

  /** The length of one step in seconds. */
  double stepSeconds() {
    return stepMillis / 1000.0;
  }
}
