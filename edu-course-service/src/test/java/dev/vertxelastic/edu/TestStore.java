package dev.vertxelastic.edu;

import dev.vertxelastic.platform.config.Env;
import dev.vertxelastic.platform.runtime.ServiceRuntime;

import dev.vertxelastic.platform.testing.Await;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;

/**
 * The database of one test class: its {@code DB_URL}, direct JDBC access for checks behind the
 * service's back, and, where the test can do it for real, stopping and starting the database server.
 */
abstract class TestStore implements AutoCloseable {

  /** {@code DB_URL} of this store. */
  abstract String dbUrl();

  /** A JDBC connection of the test's own (to the store's schema). */
  abstract Connection connect() throws SQLException;

  /** Whether {@link #stopServer()} and {@link #startServer()} work here. */
  boolean canStopServer() {
    return false;
  }

  void stopServer() throws Exception {
    throw new UnsupportedOperationException("this store cannot stop its server");
  }

  void startServer() throws Exception {
    throw new UnsupportedOperationException("this store cannot start its server");
  }

  /** The TCP port of the database server, for a proxy in front of it; -1 when the database is embedded. */
  int serverPort() {
    return -1;
  }

  /** {@code DB_URL} of this store when reached through {@code port} on the loopback interface instead. */
  String dbUrlThrough(int port) {
    throw new UnsupportedOperationException("an embedded database has no port");
  }

  /** Removes what the store created (a schema, a server); the default leaves it to a @TempDir. */
  @Override
  public void close() throws SQLException {
  }

  /** A system property, else the environment variable of that name; null when neither is set. */
  static String setting(String name) {
    String value = System.getProperty(name, System.getenv(name));
    return value == null || value.isBlank() ? null : value.trim();
  }

  /** The variables of a service instance on this store; {@code extra} on top. */
  Env env(Map<String, String> extra) {
    Map<String, String> env = new HashMap<>(Map.of("HTTP_PORT", "0", "MANAGEMENT_PORT", "0", "INSTANCE_ID", "edu-test",
        "DB_URL", dbUrl(), "JWT_SECRET", TestHttp.JWT_SECRET, "SHUTDOWN_TIMEOUT", "2s"));
    env.putAll(extra);
    return Env.of(env);
  }

  ServiceRuntime<EduCourseVerticle> startService(Map<String, String> extra) throws Exception {
    return Await.result(ServiceRuntime.start(env(extra), EduCourseVerticle::new));
  }

  /** The single number a query returns, e.g. a COUNT. */
  long number(String sql, Object... params) throws SQLException {
    try (Connection connection = connect(); PreparedStatement statement = connection.prepareStatement(sql)) {
      for (int i = 0; i < params.length; i++) {
        statement.setObject(i + 1, params[i]);
      }
      try (ResultSet rows = statement.executeQuery()) {
        rows.next();
        return rows.getLong(1);
      }
    }
  }

  void execute(String... statements) throws SQLException {
    try (Connection connection = connect(); Statement statement = connection.createStatement()) {
      for (String sql : statements) {
        statement.execute(sql);
      }
    }
  }
}
