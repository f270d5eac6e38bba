package dev.vertxelastic.edu;

import dev.vertxelastic.edu.db.DatabaseConfig;
import dev.vertxelastic.platform.config.Env;

import java.net.URI;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A PostgreSQL store for one test class: a schema of its own (dropped again on close) in the
 * database of {@code EDU_TEST_PG_URL}. Without that setting, the PostgreSQL tests are skipped.
 * {@code EDU_TEST_PG_CTL}, when set, is a command prefix such as {@code pg_ctlcluster 15 main}
 * that stops and starts the server when {@code stop} / {@code start} is appended.
 */
final class PostgresTestStore extends TestStore {

  static final String URL_SETTING = "EDU_TEST_PG_URL";
  static final String CTL_SETTING = "EDU_TEST_PG_CTL";

  private final String baseUrl;
  private final String schema = "edu_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);

  private PostgresTestStore(String baseUrl) {
    this.baseUrl = baseUrl;
  }

  static final String NOT_CONFIGURED = URL_SETTING + " is not set: the PostgreSQL variant is skipped";

  /** A fresh schema on the configured server, or null when {@code EDU_TEST_PG_URL} is not set. */
  static PostgresTestStore createIfConfigured() {
    String url = setting(URL_SETTING);
    return url == null ? null : new PostgresTestStore(url);
  }

  /** Skips the calling test (as an assumption, so it is reported as skipped) when the store is not configured. */
  static void assumeConfigured(TestStore store) {
    assumeTrue(store != null, NOT_CONFIGURED);
  }

  @Override
  String dbUrl() {
    return baseUrl + (baseUrl.contains("?") ? "&" : "?") + "search_path=" + schema;
  }

  @Override
  int serverPort() {
    int port = URI.create(baseUrl).getPort();
    return port == -1 ? 5432 : port;
  }

  @Override
  String dbUrlThrough(int proxyPort) {
    return dbUrl().replaceFirst("(://(?:[^/@]*@)?)[^/]+", "$1127.0.0.1:" + proxyPort);
  }

  @Override
  Connection connect() throws SQLException {
    Connection connection = connectToDatabase();
    connection.setSchema(schema);
    return connection;
  }

  private Connection connectToDatabase() throws SQLException {
    DatabaseConfig config = DatabaseConfig.fromEnv(Env.of(Map.of("DB_URL", baseUrl)));
    return DriverManager.getConnection(config.jdbcUrl(), config.user(), config.password());
  }

  @Override
  boolean canStopServer() {
    return setting(CTL_SETTING) != null;
  }

  @Override
  void stopServer() throws Exception {
    control("stop");
  }

  @Override
  void startServer() throws Exception {
    control("start");
  }

  private static void control(String action) throws Exception {
    Process process = new ProcessBuilder("sh", "-c", setting(CTL_SETTING) + " " + action).inheritIO().start();
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new IllegalStateException(CTL_SETTING + " " + action + " did not finish within 60 s");
    }
    if (process.exitValue() != 0) {
      throw new IllegalStateException(CTL_SETTING + " " + action + " exited with " + process.exitValue());
    }
  }

  @Override
  public void close() throws SQLException {
    try (Connection connection = connectToDatabase(); Statement statement = connection.createStatement()) {
      statement.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
    }
  }
}
