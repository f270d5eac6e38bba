package dev.vertxelastic.edu.db;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;

import java.time.Duration;
import java.util.logging.Logger;

/**
 * The start of the store on a database that may not be up yet (a first install starts PostgreSQL
 * and the service together): migrates, and while the database cannot be reached tries again with
 * a back-off of 0.5 s doubling to 10 s until {@code deadline}. {@link #notReadyReason()} says why
 * the service is not ready meanwhile; {@link #gaveUp()} fails with one line when the deadline passes
 * or the migration fails for another reason (nothing to wait for).
 */
public final class DatabaseWait {

  static final long FIRST_RETRY_MILLIS = 500;
  static final long MAX_RETRY_MILLIS = 10_000;
  private static final Logger LOG = Logger.getLogger(DatabaseWait.class.getName());

  private final Vertx vertx;
  private final DatabaseConfig config;
  private final Duration deadline;
  private final long giveUpAt;
  private final Promise<Void> migrated = Promise.promise();
  private final Promise<Void> firstAttempt = Promise.promise();
  private final Promise<Void> gaveUp = Promise.promise();
  private volatile String notReady = "migrating the database schema";
  private long retryMillis = FIRST_RETRY_MILLIS;

  private DatabaseWait(Vertx vertx, DatabaseConfig config, Duration deadline) {
    this.vertx = vertx;
    this.config = config;
    this.deadline = deadline;
    this.giveUpAt = System.nanoTime() + deadline.toNanos();
  }

  /** Starts migrating at once (Flyway runs on a worker thread). */
  public static DatabaseWait start(Vertx vertx, DatabaseConfig config, Duration deadline) {
    DatabaseWait wait = new DatabaseWait(vertx, config, deadline);
    wait.attempt();
    return wait;
  }

  /** Null once the schema is migrated, else why the service cannot serve yet. */
  public String notReadyReason() {
    return notReady;
  }

  public Future<Void> migrated() {
    return migrated.future();
  }

  /**
   * Completes after the first attempt: migrated, or waiting for the database; fails when that
   * attempt found something no wait can fix (a migration that cannot apply).
   */
  public Future<Void> firstAttempt() {
    return firstAttempt.future();
  }

  /** Fails with one line when the database never came or the migration cannot apply; never completes otherwise. */
  public Future<Void> gaveUp() {
    return gaveUp.future();
  }

  private void attempt() {
    Database.migrate(vertx, config).onComplete(result -> {
      if (result.succeeded()) {
        notReady = null;
        migrated.complete();
        firstAttempt.tryComplete();
        return;
      }
      Throwable cause = result.cause();
      if (!DatabaseFailures.isUnavailable(cause)) {
        notReady = cause.getMessage();
        gaveUp.fail(cause);
        firstAttempt.tryFail(cause);
        return;
      }
      firstAttempt.tryComplete();
      long left = giveUpAt - System.nanoTime();
      if (left <= 0) {
        notReady = "the database did not come up";
        gaveUp.fail(new DatabaseMigrationException("Database " + config.redactedUrl() + " not reachable within DB_WAIT_DEADLINE ("
            + deadline.toSeconds() + "s): " + rootMessage(cause), cause));
        return;
      }
      if (retryMillis == FIRST_RETRY_MILLIS) {
        LOG.warning("database " + config.redactedUrl() + " not reachable yet, waiting up to " + deadline.toSeconds() + "s: " + rootMessage(cause));
      }
      notReady = "waiting for the database " + config.redactedUrl() + ": " + rootMessage(cause);
      long delay = Math.min(retryMillis, Math.max(1, left / 1_000_000));
      retryMillis = Math.min(MAX_RETRY_MILLIS, retryMillis * 2);
      vertx.setTimer(delay, id -> attempt());
    });
  }

  private static String rootMessage(Throwable failure) {
    Throwable root = failure;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
  }
}
