package dev.vertxelastic.edu.db;

import dev.vertxelastic.platform.config.ConfigException;
import dev.vertxelastic.platform.config.Env;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Reading the database variables. */
class DatabaseConfigTest {

  @Test
  void defaultsToAnEmbeddedH2FileWithEightConnections() {
    DatabaseConfig config = DatabaseConfig.fromEnv(Env.of(Map.of()));
    assertEquals(new DatabaseConfig(DatabaseConfig.DEFAULT_URL, "sa", "", 8), config);
    assertTrue(config.url().startsWith("jdbc:h2:file:"));
  }

  @Test
  void thePasswordNeverShowsInTextForm() {
    DatabaseConfig config = DatabaseConfig.fromEnv(Env.of(Map.of(
        "DB_URL", "jdbc:h2:file:./data/x;PASSWORD=inline-secret", "DB_PASSWORD", "env-secret", "DB_POOL_SIZE", "3")));
    assertEquals(3, config.poolSize());
    assertFalse(config.toString().contains("env-secret"), config.toString());
    assertFalse(config.toString().contains("inline-secret"), config.toString());
    assertEquals("postgresql://***@db/edu", DatabaseConfig.redact("postgresql://edu:pw@db/edu"));
  }

  @Test
  void badValuesFailNamingTheVariable() {
    assertTrue(assertThrows(ConfigException.class, () -> DatabaseConfig.fromEnv(Env.of(Map.of("DB_URL", "jdbc:mysql://db/edu"))))
        .getMessage().contains("DB_URL"));
    assertTrue(assertThrows(ConfigException.class, () -> DatabaseConfig.fromEnv(Env.of(Map.of("DB_URL", "jdbc:h2:mem:;DB_CLOSE_DELAY=-1"))))
        .getMessage().contains("DB_URL"));
    assertTrue(assertThrows(ConfigException.class, () -> DatabaseConfig.fromEnv(Env.of(Map.of("DB_POOL_SIZE", "0"))))
        .getMessage().contains("DB_POOL_SIZE"));
  }
}
