package dev.vertxelastic.game.session;

import dev.vertxelastic.platform.health.Health;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

import java.time.Duration;
import java.time.Instant;
import java.util.logging.Logger;

/**
 * Takes an instance out of play without cutting a live game: once started (SIGTERM or
 * {@code POST /admin/drain}) the instance is not ready and admits no new session or player,
 * running matches play to their end, and at the deadline those still running end with
 * {@code server-shutdown} and count in {@code game_sessions_dropped_total}. Event loop only.
 */
public final class SessionDrain {

  private static final Logger LOG = Logger.getLogger(SessionDrain.class.getName());
  private final Vertx vertx;
  private final Sessions sessions;
  private final Health health;
  private final Duration deadline;
  private final Promise<Void> done = Promise.promise();
  private Instant deadlineAt;
  private long deadlineTimer = -1;
  private int dropped;

  public SessionDrain(Vertx vertx, Sessions sessions, Health health, Duration deadline) {
    this.vertx = vertx;
    this.sessions = sessions;
    this.health = health;
    this.deadline = deadline;
  }

  /** Starts the drain (again: no-op); the future completes once every session has ended. */
  public Future<Void> start() {
    if (deadlineAt == null) {
      deadlineAt = Instant.now().plus(deadline);
      health.notReady("draining");
      deadlineTimer = vertx.setTimer(Math.max(1, deadline.toMillis()), t -> expire());
      sessions.onSessionEnded(this::completeWhenEmpty);
      int playingOn = sessions.drain();
      LOG.info("draining: " + playingOn + " session(s) play on, until " + deadlineAt + " at the latest");
      completeWhenEmpty();
    }
    return done.future();
  }

  /** A drain with no time to play on (the local stack's Ctrl-C): every running match ends now with {@code server-shutdown}. */
  public Future<Void> startNow() {
    start();
    if (deadlineTimer >= 0 && !done.future().isComplete()) {
      vertx.cancelTimer(deadlineTimer);
      expire();
    }
    return done.future();
  }

  /** Completes when a started drain is over. */
  public Future<Void> drained() {
    return done.future();
  }

  public boolean started() {
    return deadlineAt != null;
  }

  /** Progress, for {@code GET /admin/drain}. */
  public JsonObject progress() {
    Capacity capacity = sessions.capacity();
    return new JsonObject()
        .put("draining", started())
        .put("deadline", deadlineAt == null ? null : deadlineAt.toString())
        .put("sessionsLeft", capacity.sessions())
        .put("playersLeft", capacity.players())
        .put("dropped", dropped)
        .put("completed", done.future().isComplete());
  }

  private void expire() {
    deadlineTimer = -1;
    dropped = sessions.endAll();
    if (dropped > 0) {
      LOG.warning("drain deadline reached: ended " + dropped + " running session(s) with server-shutdown (counted as dropped)");
    }
    completeWhenEmpty();
  }

  private void completeWhenEmpty() {
    if (deadlineAt != null && !done.future().isComplete() && sessions.activeCount() == 0) {
      if (deadlineTimer >= 0) {
        vertx.cancelTimer(deadlineTimer);
      }
      LOG.info("drained: no session left, " + dropped + " dropped");
      done.complete();
    }
  }
}
