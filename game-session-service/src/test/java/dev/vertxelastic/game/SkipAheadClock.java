package dev.vertxelastic.game;

import dev.vertxelastic.game.session.Sessions;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * The sessions' clock in tests: real monotonic time, plus whatever the test skipped ahead. Games
 * still tick at 20 Hz in real time, but a test moves match length, empty timeouts, seat holds and
 * reconnect graces on by {@link #skip} instead of waiting for them.
 */
final class SkipAheadClock implements LongSupplier {

  private final AtomicLong skippedMillis = new AtomicLong();

  @Override
  public long getAsLong() {
    return Sessions.SYSTEM_CLOCK.getAsLong() + skippedMillis.get();
  }

  /** From now on the sessions see {@code time} more than has really passed (the next tick acts on it). */
  void skip(Duration time) {
    skippedMillis.addAndGet(time.toMillis());
  }
}
