package dev.vertxelastic.gateway.routing;

import io.netty.util.concurrent.FastThreadLocal;
import io.vertx.core.Context;
import io.vertx.core.Vertx;

import java.util.concurrent.TimeUnit;

/**
 * The deadlines of the exchanges waiting for an answer: on each event loop, a list in deadline order
 * and one timer, due at the first, instead of a timer set and cancelled for every request (a timer
 * map entry, a scheduled task and its removal, each time). Exchanges nearly always arrive in
 * deadline order (one timeout for all), so adding one walks back from the end a step or none, and an
 * answer unlinks its entry at once. When the first entry is cancelled the timer stays: it fires,
 * finds nothing due, and is set again for the new first, about once per timeout.
 *
 * <p>An exchange lives on the event loop that serves its request, so each loop keeps its own list,
 * touched by that loop only (the server's loop need not be the one that built the proxy).
 */
final class Deadlines {

  private final FastThreadLocal<Loop> loops = new FastThreadLocal<>() {
    @Override
    protected Loop initialValue() {
      return new Loop(Vertx.currentContext().owner());
    }
  };

  /**
   * Runs {@code expired} on the calling event loop once {@code dueNanos} ({@link System#nanoTime})
   * has passed, unless cancelled first (on that loop too).
   */
  Entry add(long dueNanos, Runnable expired) {
    if (!Context.isOnEventLoopThread()) {
      throw new IllegalStateException("An exchange's deadline is kept on the event loop that serves it, not on "
          + Thread.currentThread().getName());
    }
    return loops.get().add(dueNanos, expired);
  }

  /** One event loop's deadlines. */
  private static final class Loop {
    /** The loop's Vert.x: from this thread, its timers are set on this thread's context. */
    private final Vertx vertx;
    private Entry first;
    private Entry last;
    private long timer = -1;
    private long timerDueNanos;

    Loop(Vertx vertx) {
      this.vertx = vertx;
    }

    Entry add(long dueNanos, Runnable expired) {
      Entry entry = new Entry(this, dueNanos, expired);
      Entry before = last;
      while (before != null && before.dueNanos - dueNanos > 0) {
        before = before.previous;
      }
      entry.previous = before;
      entry.next = before == null ? first : before.next;
      if (entry.next == null) {
        last = entry;
      } else {
        entry.next.previous = entry;
      }
      if (before == null) {
        first = entry;
      } else {
        before.next = entry;
      }
      arm();
      return entry;
    }

    /** Sets the timer for the first deadline, unless one is set that fires no later. */
    private void arm() {
      if (first == null || timer != -1 && timerDueNanos - first.dueNanos <= 0) {
        return;
      }
      if (timer != -1) {
        vertx.cancelTimer(timer);
      }
      timerDueNanos = first.dueNanos;
      // Rounded up, so it does not fire before the deadline; a timer of 0 would mean none.
      long millis = TimeUnit.NANOSECONDS.toMillis(timerDueNanos - System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(1) - 1);
      timer = vertx.setTimer(Math.max(1, millis), id -> expire());
    }

    private void expire() {
      timer = -1;
      long now = System.nanoTime();
      try {
        while (first != null && first.dueNanos - now <= 0) {
          Entry due = first;
          due.cancel();
          due.expired.run();
        }
      } finally {
        // One exchange's failure (reported to the context) must not leave the others without a timer.
        arm();
      }
    }
  }

  /** One exchange's deadline. */
  static final class Entry {
    private final Loop loop;
    private final long dueNanos;
    private final Runnable expired;
    private Entry previous;
    private Entry next;
    private boolean linked = true;

    private Entry(Loop loop, long dueNanos, Runnable expired) {
      this.loop = loop;
      this.dueNanos = dueNanos;
      this.expired = expired;
    }

    /** The exchange no longer waits: its deadline will not run (nothing happens if it has run or was cancelled). */
    void cancel() {
      if (!linked) {
        return;
      }
      linked = false;
      if (previous == null) {
        loop.first = next;
      } else {
        previous.next = next;
      }
      if (next == null) {
        loop.last = previous;
      } else {
        next.previous = previous;
      }
      previous = null;
      next = null;
    }
  }
}
