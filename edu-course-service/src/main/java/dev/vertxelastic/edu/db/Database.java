package dev.vertxelastic.edu.db;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.templates.SqlTemplate;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.flywaydb.core.api.output.MigrateResult;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.logging.Logger;

/**
 * The edu store: migrations, and the one connection pool every repository shares, with query timing
 * ({@code edu_db_query_seconds{query}}), query timeouts, and outages mapped to 503 problems. The
 * only place (with {@link Pools}) that knows which SQL client backs the pool.
 */
public final class Database implements Sql {

  private static final Logger LOG = Logger.getLogger(Database.class.getName());
  static final String MIGRATIONS = "classpath:db/migration";

  private final DatabaseConfig config;
  private final CurrentPool pool;
  private final MeterRegistry registry;
  private final Map<String, Timer> timers = new ConcurrentHashMap<>();
  private final AtomicBoolean reachable = new AtomicBoolean(true);

  private Database(DatabaseConfig config, CurrentPool pool, MeterRegistry registry) {
    this.config = config;
    this.pool = pool;
    this.registry = registry;
  }

  /**
   * Brings the schema up to date (Flyway over JDBC, on a worker thread); fails with a
   * {@link DatabaseMigrationException} naming the (redacted) database when it does not apply.
   */
  public static Future<MigrateResult> migrate(Vertx vertx, DatabaseConfig config) {
    return vertx.executeBlocking(() -> {
      try {
        FluentConfiguration flyway = Flyway.configure(Database.class.getClassLoader())
            .dataSource(config.jdbcUrl(), config.user(), config.password())
            .locations(MIGRATIONS)
            .failOnMissingLocations(true);
        if (config.schema() != null) {
          flyway.schemas(config.schema()).createSchemas(true);
        }
        return flyway.load().migrate();
      } catch (RuntimeException e) {
        throw new DatabaseMigrationException("Migrating database " + config.redactedUrl() + " failed: " + e.getMessage(), e);
      }
    }).onSuccess(result -> LOG.info("database " + config.redactedUrl() + (result.migrationsExecuted == 0 ? " schema is up to date"
        : " migrated to schema version " + result.targetSchemaVersion + " (" + result.migrationsExecuted + " migrations)")));
  }

  /** Opens the pool (connections are made on first use); query timings go to {@code registry}. */
  public static Database connect(Vertx vertx, DatabaseConfig config, MeterRegistry registry) {
    LOG.info("database pool: " + config);
    return new Database(config, new CurrentPool(vertx, config), registry);
  }

  @Override
  public Future<RowSet<Row>> query(String name, String template, Map<String, Object> params) {
    Pool used = pool.get();
    return run(used, used, name, template, params);
  }

  @Override
  public Future<Boolean> insertIfAbsent(String name, String table, Map<String, Object> row) {
    Pool used = pool.get();
    return insertIfAbsent(used, used, name, table, row);
  }

  /** Runs {@code work} in one transaction: committed when its future succeeds, rolled back when it fails. */
  public <T> Future<T> inTransaction(Function<Sql, Future<T>> work) {
    Pool used = pool.get();
    return used.withConnection(connection -> connection.begin()
            .compose(tx -> work.apply(on(connection, used)).transform(done -> done.succeeded()
                ? tx.commit().map(done.result())
                : tx.rollback().transform(rolledBack -> Future.<T>failedFuture(done.cause()))))
            .eventually(() -> afterTransaction(connection).otherwiseEmpty()))
        .transform(ar -> ar.succeeded() ? Future.succeededFuture(ar.result()) : Future.failedFuture(failed(used, ar.cause())));
  }

  /**
   * vertx-jdbc-client 5.0.7 leaves a JDBC connection in manual-commit mode after COMMIT or ROLLBACK
   * (vert-x3/vertx-jdbc-client#356): the next plain statement on it would never be committed. So an
   * H2 connection goes back to auto-commit before it returns to the pool. The PostgreSQL client is not affected.
   */
  private Future<Void> afterTransaction(SqlConnection connection) {
    return config.dialect() == Dialect.H2 ? connection.query("SET AUTOCOMMIT TRUE").execute().mapEmpty()
        : Future.succeededFuture();
  }

  private Sql on(SqlConnection connection, Pool origin) {
    return new Sql() {
      @Override
      public Future<RowSet<Row>> query(String name, String template, Map<String, Object> params) {
        return run(connection, origin, name, template, params);
      }

      @Override
      public Future<Boolean> insertIfAbsent(String name, String table, Map<String, Object> row) {
        return Database.this.insertIfAbsent(connection, origin, name, table, row);
      }
    };
  }

  private Future<Boolean> insertIfAbsent(SqlClient client, Pool origin, String name, String table, Map<String, Object> row) {
    String sql = config.dialect().insertIfAbsent(table, row.keySet().stream().sorted().toList());
    return run(client, origin, name, sql, row)
        .map(rows -> rows.rowCount() > 0)
        .recover(err -> DatabaseFailures.isUniqueViolation(err) ? Future.succeededFuture(false) : Future.failedFuture(err));
  }

  private Future<RowSet<Row>> run(SqlClient client, Pool origin, String name, String template, Map<String, Object> params) {
    Timer.Sample sample = Timer.start(registry);
    return SqlTemplate.forQuery(client, template).execute(params)
        // A dead server can leave a socket silent: never wait longer than the query timeout.
        .timeout(config.queryTimeout().toMillis(), TimeUnit.MILLISECONDS)
        .andThen(ar -> sample.stop(timer(name)))
        .transform(ar -> {
          if (ar.succeeded()) {
            if (!reachable.getAndSet(true)) {
              LOG.info("database " + config.redactedUrl() + " is reachable again");
            }
            return Future.succeededFuture(ar.result());
          }
          return Future.failedFuture(failed(origin, ar.cause()));
        });
  }

  /** Maps an outage to a 503 problem, logging the first failure of an outage once (with its cause). */
  private Throwable failed(Pool origin, Throwable failure) {
    pool.failed(origin, failure);
    Throwable translated = DatabaseFailures.translate(failure);
    if (translated != failure && reachable.getAndSet(false)) {
      LOG.warning("database " + config.redactedUrl() + " is not reachable, answering 503 until it is: " + failure);
    }
    return translated;
  }

  private Timer timer(String name) {
    return timers.computeIfAbsent(name, n -> Timer.builder("edu.db.query")
        .description("Time of one SQL statement of the edu store, by query")
        .tag("query", n)
        .register(registry));
  }

  public Future<Void> close() {
    return pool.close();
  }
}
