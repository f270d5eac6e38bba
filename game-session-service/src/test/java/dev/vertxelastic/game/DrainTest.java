package dev.vertxelastic.game;

import dev.vertxelastic.platform.testing.Await;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.UpgradeRejectedException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Scaling down never drops a live game: a draining instance is not ready, admits no one new, lets
 * running matches finish up to its deadline, and only then ends the rest with {@code server-shutdown}.
 */
@ExtendWith(VertxExtension.class)
class DrainTest {

  /** The default {@code GAME_MATCH_SECONDS}: the tests skip the sessions' clock over a whole match. */
  static final Duration MATCH_LENGTH = Duration.ofSeconds(120);

  static JsonObject drain(GameService service) throws Exception {
    HttpResponse<Buffer> r = service.management(HttpMethod.POST, "/admin/drain");
    assertEquals(202, r.statusCode(), r.bodyAsString());
    return r.bodyAsJsonObject();
  }

  static JsonObject progress(GameService service) throws Exception {
    return service.management(HttpMethod.GET, "/admin/drain").bodyAsJsonObject();
  }

  static void assertDraining(HttpResponse<Buffer> response) {
    JsonObject problem = GamesApiTest.assertProblem(response, 503);
    assertEquals("1", response.getHeader("Retry-After"));
    assertTrue(problem.getString("detail").contains("draining"), problem.encode());
  }

  @Test
  void drainIsOnlyOnTheManagementPortWhileHealthAndMetricsAreOnBoth(Vertx vertx) throws Exception {
    try (GameService service = GameService.start(vertx, Map.of())) {
      assertEquals(404, service.post("/admin/drain", null, null, null).statusCode(), "the public port must not drain");
      assertEquals(404, service.get("/admin/drain").statusCode());
      assertFalse(progress(service).getBoolean("draining"));
      for (String path : List.of("/health/live", "/health/ready", "/metrics")) {
        assertEquals(200, service.get(path).statusCode(), path);
        assertEquals(200, service.management(HttpMethod.GET, path).statusCode(), path);
      }
      assertEquals(404, service.management(HttpMethod.GET, "/api/games").statusCode(), "the API is not on the management port");
    }
  }

  @Test
  void drainWaitsForRunningSessionsToEndAndRefusesNewOnesMeanwhile(Vertx vertx) throws Exception {
    try (GameService service = GameService.start(vertx, Map.of("GAME_DRAIN_DEADLINE", "30s"))) {
      assertEquals(false, progress(service).getBoolean("draining"));
      GameService.Game one = service.runningGame("ada", "bob");
      GameService.Game two = service.runningGame("cyd", "dan");

      JsonObject started = drain(service);
      assertTrue(started.getBoolean("draining"));
      assertEquals(2, started.getInteger("sessionsLeft"));
      assertEquals(4, started.getInteger("playersLeft"));
      assertEquals(0, started.getInteger("dropped"));
      assertFalse(started.getBoolean("completed"));
      assertTrue(started.getString("deadline").endsWith("Z"), started.encode());

      HttpResponse<Buffer> ready = service.get("/health/ready");
      assertEquals(503, ready.statusCode());
      assertTrue(ready.bodyAsString().contains("draining"), ready.bodyAsString());
      assertDraining(service.post("/api/games", service.token("eve"), null, null));
      assertDraining(service.post("/api/games/quick-match", service.token("eve"), null, null));
      UpgradeRejectedException newcomer = service.refused("/ws/games/" + one.id() + "?token=" + service.token("eve"));
      assertEquals(503, newcomer.getStatus());
      assertEquals(List.of(), service.get("/api/games").bodyAsJsonObject().getJsonArray("items").getList());

      // A player whose connection drops during the drain still gets their seat back.
      Await.result(two.second().socket.close());
      TestPlayer danAgain = service.join(two.id(), "dan");
      assertTrue(danAgain.awaitType("welcome").getBoolean("resumed"));
      assertFalse(progress(service).getBoolean("completed"));

      service.clock.skip(MATCH_LENGTH);
      for (TestPlayer player : List.of(one.first(), one.second(), two.first(), danAgain)) {
        assertEquals("time-up", player.awaitType("ended").getString("reason"));
      }
      Await.result(service.runtime.verticle().drained());
      JsonObject done = progress(service);
      assertEquals(0, done.getInteger("sessionsLeft"));
      assertEquals(0, done.getInteger("playersLeft"));
      assertEquals(0, done.getInteger("dropped"));
      assertTrue(done.getBoolean("completed"));
      assertEquals(0.0, GameService.sample(service.metrics(), "game_sessions_dropped_total"));
    }
  }

