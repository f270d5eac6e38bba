package dev.vertxelastic.game;

import dev.vertxelastic.platform.testing.Await;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.UpgradeRejectedException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An instance at its limits stays ready (a ReplicaSet deletes not-ready pods first, and a full pod is the busiest)
 * and refuses newcomers with a 503 problem, so the gateway, which reads each instance's capacity, places them elsewhere.
 */
@ExtendWith(VertxExtension.class)
class CapacityTest {

  static JsonObject capacity(GameService service) throws Exception {
    HttpResponse<Buffer> r = service.get("/api/games/capacity");
    assertEquals(200, r.statusCode(), r.bodyAsString());
    return r.bodyAsJsonObject();
  }

  static void assertRefused(HttpResponse<Buffer> response, String detail) {
    JsonObject problem = GamesApiTest.assertProblem(response, 503);
    assertEquals("5", response.getHeader("Retry-After"));
    assertTrue(problem.getString("detail").contains(detail), problem.encode());
  }

  @Test
  void atMaxSessionsNewGamesAre503UntilOneEndsWhileTheInstanceStaysReady(Vertx vertx) throws Exception {
    try (GameService service = GameService.start(vertx, Map.of("GAME_MAX_SESSIONS", "2", "GAME_MAX_PLAYERS", "400", "GAME_EMPTY_TIMEOUT", "10s"))) {
      assertEquals(new JsonObject().put("instance", GameService.INSTANCE).put("sessions", 0).put("maxSessions", 2)
          .put("players", 0).put("maxPlayers", 400).put("sessionRoom", 2).put("playerRoom", 400)
          .put("draining", false).put("accepting", true), capacity(service));
      service.createGame("u1", 2);
      service.createGame("u2", 2);

      assertRefused(service.post("/api/games", service.token("u3"), null, null), "2 of 2 sessions");
      assertEquals(200, service.get("/health/ready").statusCode());
      JsonObject full = capacity(service);
      assertEquals(0, full.getInteger("sessionRoom"));
      assertEquals(false, full.getBoolean("accepting"));
      // A player still finds a seat in a game that has room.
      HttpResponse<Buffer> matched = service.post("/api/games/quick-match", service.token("p1"), null, null);
      assertEquals(200, matched.statusCode(), matched.bodyAsString());

      // The game nobody is in ends after the empty timeout (the other still holds p1's seat, for 15 s), and the instance accepts again.
      service.clock.skip(Duration.ofSeconds(10));
      Await.until("room again", () -> capacity(service).getBoolean("accepting"));
      assertEquals(1, capacity(service).getInteger("sessions"));
    }
  }

  @Test
  void atMaxPlayersNewcomersAre503ButMatchedPlayersStillConnectAndTheInstanceStaysReady(Vertx vertx) throws Exception {
    try (GameService service = GameService.start(vertx, Map.of("GAME_MAX_PLAYERS", "2"))) {
      String id = service.post("/api/games/quick-match", service.token("p1"), null, null).bodyAsJsonObject().getString("id");
      assertEquals(id, service.post("/api/games/quick-match", service.token("p2"), null, null).bodyAsJsonObject().getString("id"));

      assertRefused(service.post("/api/games/quick-match", service.token("p3"), null, null), "2 of 2 players");
      assertRefused(service.post("/api/games", service.token("p3"), null, null), "2 of 2 players");
      UpgradeRejectedException newcomer = service.refused("/ws/games/" + id + "?token=" + service.token("p3"));
      assertEquals(503, newcomer.getStatus());
      assertEquals("5", newcomer.getHeaders().get("Retry-After"));
      assertEquals(200, service.get("/health/ready").statusCode());

      TestPlayer p1 = service.join(id, "p1");
      TestPlayer p2 = service.join(id, "p2");
      p1.awaitType("welcome");
      p2.awaitType("welcome");
      p1.awaitState("running state", f -> "running".equals(f.getString("phase")));
      JsonObject full = capacity(service);
      assertEquals(2, full.getInteger("players"));
      assertEquals(0, full.getInteger("playerRoom"));
    }
  }
}
