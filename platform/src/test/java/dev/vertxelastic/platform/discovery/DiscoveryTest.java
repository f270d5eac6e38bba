package dev.vertxelastic.platform.discovery;

import dev.vertxelastic.platform.config.ConfigException;
import dev.vertxelastic.platform.config.Env;
import dev.vertxelastic.platform.testing.Await;
import io.vertx.core.Context;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@ExtendWith(VertxExtension.class)
class DiscoveryTest {

  @AfterEach
  void closeControlPlane() throws Exception {
    Await.result(LocalDiscovery.closeShared());
  }

  @Test
  void staticUpstreamsGroupSegmentsThatShareUrlsIntoOneService(Vertx vertx) throws Exception {
    ServiceRegistry registry = ServiceRegistry.fromEnv(vertx, Env.of(Map.of("DISCOVERY", "static", "GATEWAY_UPSTREAMS",
        "courses=http://127.0.0.1:8081,learners=http://127.0.0.1:8081,games=game-1@http://127.0.0.1:8082|http://127.0.0.1:8083")));
    Await.result(registry.start());
    Map<String, Route> routes = registry.routes();
    assertEquals(List.of("courses", "games", "learners"), routes.keySet().stream().sorted().toList());
    assertEquals("courses+learners", routes.get("courses").service());
    assertEquals(routes.get("courses").service(), routes.get("learners").service());
    List<Endpoint> games = routes.get("games").endpoints();
    assertEquals(List.of("127.0.0.1-8083", "game-1"), games.stream().map(Endpoint::instance).toList());
    assertTrue(games.stream().allMatch(Endpoint::ready));
    Await.result(registry.close());
  }

  @Test
  void malformedUpstreamsFailWithTheVariableNamed() {
    for (String bad : List.of("courses", "courses=ftp://x:1", "courses=http://h:1,courses=http://h:2", "Courses=http://h:1")) {
      ConfigException e = assertThrows(ConfigException.class, () -> StaticUpstreams.parse(bad), bad);
      assertTrue(e.getMessage().startsWith("Invalid configuration: GATEWAY_UPSTREAMS="), e.getMessage());
    }
  }

  @Test
  void theLocalRegistryCompletesItsStartOnTheCallersContext(Vertx vertx) {
    // The local plane runs on a Vert.x of its own: what the caller chains on start() must not run there.
    ServiceRegistry registry = ServiceRegistry.fromEnv(vertx, Env.of(Map.of("DISCOVERY", "local")));
    Context caller = vertx.getOrCreateContext();
    Promise<Context> continuedOn = Promise.promise();
    caller.runOnContext(v -> registry.start().onComplete(started -> continuedOn.complete(Vertx.currentContext())));

    assertSame(caller, Await.result(continuedOn.future()));
    Await.result(registry.close());
  }

  @Test
  void theLocalRegistryFollowsPublicationsReadinessAndRemovals(Vertx vertx) throws Exception {
    LocalDiscovery plane = LocalDiscovery.shared();
    ServiceRegistry registry = ServiceRegistry.fromEnv(vertx, Env.of(Map.of("DISCOVERY", "local")));
    Await.result(registry.start());
    assertTrue(registry.routes().isEmpty());

    LocalDiscovery.Publication game1 = Await.result(plane.publish("game-session-service", "game-1", "127.0.0.1", 8082, List.of("games")));
    Await.until("game-1 listed", () -> registry.route("games").map(r -> r.endpoints().size() == 1).orElse(false));
    assertTrue(registry.route("games").orElseThrow().ready().isEmpty(), "a new instance starts not ready");

    Await.result(game1.update(true, true));
    Await.until("game-1 ready", () -> registry.route("games").orElseThrow().ready().size() == 1);

    LocalDiscovery.Publication game2 = Await.result(plane.publish("game-session-service", "game-2", "127.0.0.1", 8083, List.of("games")));
    Await.result(game2.update(true, true));
    Await.until("game-2 ready", () -> registry.route("games").orElseThrow().ready().size() == 2);

    Await.result(game1.update(false, true));
    Await.until("game-1 draining: serving but not ready",
        () -> registry.route("games").orElseThrow().ready().stream().map(Endpoint::instance).toList().equals(List.of("game-2")));
    assertTrue(registry.route("games").orElseThrow().endpoints().stream().anyMatch(e -> e.instance().equals("game-1") && e.serving()));

    Await.result(game1.unpublish());
    Await.result(game2.unpublish());
    Await.until("games route removed", () -> registry.route("games").isEmpty());
    Await.result(registry.close());
  }
}
