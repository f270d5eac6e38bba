package dev.vertxelastic.platform.testing;

import io.vertx.core.Context;
import io.vertx.core.Future;

import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

/**
 * The one way tests wait: for a future, or for a condition to hold, from a test thread (never an
 * event loop). Every wait returns as soon as what it waits for is there; {@link #DEADLINE} only
 * bounds how long a failing test takes to say so.
 */
public final class Await {

  /**
   * How long any wait may take before the test fails: generous enough for a busy 2-core machine
   * (CI, or a laptop that also builds), where a step that takes milliseconds alone can take seconds.
   */
  public static final Duration DEADLINE = Duration.ofSeconds(30);
  private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(10);

  /** A condition that may itself wait (an HTTP call, a scrape); an exception fails the wait. */
  @FunctionalInterface
  public interface Condition {
    boolean holds() throws Exception;
  }

  private Await() {
  }

  /** The future's value; fails when the future fails or is not done within {@link #DEADLINE}. */
  public static <T> T result(Future<T> future) {
    try {
      return future.toCompletionStage().toCompletableFuture().get(remaining(), TimeUnit.NANOSECONDS);
    } catch (ExecutionException e) {
      throw new AssertionError("the future failed: " + e.getCause(), e.getCause());
    } catch (TimeoutException e) {
      throw new AssertionError("the future was not done within " + DEADLINE, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted while waiting", e);
    }
  }

  /** Why the future failed; fails when it succeeds or is not done within {@link #DEADLINE}. */
  public static Throwable failure(Future<?> future) {
    Object value;
    try {
      value = future.toCompletionStage().toCompletableFuture().get(remaining(), TimeUnit.NANOSECONDS);
    } catch (ExecutionException e) {
      return e.getCause();
    } catch (TimeoutException e) {
      throw new AssertionError("the future was not done within " + DEADLINE, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted while waiting", e);
    }
    throw new AssertionError("the future succeeded with " + value + ", a failure was expected");
  }

  /** Checks {@code condition} every 10 ms until it holds; fails naming {@code what} after {@link #DEADLINE}. */
  public static void until(String what, Condition condition) {
    until(what, condition, () -> "");
  }

  /** Like {@link #until(String, Condition)}, and a failure also says {@code state} (what the test saw last). */
  public static void until(String what, Condition condition, Supplier<String> state) {
    long deadline = System.nanoTime() + remaining();
    while (!holds(condition)) {
      if (System.nanoTime() - deadline > 0) {
        String seen = state.get();
        throw new AssertionError("not within " + DEADLINE + ": " + what + (seen.isEmpty() ? "" : "; " + seen));
      }
      LockSupport.parkNanos(POLL_NANOS);
    }
  }

  private static boolean holds(Condition condition) {
    try {
      return condition.holds();
    } catch (RuntimeException | Error e) {
      throw e;
    } catch (Exception e) {
      throw new AssertionError("checking the condition failed: " + e, e);
    }
  }

  // A blocked event loop would stall the very thing the test waits for.
  private static long remaining() {
    if (Context.isOnEventLoopThread()) {
      throw new IllegalStateException("a test must not wait on an event loop thread");
    }
    return DEADLINE.toNanos();
  }
}
