package dev.vertxelastic.gateway.routing;

import dev.vertxelastic.platform.testing.AlternatingRounds;
import io.vertx.core.Context;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;

import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * What an exchange's deadline costs the event loop: a Vert.x timer set and cancelled per request
 * (as the relay did) against an entry added to and removed from {@link Deadlines}. Each of a million
 * requests sets a deadline {@value #TIMEOUT_MILLIS} ms ahead and cancels the one set {@value #IN_FLIGHT}
 * requests before (as many in flight as the gateway benchmark's connections), on one event loop
 * (epoll where it loads, as in the gateway); the two alternate for {@code rounds} rounds after two of
 * warm-up. Prints nanoseconds per request by round and the medians. Run:
 * {@code ./mvnw -q -pl api-gateway -am test-compile exec:java -Dexec.classpathScope=test -Dexec.mainClass=dev.vertxelastic.gateway.routing.DeadlinesBenchmark}
 */
public final class DeadlinesBenchmark {

  private static final int REQUESTS = 1_000_000;
  private static final int IN_FLIGHT = 32;
  private static final long TIMEOUT_MILLIS = 30_000;

  private DeadlinesBenchmark() {
  }

  public static void main(String[] args) {
    int rounds = Integer.getInteger("rounds", 10);
    Vertx vertx = Vertx.vertx(new VertxOptions().setPreferNativeTransport(true));
    Context loop = vertx.getOrCreateContext();
    AlternatingRounds.run(rounds, "a request", "a timer per request", () -> onLoop(loop, () -> timers(vertx)),
        "Deadlines", () -> onLoop(loop, () -> list(new Deadlines())));
    vertx.close();
  }

  private static long timers(Vertx vertx) {
    long[] inFlight = new long[IN_FLIGHT];
    Arrays.fill(inFlight, -1);
    long start = System.nanoTime();
    for (int i = 0; i < REQUESTS; i++) {
      vertx.cancelTimer(inFlight[i % IN_FLIGHT]);
      inFlight[i % IN_FLIGHT] = vertx.setTimer(TIMEOUT_MILLIS, id -> { });
    }
    long nanos = (System.nanoTime() - start) / REQUESTS;
    Arrays.stream(inFlight).forEach(vertx::cancelTimer);
    return nanos;
  }

  private static long list(Deadlines deadlines) {
    Deadlines.Entry[] inFlight = new Deadlines.Entry[IN_FLIGHT];
    long timeout = TimeUnit.MILLISECONDS.toNanos(TIMEOUT_MILLIS);
    long start = System.nanoTime();
    for (int i = 0; i < REQUESTS; i++) {
      if (inFlight[i % IN_FLIGHT] != null) {
        inFlight[i % IN_FLIGHT].cancel();
      }
      inFlight[i % IN_FLIGHT] = deadlines.add(System.nanoTime() + timeout, () -> { });
    }
    long nanos = (System.nanoTime() - start) / REQUESTS;
    Arrays.stream(inFlight).forEach(Deadlines.Entry::cancel);
    return nanos;
  }

  private static long onLoop(Context loop, LongSupplier task) {
    Promise<Long> done = Promise.promise();
    loop.runOnContext(v -> done.complete(task.getAsLong()));
    return done.future().await();
  }
}
