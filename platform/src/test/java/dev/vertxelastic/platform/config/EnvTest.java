package dev.vertxelastic.platform.config;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EnvTest {

  enum Mode { LOCAL, STATIC }

  @Test
  void defaultsApplyWhenVariablesAreUnsetOrBlank() {
    Env env = Env.of(Map.of("HTTP_PORT", "  "));
    assertEquals(8080, env.port("HTTP_PORT", 8080));
    assertEquals(Duration.ofSeconds(20), env.duration("SHUTDOWN_TIMEOUT", Duration.ofSeconds(20)));
    assertEquals(Mode.LOCAL, env.oneOf("DISCOVERY", Mode.class, Mode.LOCAL));
  }

  @Test
  void aMalformedPortFailsWithOneLineNamingTheVariable() {
    ConfigException e = assertThrows(ConfigException.class, () -> Env.of(Map.of("HTTP_PORT", "80a")).port("HTTP_PORT", 8080));
    assertEquals("Invalid configuration: HTTP_PORT='80a' is not a port number (0-65535)", e.getMessage());
    assertThrows(ConfigException.class, () -> Env.of(Map.of("HTTP_PORT", "70000")).port("HTTP_PORT", 8080));
  }

  @Test
  void durationsAcceptUnitsAndRejectGarbage() {
    Env env = Env.of(Map.of("A", "500ms", "B", "30s", "C", "2m", "D", "250", "E", "soon", "F", "12h"));
    assertEquals(Duration.ofMillis(500), env.duration("A", Duration.ZERO));
    assertEquals(Duration.ofSeconds(30), env.duration("B", Duration.ZERO));
    assertEquals(Duration.ofMinutes(2), env.duration("C", Duration.ZERO));
    assertEquals(Duration.ofMillis(250), env.duration("D", Duration.ZERO));
    assertEquals(Duration.ofHours(12), env.duration("F", Duration.ZERO));
    ConfigException e = assertThrows(ConfigException.class, () -> env.duration("E", Duration.ZERO));
    assertTrue(e.getMessage().startsWith("Invalid configuration: E='soon'"), e.getMessage());
  }

  @Test
  void enumValuesAreCheckedAndTheChoicesListed() {
    ConfigException e = assertThrows(ConfigException.class, () -> Env.of(Map.of("DISCOVERY", "consul")).oneOf("DISCOVERY", Mode.class, Mode.LOCAL));
    assertEquals("Invalid configuration: DISCOVERY='consul' must be one of local, static", e.getMessage());
    assertEquals(Mode.STATIC, Env.of(Map.of("DISCOVERY", "Static")).oneOf("DISCOVERY", Mode.class, Mode.LOCAL));
  }

  @Test
  void integersAreBoundedAndBooleansStrict() {
    assertThrows(ConfigException.class, () -> Env.of(Map.of("N", "0")).integer("N", 5, 1, 10));
    assertEquals(7, Env.of(Map.of("N", "7")).integer("N", 5, 1, 10));
    assertThrows(ConfigException.class, () -> Env.of(Map.of("B", "maybe")).bool("B", false));
  }

  @Test
  void instanceIdFallsBackToHostnameAndIsValidated() {
    assertEquals("edu-7d9f", Env.of(Map.of("HOSTNAME", "edu-7d9f")).instanceId("x"));
    assertEquals("edu-1", Env.of(Map.of("HOSTNAME", "pod", "INSTANCE_ID", "edu-1")).instanceId("x"));
    assertEquals("fallback", Env.of(Map.of()).instanceId("fallback"));
    ConfigException e = assertThrows(ConfigException.class, () -> Env.of(Map.of("INSTANCE_ID", "a b")).instanceId("x"));
    assertTrue(e.getMessage().contains("INSTANCE_ID"));
  }
}
