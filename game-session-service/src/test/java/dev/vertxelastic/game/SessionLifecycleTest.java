package dev.vertxelastic.game;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/** How sessions end: after the match length, when left empty, and when the instance stops. */
@ExtendWith(VertxExtension.class)
class SessionLifecycleTest {

  @Test
  void aMatchEndsAfterGameMatchSecondsWithTheScores(Vertx vertx) throws Exception {
    try (GameService service = GameService.start(vertx, Map.of("GAME_MATCH_SECONDS", "1"))) {
      String id = service.createGame("host", 2).getString("id");
      TestPlayer ada = service.join(id, "ada");
      TestPlayer bob = service.join(id, "bob");
      ada.awaitType("welcome");
      ada.await("running state", f -> "running".equals(f.getString("phase")));
      JsonObject ended = ada.awaitType("ended");
      assertEquals("time-up", ended.getString("reason"));
      JsonArray scores = ended.getJsonArray("scores");
      assertEquals(2, scores.size());
      assertTrue(scores.getJsonObject(0).getInteger("score") >= scores.getJsonObject(1).getInteger("score"));
      assertEquals("time-up", bob.awaitType("ended").getString("reason"));
      assertEquals(1000, ada.awaitClose());
      assertEquals("ended", service.get("/api/games/" + id).bodyAsJsonObject().getString("state"));
      assertEquals(409, service.refused("/ws/games/" + id + "?token=" + service.token("cyd")).getStatus());
    }
  }

  @Test
  void aSessionLeftEmptyEndsAfterTheEmptyTimeout(Vertx vertx) throws Exception {
    try (GameService service = GameService.start(vertx, Map.of("GAME_EMPTY_TIMEOUT", "300ms"))) {
      String id = service.createGame("host", 2).getString("id");
      TestPlayer ada = service.join(id, "ada");
      ada.awaitType("welcome");
      GameService.await(ada.socket.close());
      long deadline = System.nanoTime() + TestPlayer.WAIT.toNanos();
      while (!"ended".equals(service.get("/api/games/" + id).bodyAsJsonObject().getString("state"))) {
        if (System.nanoTime() > deadline) {
          fail("the empty session did not end within " + TestPlayer.WAIT);
        }
        GameService.await(Future.<Void>future(p -> vertx.setTimer(50, t -> p.complete())));
      }
      assertEquals(0.0, GameService.sample(service.metrics(), "game_sessions_active"));
    }
  }

  @Test
  void stoppingTheInstanceEndsEverySessionWithReasonShutdown(Vertx vertx) throws Exception {
    GameService service = GameService.start(vertx, Map.of());
    String id = service.createGame("host", 2).getString("id");
    TestPlayer ada = service.join(id, "ada");
    ada.awaitType("welcome");
    service.close();
    assertEquals("shutdown", ada.awaitType("ended").getString("reason"));
    assertEquals(1000, ada.awaitClose());
  }
}
