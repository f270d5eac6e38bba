package dev.vertxelastic.edu.db;

import dev.vertxelastic.platform.config.ConfigException;
import dev.vertxelastic.platform.config.Env;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Reading the database variables. */
class DatabaseConfigTest {

  static DatabaseConfig config(Map<String, String> env) {
    return DatabaseConfig.fromEnv(Env.of(env));
  }

  static String failingVariable(Map<String, String> env) {
    String message = assertThrows(ConfigException.class, () -> config(env)).getMessage();
    return message.substring("Invalid configuration: ".length()).split("=", 2)[0];
  }

  @Test
  void defaultsToAnEmbeddedH2FileWithEightConnectionsAndShortTimeouts() {
    DatabaseConfig config = config(Map.of());
    assertEquals(DatabaseConfig.h2(DatabaseConfig.DEFAULT_URL), config);
    assertEquals(Dialect.H2, config.dialect());
    assertTrue(config.url().startsWith("jdbc:h2:file:"));
    assertEquals(8, config.poolSize());
    assertEquals(Duration.ofSeconds(5), config.connectTimeout());
    assertEquals(Duration.ofSeconds(10), config.queryTimeout());
    assertEquals(Duration.ofMinutes(1), config.idleTimeout());
    assertEquals(config.url(), config.jdbcUrl());
    assertNull(config.schema());
  }

  @Test
  void poolSizeAndTimeoutsAreConfigurable() {
    DatabaseConfig config = config(Map.of("DB_POOL_SIZE", "3", "DB_CONNECT_TIMEOUT", "750ms", "DB_QUERY_TIMEOUT", "2s",
        "DB_IDLE_TIMEOUT", "0"));
    assertEquals(3, config.poolSize());
    assertEquals(Duration.ofMillis(750), config.connectTimeout());
    assertEquals(Duration.ofSeconds(2), config.queryTimeout());
    assertEquals(Duration.ZERO, config.idleTimeout());
  }

  @Test
  void aPostgresqlUrlSelectsPostgresqlAndDerivesTheJdbcUrlForFlyway() {
    DatabaseConfig config = config(Map.of("DB_URL", "postgresql://edu:p%40ss@db.internal:6543/courses?search_path=edu_a1&sslmode=require",
        "DB_CONNECT_TIMEOUT", "1500ms"));
    assertEquals(Dialect.POSTGRESQL, config.dialect());
    assertEquals("edu", config.user());
    assertEquals("p@ss", config.password());
    assertEquals("edu_a1", config.schema());
    assertEquals("jdbc:postgresql://db.internal:6543/courses?connectTimeout=2&sslmode=require", config.jdbcUrl());
    assertEquals(new PostgresUrl("db.internal", 6543, "courses", "edu", "p@ss", "edu_a1", "require"), config.postgresUrl());
  }

  @Test
  void thePostgresSchemeAndTheDefaultPortAreAccepted() {
    DatabaseConfig config = config(Map.of("DB_URL", "postgres://db/edu", "DB_USER", "svc", "DB_PASSWORD", "from-secret"));
    assertEquals(Dialect.POSTGRESQL, config.dialect());
    assertEquals("svc", config.user());
    assertEquals("from-secret", config.password());
    assertEquals("jdbc:postgresql://db:5432/edu?connectTimeout=5", config.jdbcUrl());
  }

  @Test
  void dbUserAndDbPasswordWinOverTheUrlsUserInfo() {
    DatabaseConfig config = config(Map.of("DB_URL", "postgresql://url-user:url-pw@db/edu", "DB_USER", "env-user",
        "DB_PASSWORD", "env-pw"));
    assertEquals("env-user", config.user());
    assertEquals("env-pw", config.password());
  }

  @Test
  void thePasswordNeverShowsInTextForm() {
    DatabaseConfig h2 = config(Map.of("DB_URL", "jdbc:h2:file:./data/x;PASSWORD=inline-secret", "DB_PASSWORD", "env-secret"));
    assertFalse(h2.toString().contains("env-secret"), h2.toString());
    assertFalse(h2.toString().contains("inline-secret"), h2.toString());
    DatabaseConfig pg = config(Map.of("DB_URL", "postgresql://edu:url-secret@db/edu"));
    assertFalse(pg.toString().contains("url-secret"), pg.toString());
    assertFalse(pg.postgresUrl().toString().contains("url-secret"), pg.postgresUrl().toString());
    assertEquals("postgresql://***@db/edu", DatabaseConfig.redact("postgresql://edu:pw@db/edu"));
    assertEquals("postgresql://db/edu?password=***&sslmode=require", DatabaseConfig.redact("postgresql://db/edu?password=pw&sslmode=require"));
  }

  @Test
  void badValuesFailNamingTheVariable() {
    assertEquals("DB_URL", failingVariable(Map.of("DB_URL", "jdbc:mysql://db/edu")));
    assertEquals("DB_URL", failingVariable(Map.of("DB_URL", "jdbc:h2:mem:;DB_CLOSE_DELAY=-1")));
    assertEquals("DB_URL", failingVariable(Map.of("DB_URL", "postgresql://edu@/edu")));
    assertEquals("DB_URL", failingVariable(Map.of("DB_URL", "postgresql://edu@db")));
    assertEquals("DB_URL", failingVariable(Map.of("DB_URL", "postgresql://edu@db/edu?search_path=Bad-Schema")));
    assertEquals("DB_URL", failingVariable(Map.of("DB_URL", "postgresql://edu@db/edu?application_name=x")));
    assertEquals("DB_USER", failingVariable(Map.of("DB_URL", "postgresql://db/edu")));
    assertEquals("DB_POOL_SIZE", failingVariable(Map.of("DB_POOL_SIZE", "0")));
    assertEquals("DB_CONNECT_TIMEOUT", failingVariable(Map.of("DB_CONNECT_TIMEOUT", "0")));
    assertEquals("DB_QUERY_TIMEOUT", failingVariable(Map.of("DB_QUERY_TIMEOUT", "soon")));
    assertEquals("DB_IDLE_TIMEOUT", failingVariable(Map.of("DB_IDLE_TIMEOUT", "-1s")));
  }

  @Test
  void aMalformedPostgresqlUrlIsReportedWithoutItsPassword() {
    String message = assertThrows(ConfigException.class,
        () -> config(Map.of("DB_URL", "postgresql://edu:hunter2@db/edu?sslmode=sometimes"))).getMessage();
    assertTrue(message.contains("sslmode"), message);
    assertFalse(message.contains("hunter2"), message);
  }

  @Test
  void theInsertUnlessPresentStatementIsTheOneDialectDifference() {
    List<String> columns = List.of("user_id", "course_id");
    assertEquals("INSERT INTO enrollments (user_id, course_id) VALUES (#{user_id}, #{course_id})",
        Dialect.H2.insertIfAbsent("enrollments", columns));
    assertEquals("INSERT INTO enrollments (user_id, course_id) VALUES (#{user_id}, #{course_id}) ON CONFLICT DO NOTHING",
        Dialect.POSTGRESQL.insertIfAbsent("enrollments", columns));
  }
}
