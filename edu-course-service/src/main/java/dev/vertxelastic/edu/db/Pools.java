package dev.vertxelastic.edu.db;

import io.vertx.core.Vertx;
import io.vertx.core.net.NetClientOptions;
import io.vertx.jdbcclient.JDBCConnectOptions;
import io.vertx.jdbcclient.JDBCPool;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.SslMode;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;

import java.util.concurrent.TimeUnit;

/** Builds the connection pool for a configuration: the Vert.x PostgreSQL client, or the JDBC client for H2. */
final class Pools {

  static final String NAME = "edu-db";

  private Pools() {
  }

  /** A new pool; connections are made on first use. */
  static Pool open(Vertx vertx, DatabaseConfig config) {
    // Named, so the Vert.x metrics publish vertx_pool_*{pool_type="sql",pool_name="edu-db"}.
    PoolOptions options = new PoolOptions()
        .setName(NAME)
        .setMaxSize(config.poolSize())
        .setConnectionTimeout(millis(config.connectTimeout().toMillis())).setConnectionTimeoutUnit(TimeUnit.MILLISECONDS)
        .setIdleTimeout(millis(config.idleTimeout().toMillis())).setIdleTimeoutUnit(TimeUnit.MILLISECONDS);
    return config.dialect() == Dialect.POSTGRESQL ? postgres(vertx, config, options) : h2(vertx, config, options);
  }

  private static Pool postgres(Vertx vertx, DatabaseConfig config, PoolOptions options) {
    PostgresUrl url = config.postgresUrl();
    PgConnectOptions connect = new PgConnectOptions()
        .setHost(url.host())
        .setPort(url.port())
        .setDatabase(url.database())
        .setUser(config.user())
        .setPassword(config.password())
        .setCachePreparedStatements(true)
        // The server cancels what the client has given up on.
        .addProperty("statement_timeout", Long.toString(config.queryTimeout().toMillis()))
        .addProperty("application_name", "edu-course-service");
    if (url.schema() != null) {
      connect.addProperty("search_path", url.schema());
    }
    if (url.sslMode() != null) {
      connect.setSslMode(SslMode.of(url.sslMode()));
    }
    NetClientOptions transport = new NetClientOptions().setConnectTimeout(millis(config.connectTimeout().toMillis()));
    return PgBuilder.pool().with(options).with(transport).connectingTo(connect).using(vertx).build();
  }

  private static Pool h2(Vertx vertx, DatabaseConfig config, PoolOptions options) {
    JDBCConnectOptions connect = new JDBCConnectOptions()
        .setJdbcUrl(config.jdbcUrl())
        .setUser(config.user())
        .setPassword(config.password())
        .setQueryTimeout(DatabaseConfig.ceilSeconds(config.queryTimeout()));
    return JDBCPool.pool(vertx, connect, options);
  }

  private static int millis(long value) {
    return (int) Math.min(Integer.MAX_VALUE, value);
  }
}