  @Test
  void atTheDrainDeadlineTheSessionsLeftEndWithServerShutdownAndCountAsDropped(Vertx vertx) throws Exception {
    try (GameService service = GameService.start(vertx, Map.of("GAME_DRAIN_DEADLINE", "500ms"))) {
      GameService.Game one = service.runningGame("ada", "bob");
      GameService.Game two = service.runningGame("cyd", "dan");

      drain(service);
      for (TestPlayer player : List.of(one.first(), one.second(), two.first(), two.second())) {
        JsonObject ended = player.awaitType("ended");
        assertEquals("server-shutdown", ended.getString("reason"));
        assertEquals(2, ended.getJsonArray("scores").size());
        assertEquals(1001, player.awaitClose());
      }
      Await.result(service.runtime.verticle().drained());
      JsonObject done = progress(service);
      assertEquals(2, done.getInteger("dropped"));
      assertTrue(done.getBoolean("completed"));
      assertEquals(2.0, GameService.sample(service.metrics(), "game_sessions_dropped_total"));
      assertEquals(503, service.get("/health/ready").statusCode());
    }
  }

  @Test
  void aDrainEndsWaitingGamesNobodyIsComingToAtOnceWithoutCountingThem(Vertx vertx) throws Exception {
    try (GameService service = GameService.start(vertx, Map.of())) {
      service.createGame("host", 4);
      String waiting = service.createGame("host", 4).getString("id");
      TestPlayer ada = service.join(waiting, "ada");
      ada.awaitType("welcome");

      drain(service);
      assertEquals("server-draining", ada.awaitType("ended").getString("reason"));
      Await.result(service.runtime.verticle().drained());
      assertEquals(0, progress(service).getInteger("sessionsLeft"));
      assertEquals(0.0, GameService.sample(service.metrics(), "game_sessions_dropped_total"));
    }
  }

  @Test
  void playersMatchedBeforeTheDrainMayStillJoinAndPlayTheirMatch(Vertx vertx) throws Exception {
    try (GameService service = GameService.start(vertx, Map.of("GAME_DRAIN_DEADLINE", "30s"))) {
      String id = service.post("/api/games/quick-match", service.token("ada"), null, null).bodyAsJsonObject().getString("id");
      assertEquals(id, service.post("/api/games/quick-match", service.token("bob"), null, null).bodyAsJsonObject().getString("id"));

      drain(service);
      assertEquals(id, service.post("/api/games/quick-match", service.token("ada"), null, null).bodyAsJsonObject().getString("id"),
          "a matched player asking again keeps their seat");
      assertDraining(service.post("/api/games/quick-match", service.token("eve"), null, null));
      TestPlayer ada = service.join(id, "ada");
      TestPlayer bob = service.join(id, "bob");
      ada.awaitType("welcome");
      bob.awaitType("welcome");
      ada.awaitState("running state", f -> "running".equals(f.getString("phase")));
      service.clock.skip(MATCH_LENGTH);
      assertEquals("time-up", ada.awaitType("ended").getString("reason"));
      assertEquals("time-up", bob.awaitType("ended").getString("reason"));
      Await.result(service.runtime.verticle().drained());
      assertEquals(0, progress(service).getInteger("dropped"));
    }
  }

  @Test
  void stoppingTheInstanceLetsTheRunningMatchFinishBeforeTheServerCloses(Vertx vertx) throws Exception {
    GameService service = GameService.start(vertx, Map.of("GAME_DRAIN_DEADLINE", "30s"));
    GameService.Game game = service.runningGame("ada", "bob");

    Future<Void> stopped = service.runtime.stop();
    Await.until("not ready while stopping", () -> service.get("/health/ready").statusCode() == 503);
    assertDraining(service.post("/api/games", service.token("eve"), null, null));
    assertFalse(stopped.isComplete());

    service.clock.skip(MATCH_LENGTH);
    assertEquals("time-up", game.first().awaitType("ended").getString("reason"));
    assertEquals("time-up", game.second().awaitType("ended").getString("reason"));
    Await.result(stopped);
    assertTrue(service.runtime.verticle().drained().succeeded());
  }
}
