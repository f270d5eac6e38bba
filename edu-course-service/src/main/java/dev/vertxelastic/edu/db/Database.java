package dev.vertxelastic.edu.db;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.jdbcclient.JDBCConnectOptions;
import io.vertx.jdbcclient.JDBCPool;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;

import java.util.logging.Logger;

/**
 * Opens the edu store: migrates the schema (Flyway, on a worker thread), then creates the one
 * {@link Pool} the repositories share. The only place that knows which SQL client backs the pool.
 */
public final class Database {

  private static final Logger LOG = Logger.getLogger(Database.class.getName());
  static final String MIGRATIONS = "classpath:db/migration";

  private Database() {
  }

  /**
   * Migrates the schema, then opens the pool; fails with a {@link DatabaseMigrationException}
   * naming the (redacted) database when the migration does not apply.
   */
  public static Future<Pool> open(Vertx vertx, DatabaseConfig config) {
    return vertx.executeBlocking(() -> migrate(config))
        .map(result -> {
          LOG.info("database " + config.redactedUrl() + " at schema version " + result.targetSchemaVersion
              + " (" + result.migrationsExecuted + " migrations applied now)");
          return pool(vertx, config);
        });
  }

  private static MigrateResult migrate(DatabaseConfig config) {
    try {
      return Flyway.configure(Database.class.getClassLoader())
          .dataSource(config.url(), config.user(), config.password())
          .locations(MIGRATIONS)
          .failOnMissingLocations(true)
          .load()
          .migrate();
    } catch (RuntimeException e) {
      throw new DatabaseMigrationException("Migrating database " + config.redactedUrl() + " failed: " + e.getMessage(), e);
    }
  }

  private static Pool pool(Vertx vertx, DatabaseConfig config) {
    JDBCConnectOptions connect = new JDBCConnectOptions()
        .setJdbcUrl(config.url())
        .setUser(config.user())
        .setPassword(config.password());
    return JDBCPool.pool(vertx, connect, new PoolOptions().setMaxSize(config.poolSize()).setName("edu-db"));
  }
}
