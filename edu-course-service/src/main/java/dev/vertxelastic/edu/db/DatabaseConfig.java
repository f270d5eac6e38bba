package dev.vertxelastic.edu.db;

import dev.vertxelastic.platform.config.ConfigException;
import dev.vertxelastic.platform.config.Env;

import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Where the edu store lives and how the service talks to it: {@code DB_URL} (an H2 JDBC URL, a file
 * by default, or {@code postgresql://host:5432/db}), {@code DB_USER}, {@code DB_PASSWORD},
 * {@code DB_POOL_SIZE}, {@code DB_CONNECT_TIMEOUT}, {@code DB_QUERY_TIMEOUT} and {@code DB_IDLE_TIMEOUT}.
 * The password never shows in {@link #toString()} or in an error message.
 */
public record DatabaseConfig(Dialect dialect, String url, String user, String password, int poolSize,
                             Duration connectTimeout, Duration queryTimeout, Duration idleTimeout) {

  public static final String DEFAULT_URL = "jdbc:h2:file:./data/edu-courses;DB_CLOSE_ON_EXIT=FALSE";
  public static final int DEFAULT_POOL_SIZE = 8;
  public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);
  public static final Duration DEFAULT_QUERY_TIMEOUT = Duration.ofSeconds(10);
  public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofMinutes(1);
  private static final Pattern PASSWORD_SETTING = Pattern.compile("(?i)(PASSWORD=)[^;&]*");
  private static final Pattern USER_INFO = Pattern.compile("://[^/@]*@");

  public DatabaseConfig {
    Objects.requireNonNull(dialect, "dialect");
    Objects.requireNonNull(url, "url");
    Objects.requireNonNull(user, "user");
    Objects.requireNonNull(password, "password");
    if (poolSize < 1) {
      throw new IllegalArgumentException("poolSize must be at least 1: " + poolSize);
    }
    if (connectTimeout.isZero() || connectTimeout.isNegative() || queryTimeout.isZero() || queryTimeout.isNegative()
        || idleTimeout.isNegative()) {
      throw new IllegalArgumentException("timeouts must be positive (idle: zero or more)");
    }
  }

  /** An H2 database with the default user, pool and timeouts. */
  public static DatabaseConfig h2(String url) {
    return new DatabaseConfig(Dialect.H2, url, "sa", "", DEFAULT_POOL_SIZE, DEFAULT_CONNECT_TIMEOUT,
        DEFAULT_QUERY_TIMEOUT, DEFAULT_IDLE_TIMEOUT);
  }

  /** Reads and checks the database variables; a malformed one fails with a {@link ConfigException} naming it. */
  public static DatabaseConfig fromEnv(Env env) {
    String url = env.string("DB_URL", DEFAULT_URL);
    int poolSize = env.integer("DB_POOL_SIZE", DEFAULT_POOL_SIZE, 1, 64);
    Duration connect = positive(env, "DB_CONNECT_TIMEOUT", DEFAULT_CONNECT_TIMEOUT);
    Duration query = positive(env, "DB_QUERY_TIMEOUT", DEFAULT_QUERY_TIMEOUT);
    Duration idle = env.duration("DB_IDLE_TIMEOUT", DEFAULT_IDLE_TIMEOUT);
    if (PostgresUrl.matches(url)) {
      PostgresUrl pg;
      try {
        pg = PostgresUrl.parse(url);
      } catch (IllegalArgumentException e) {
        throw new ConfigException("DB_URL", redact(url), e.getMessage());
      }
      // DB_USER / DB_PASSWORD win over the URL's user info, so the password can come from a secret.
      String user = env.string("DB_USER", pg.user());
      if (user == null) {
        throw new ConfigException("DB_USER", null, "is required for PostgreSQL (or give the user in DB_URL)");
      }
      String password = env.string("DB_PASSWORD", pg.password() == null ? "" : pg.password());
      return new DatabaseConfig(Dialect.POSTGRESQL, url, user, password, poolSize, connect, query, idle);
    }
    checkH2Url(url);
    return new DatabaseConfig(Dialect.H2, url, env.string("DB_USER", "sa"), env.string("DB_PASSWORD", ""), poolSize,
        connect, query, idle);
  }

  private static Duration positive(Env env, String name, Duration defaultValue) {
    Duration value = env.duration(name, defaultValue);
    if (value.isZero()) {
      throw new ConfigException(name, env.raw(name), "must be a positive duration such as 500ms, 5s or 1m");
    }
    return value;
  }

  private static void checkH2Url(String url) {
    String lower = url.toLowerCase(Locale.ROOT);
    if (!lower.startsWith("jdbc:h2:")) {
      throw new ConfigException("DB_URL", redact(url), "must be an H2 JDBC URL such as " + DEFAULT_URL
          + " or a PostgreSQL URL such as postgresql://db:5432/edu");
    }
    if (lower.startsWith("jdbc:h2:mem:")) {
      String name = url.substring("jdbc:h2:mem:".length()).split(";", 2)[0];
      // An unnamed in-memory database is private to one connection, and a named one without
      // DB_CLOSE_DELAY=-1 vanishes when the migration connection closes: either loses the schema.
      if (name.isBlank() || !lower.contains(";db_close_delay=-1")) {
        throw new ConfigException("DB_URL", redact(url), "must name an in-memory database and keep it open, "
            + "e.g. jdbc:h2:mem:edu;DB_CLOSE_DELAY=-1");
      }
    }
  }

  /** The JDBC URL Flyway (and, for H2, the pool) connects to. */
  public String jdbcUrl() {
    return dialect == Dialect.POSTGRESQL ? postgresUrl().jdbcUrl(ceilSeconds(connectTimeout)) : url;
  }

  /** The schema the store lives in when the PostgreSQL URL names one ({@code ?search_path=}), else null. */
  public String schema() {
    return dialect == Dialect.POSTGRESQL ? postgresUrl().schema() : null;
  }

  PostgresUrl postgresUrl() {
    return PostgresUrl.parse(url);
  }

  static int ceilSeconds(Duration duration) {
    return (int) Math.min(Integer.MAX_VALUE, (duration.toMillis() + 999) / 1000);
  }

  /** The URL without credentials, fit for logs and error messages. */
  public String redactedUrl() {
    return redact(url);
  }

  static String redact(String url) {
    String noPassword = PASSWORD_SETTING.matcher(url).replaceAll("$1***");
    return USER_INFO.matcher(noPassword).replaceAll("://***@");
  }

  @Override
  public String toString() {
    return "DatabaseConfig[" + dialect + " " + redactedUrl() + ", user=" + user + ", poolSize=" + poolSize
        + ", connectTimeout=" + connectTimeout + ", queryTimeout=" + queryTimeout + ", idleTimeout=" + idleTimeout + "]";
  }
}
