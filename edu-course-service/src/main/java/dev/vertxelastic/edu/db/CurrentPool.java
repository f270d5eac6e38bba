package dev.vertxelastic.edu.db;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Logger;

/**
 * The pool in use. The PostgreSQL client drops a connection the server closed by itself; the Vert.x
 * JDBC pool never does (its connections always report valid), so a JDBC pool whose connections broke
 * (the H2 server went away) is replaced by a fresh one, at most once per connect timeout. The old
 * pool closes once its running statements had their query timeout to finish.
 */
final class CurrentPool {

  private static final Logger LOG = Logger.getLogger(CurrentPool.class.getName());

  private final Vertx vertx;
  private final DatabaseConfig config;
  private final AtomicReference<Pool> current;
  private final AtomicLong lastRenewal = new AtomicLong(System.nanoTime());

  CurrentPool(Vertx vertx, DatabaseConfig config) {
    this.vertx = vertx;
    this.config = config;
    this.current = new AtomicReference<>(Pools.open(vertx, config));
  }

  Pool get() {
    return current.get();
  }

  /** Called with every failure of a statement on {@code used}; replaces a JDBC pool whose connections broke. */
  void failed(Pool used, Throwable failure) {
    if (config.dialect() == Dialect.POSTGRESQL || !DatabaseFailures.isBrokenConnection(failure)) {
      return;
    }
    long now = System.nanoTime();
    long last = lastRenewal.get();
    if (now - last < config.connectTimeout().toNanos() || !lastRenewal.compareAndSet(last, now)) {
      return;
    }
    Pool fresh = Pools.open(vertx, config);
    if (current.compareAndSet(used, fresh)) {
      LOG.warning("replacing the JDBC pool of " + config.redactedUrl() + ": its connections are broken (" + failure + ")");
      vertx.setTimer(config.queryTimeout().toMillis(), id -> used.close());
    } else {
      fresh.close();
    }
  }

  Future<Void> close() {
    return current.get().close();
  }
}
