package dev.vertxelastic.gateway.routing;

import io.vertx.core.Context;
import io.vertx.core.Vertx;

import java.util.concurrent.TimeUnit;

/**
 * The deadlines of the exchanges waiting for an answer on one event loop: a list in deadline order
 * and one timer, due at the first, instead of a timer set and cancelled for every request (a
 * timer map entry, a scheduled task and its removal, each time). Exchanges nearly always arrive
 * in deadline order (one timeout for all), so adding one walks back from the end a step or none,
 * and an answer unlinks its entry at once. When the first entry is cancelled the timer stays: it
 * fires, finds nothing due, and is set again for the new first, about once per timeout.
 *
 * <p>Lives on the event loop it was created on, the one that serves its exchanges (the gateway's
 * verticle builds its proxy in its start); another thread may not use it.
 */
final class Deadlines {

  private final Vertx vertx;
  private final Thread loop;
  private Entry first;
  private Entry last;
  private long timer = -1;
  private long timerDueNanos;

  Deadlines(Vertx vertx) {
    if (!Context.isOnEventLoopThread()) {
      throw new IllegalStateException("Deadlines must be created on the event loop that serves its exchanges");
    }
    this.vertx = vertx;
    this.loop = Thread.currentThread();
  }

  /** Runs {@code expired} on this event loop once {@code dueNanos} ({@link System#nanoTime}) has passed, unless cancelled first. */
  Entry add(long dueNanos, Runnable expired) {
    if (Thread.currentThread() != loop) {
      throw new IllegalStateException("Deadlines are used on the event loop they were created on only");
    }
    Entry entry = new Entry(dueNanos, expired);
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
    while (first != null && first.dueNanos - now <= 0) {
      Entry due = first;
      due.unlink();
      due.expired.run();
    }
    arm();
  }

  /** One exchange's deadline. */
  final class Entry {
    private final long dueNanos;
    private final Runnable expired;
    private Entry previous;
    private Entry next;
    private boolean linked = true;

    private Entry(long dueNanos, Runnable expired) {
      this.dueNanos = dueNanos;
      this.expired = expired;
    }

    /** The exchange no longer waits: its deadline will not run (nothing happens if it has run or was cancelled). */
    void cancel() {
      unlink();
    }

    private void unlink() {
      if (!linked) {
        return;
      }
      linked = false;
      if (previous == null) {
        first = next;
      } else {
        previous.next = next;
      }
      if (next == null) {
        last = previous;
      } else {
        next.previous = previous;
      }
      previous = null;
      next = null;
    }
  }
}
