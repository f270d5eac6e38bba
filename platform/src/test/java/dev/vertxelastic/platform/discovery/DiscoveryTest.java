package dev.vertxelastic.platform.discovery;

import dev.vertxelastic.platform.config.ConfigException;
import dev.vertxelastic.platform.config.Env;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

@ExtendWith(VertxExtension.class)
class DiscoveryTest {

  @AfterEach
  void closeControlPlane() throws Exception {
    LocalDiscovery.closeShared().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  static <T> T await(io.vertx.core.Future<T> f) throws Exception {
    return f.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  static void eventually(BooleanSupplier condition, String what) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        fail("not within 5 s: " + what);
      }
      TimeUnit.MILLISECONDS.sleep(10);
    }
  }

  @Test
  void staticUpstreamsGroupSegmentsThatShareUrlsIntoOneService(Vertx vertx) throws Exception {
    ServiceRegistry registry = ServiceRegistry.fromEnv(vertx, Env.of(Map.of("DISCOVERY", "static", "GATEWAY_UPSTREAMS",
        "courses=http://127.0.0.1:8081,learners=http://127.0.0.1:8081,games=game-1@http://127.0.0.1:8082|http://127.0.0.1:8083")));
    await(registry.start());
    Map<String, Route> routes = registry.routes();
    assertEquals(List.of("courses", "games", "learners"), routes.keySet().stream().sorted().toList());
    assertEquals("courses+learners", routes.get("courses").service());
    assertEquals(routes.get("courses").service(), routes.get("learners").service());
    List<Endpoint> games = routes.get("games").endpoints();
    assertEquals(List.of("127.0.0.1-8083", "game-1"), games.stream().map(Endpoint::instance).toList());
    assertTrue(games.stream().allMatch(Endpoint::ready));
    await(registry.close());
  }

  @Test
  void malformedUpstreamsFailWithTheVariableNamed() {
    for (String bad : List.of("courses", "courses=ftp://x:1", "courses=http://h:1,courses=http://h:2", "Courses=http://h:1")) {
      ConfigException e = assertThrows(ConfigException.class, () -> StaticUpstreams.parse(bad), bad);
      assertTrue(e.getMessage().startsWith("Invalid configuration: GATEWAY_UPSTREAMS="), e.getMessage());
    }
  }

  @Test
  void theLocalRegistryFollowsPublicationsReadinessAndRemovals(Vertx vertx) throws Exception {
    LocalDiscovery plane = LocalDiscovery.shared();
    ServiceRegistry registry = ServiceRegistry.fromEnv(vertx, Env.of(Map.of("DISCOVERY", "local")));
    await(registry.start());
    assertTrue(registry.routes().isEmpty());

    LocalDiscovery.Publication game1 = await(plane.publish("game-session-service", "game-1", "127.0.0.1", 8082, List.of("games")));
    eventually(() -> registry.route("games").map(r -> r.endpoints().size() == 1).orElse(false), "game-1 listed");
    assertTrue(registry.route("games").orElseThrow().ready().isEmpty(), "a new instance starts not ready");

    await(game1.update(true, true));
    eventually(() -> registry.route("games").orElseThrow().ready().size() == 1, "game-1 ready");

    LocalDiscovery.Publication game2 = await(plane.publish("game-session-service", "game-2", "127.0.0.1", 8083, List.of("games")));
    await(game2.update(true, true));
    eventually(() -> registry.route("games").orElseThrow().ready().size() == 2, "game-2 ready");

    await(game1.update(false, true));
    eventually(() -> registry.route("games").orElseThrow().ready().stream().map(Endpoint::instance).toList().equals(List.of("game-2")),
        "game-1 draining: serving but not ready");
    assertTrue(registry.route("games").orElseThrow().endpoints().stream().anyMatch(e -> e.instance().equals("game-1") && e.serving()));

    await(game1.unpublish());
    await(game2.unpublish());
    eventually(() -> registry.route("games").isEmpty(), "games route removed");
    await(registry.close());
  }
}
