package dev.vertxelastic.game;

import dev.vertxelastic.platform.testing.Await;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.Map;

import static dev.vertxelastic.game.TestPlayer.playerIn;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** How sessions live: waiting, running once two players are in, ended after the match, when left empty, or on a stop. */
@ExtendWith(VertxExtension.class)
class SessionLifecycleTest {

  @Test
  void aGameIsCreatedJoinedPlayedAndEndsAfterGameMatchSecondsWithTheScores(Vertx vertx) throws Exception {
    try (GameService service = GameService.start(vertx, Map.of("GAME_MATCH_SECONDS", "600"))) {
      JsonObject created = service.createGame("host", 2);
      assertEquals("waiting", created.getString("state"));
      String id = created.getString("id");
      TestPlayer ada = service.join(id, "ada");
      ada.awaitType("welcome");
      ada.chaseItems("ada");
      TestPlayer bob = service.join(id, "bob");
      bob.awaitType("welcome");
      ada.awaitState("running state", f -> "running".equals(f.getString("phase")));
      assertEquals("running", service.get("/api/games/" + id).bodyAsJsonObject().getString("state"));
      JsonObject scored = ada.awaitState("state where ada scored", f -> playerIn(f, "ada").getInteger("score") >= 1);

      service.clock.skip(Duration.ofSeconds(570));
      ada.awaitState("state of the last 30 seconds", f -> f.getDouble("remainingSeconds") <= 30);
      assertEquals("running", service.get("/api/games/" + id).bodyAsJsonObject().getString("state"));
      service.clock.skip(Duration.ofSeconds(30));
      JsonObject ended = ada.awaitType("ended");
      assertEquals("time-up", ended.getString("reason"));
      JsonArray scores = ended.getJsonArray("scores");
      assertEquals(2, scores.size());
      assertTrue(scores.getJsonObject(0).getInteger("score") >= scores.getJsonObject(1).getInteger("score"), scores.encode());
      JsonObject adaScore = scores.stream().map(JsonObject.class::cast).filter(s -> "ada".equals(s.getString("id"))).findFirst().orElseThrow();
      assertTrue(adaScore.getInteger("score") >= playerIn(scored, "ada").getInteger("score"), scores.encode());
      assertEquals("name-ada", adaScore.getString("name"));
      assertEquals(scores, bob.awaitType("ended").getJsonArray("scores"));
      assertEquals(1000, ada.awaitClose());
      assertEquals(1000, bob.awaitClose());
      assertEquals("ended", service.get("/api/games/" + id).bodyAsJsonObject().getString("state"));
      assertEquals(409, service.refused("/ws/games/" + id + "?token=" + service.token("cyd")).getStatus());
    }
  }

  @Test
  void quickMatchSendsNoNewcomerIntoAMatchThatEndsBeforeTheirSeatHoldWould(Vertx vertx) throws Exception {
    try (GameService service = GameService.start(vertx, Map.of("GAME_MATCH_SECONDS", "600", "GAME_SEAT_HOLD", "15s"))) {
      String id = service.createGame("host", 8).getString("id");
      TestPlayer ada = service.join(id, "ada");
      ada.awaitType("welcome");
      service.join(id, "bob").awaitType("welcome");
      ada.awaitState("running state", f -> "running".equals(f.getString("phase")));
      assertEquals(id, quickMatch(service, "cyd").getString("id"), "a match with time left takes a newcomer");

      service.clock.skip(Duration.ofSeconds(590));
      JsonObject late = quickMatch(service, "dan");
      assertFalse(id.equals(late.getString("id")), "a match 10 s from its end took a newcomer: " + late.encode());
    }
  }

  static JsonObject quickMatch(GameService service, String user) throws Exception {
    var response = service.post("/api/games/quick-match", service.token(user), null, null);
    assertTrue(response.statusCode() == 200 || response.statusCode() == 201, response.bodyAsString());
    return response.bodyAsJsonObject();
  }

  @Test
  void aSessionStaysWaitingWithOnePlayerAndRunsWhenTheSecondConnects(Vertx vertx) throws Exception {
    try (GameService service = GameService.start(vertx, Map.of())) {
      String id = service.createGame("host", 4).getString("id");
      TestPlayer ada = service.join(id, "ada");
      ada.awaitType("welcome");
      JsonObject alone = ada.awaitType("state");
      assertEquals("waiting", alone.getString("phase"));
      assertFalse(alone.containsKey("remainingSeconds"), alone.encode());
      service.join(id, "bob").awaitType("welcome");
      JsonObject running = ada.awaitState("running state", f -> "running".equals(f.getString("phase")));
      assertEquals(120.0, running.getDouble("remainingSeconds"), 1.0);
    }
  }

  @Test
  void aSessionLeftEmptyEndsAfterTheEmptyTimeout(Vertx vertx) throws Exception {
    try (GameService service = GameService.start(vertx, Map.of("GAME_EMPTY_TIMEOUT", "30s", "GAME_RECONNECT_GRACE", "10s"))) {
      String id = service.createGame("host", 2).getString("id");
      TestPlayer ada = service.join(id, "ada");
      ada.awaitType("welcome");
      Await.result(ada.socket.close());
      // Skip only once the server has seen her leave: her grace runs from then.
      Await.until("ada away", () -> service.get("/api/games/" + id).bodyAsJsonObject().getInteger("players") == 0);
      service.clock.skip(Duration.ofSeconds(10));
      Await.until("ada's seat lapsed after the grace", () -> service.get("/api/games/capacity").bodyAsJsonObject().getInteger("players") == 0);
      assertEquals("waiting", service.get("/api/games/" + id).bodyAsJsonObject().getString("state"), "ended before the empty timeout");
      service.clock.skip(Duration.ofSeconds(30));
      Await.until("the empty session's end",
          () -> "ended".equals(service.get("/api/games/" + id).bodyAsJsonObject().getString("state")));
      assertEquals(0.0, GameService.sample(service.metrics(), "game_sessions_active"));
    }
  }

  @Test
  void stoppingTheInstanceEndsAWaitingSessionAtOnceAndTellsItsPlayerToMatchAgain(Vertx vertx) throws Exception {
    GameService service = GameService.start(vertx, Map.of());
    String id = service.createGame("host", 2).getString("id");
    TestPlayer ada = service.join(id, "ada");
    ada.awaitType("welcome");
    service.close();
    JsonObject ended = ada.awaitType("ended");
    assertEquals("server-draining", ended.getString("reason"));
    assertEquals("ada", ended.getJsonArray("scores").getJsonObject(0).getString("id"));
    assertEquals(1001, ada.awaitClose());
  }
}
