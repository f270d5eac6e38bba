package dev.vertxelastic.gateway.discovery;

import dev.vertxelastic.gateway.Await;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;

import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** Waits for futures and conditions in tests, always with a deadline, polling on Vert.x timers. */
public final class Eventually {

  private Eventually() {
  }

  public static <T> T await(Future<T> future) {
    return Await.result(future);
  }

  /** Polls {@code condition} every 20 ms; fails with {@code state} when it still does not hold after {@code millis}. Returns the time it took. */
  public static long within(Vertx vertx, long millis, BooleanSupplier condition, Supplier<String> state) {
    long start = System.nanoTime();
    long deadline = start + TimeUnit.MILLISECONDS.toNanos(millis);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() - deadline > 0) {
        throw new AssertionError("not within " + millis + " ms: " + state.get());
      }
      Promise<Void> tick = Promise.promise();
      vertx.setTimer(20, id -> tick.complete());
      await(tick.future());
    }
    return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
  }
}
