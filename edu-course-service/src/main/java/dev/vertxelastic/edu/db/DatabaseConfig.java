package dev.vertxelastic.edu.db;

import dev.vertxelastic.platform.config.ConfigException;
import dev.vertxelastic.platform.config.Env;

import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Where the edu store lives: {@code DB_URL} (an H2 JDBC URL, file by default), {@code DB_USER},
 * {@code DB_PASSWORD} and {@code DB_POOL_SIZE}. The password never shows in {@link #toString()}.
 */
public record DatabaseConfig(String url, String user, String password, int poolSize) {

  public static final String DEFAULT_URL = "jdbc:h2:file:./data/edu-courses;DB_CLOSE_ON_EXIT=FALSE";
  private static final Pattern PASSWORD_SETTING = Pattern.compile("(?i)(PASSWORD=)[^;]*");
  private static final Pattern USER_INFO = Pattern.compile("://[^/@]*@");

  public DatabaseConfig {
    Objects.requireNonNull(url, "url");
    Objects.requireNonNull(user, "user");
    Objects.requireNonNull(password, "password");
    if (poolSize < 1) {
      throw new IllegalArgumentException("poolSize must be at least 1: " + poolSize);
    }
  }

  /** Reads and checks the database variables; a malformed one fails with a {@link ConfigException} naming it. */
  public static DatabaseConfig fromEnv(Env env) {
    String url = env.string("DB_URL", DEFAULT_URL);
    checkUrl(url);
    return new DatabaseConfig(url, env.string("DB_USER", "sa"), env.string("DB_PASSWORD", ""),
        env.integer("DB_POOL_SIZE", 8, 1, 64));
  }

  private static void checkUrl(String url) {
    String lower = url.toLowerCase(Locale.ROOT);
    if (!lower.startsWith("jdbc:h2:")) {
      throw new ConfigException("DB_URL", redact(url), "must be an H2 JDBC URL such as " + DEFAULT_URL);
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
    return "DatabaseConfig[url=" + redactedUrl() + ", user=" + user + ", poolSize=" + poolSize + "]";
  }
}
