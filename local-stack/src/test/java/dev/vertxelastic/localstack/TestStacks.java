package dev.vertxelastic.localstack;

import dev.vertxelastic.platform.testing.Await;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/** Starts a local stack for a test: ephemeral ports, its own in-memory database, short drains. */
final class TestStacks {

  private TestStacks() {
  }

  /**
   * {@code name} names the database and the secret; {@code overrides} replace or add variables.
   * The in-memory database outlives a course instance (as a real database would) until the JVM ends.
   */
  static LocalStack start(String name, int courses, int games, Map<String, String> overrides) throws Exception {
    Map<String, String> env = new HashMap<>(Map.of(
        "DB_URL", "jdbc:h2:mem:" + name + "-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1",
        "SHUTDOWN_TIMEOUT", "2s",
        "GAME_DRAIN_DEADLINE", "2s",
        "GATEWAY_CONNECTION_CLOSE_PERIOD", "200ms",
        "JWT_SECRET", name + "-test-secret-of-at-least-32-characters"));
    env.putAll(overrides);
    return Await.result(LocalStack.start(LocalStack.Options.forTests(courses, games, env)));
  }
}
