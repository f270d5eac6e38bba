package dev.vertxelastic.game;

import dev.vertxelastic.platform.http.AccessLines;
import dev.vertxelastic.platform.http.Problems;
import dev.vertxelastic.platform.testing.Await;
import io.vertx.core.Vertx;
import io.vertx.core.http.UpgradeRejectedException;
import io.vertx.core.http.WebSocketFrame;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.Map;

import static dev.vertxelastic.game.TestPlayer.playerIn;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Real-time play over real WebSockets on loopback. */
@ExtendWith(VertxExtension.class)
class GamePlayTest {

  GameService service;

  @BeforeEach
  void start(Vertx vertx) throws Exception {
    service = GameService.start(vertx, Map.of());
  }

  @AfterEach
  void stop() throws Exception {
    service.close();
  }

  /** An input that moves a player towards the middle, so the arena's walls cannot hide the move. */
  static JsonObject inputTowardsTheMiddle(JsonObject welcome, int seq) {
    JsonObject you = welcome.getJsonObject("you");
    JsonObject arena = welcome.getJsonObject("arena");
    return new JsonObject().put("type", "input").put("seq", seq)
        .put("dx", you.getDouble("x") < arena.getDouble("width") / 2 ? 1 : -1)
        .put("dy", you.getDouble("y") < arena.getDouble("height") / 2 ? 1 : -1);
  }

  static boolean movedAway(JsonObject state, JsonObject welcome, double distance) {
    JsonObject now = playerIn(state, welcome.getString("playerId"));
    JsonObject then = welcome.getJsonObject("you");
    return now != null && Math.hypot(now.getDouble("x") - then.getDouble("x"), now.getDouble("y") - then.getDouble("y")) > distance;
  }

  @Test
  void twoPlayersAreWelcomedAndEachSeesTheOtherMove() throws Exception {
    String id = service.createGame("host", 4).getString("id");
    TestPlayer ada = service.join(id, "ada");
    TestPlayer bob = service.join(id, "bob");
    JsonObject adaWelcome = ada.awaitType("welcome");
    JsonObject bobWelcome = bob.awaitType("welcome");
    assertEquals("ada", adaWelcome.getString("playerId"));
    assertEquals(id, adaWelcome.getString("sessionId"));
    assertEquals(20, adaWelcome.getInteger("tickRateHz"));
    assertEquals(new JsonObject().put("width", 800.0).put("height", 600.0), adaWelcome.getJsonObject("arena"));
    assertEquals("name-ada", adaWelcome.getJsonObject("you").getString("name"));
    assertFalse(adaWelcome.getBoolean("resumed"));

    ada.send(inputTowardsTheMiddle(adaWelcome, 1));
    bob.send(inputTowardsTheMiddle(bobWelcome, 1));
    JsonObject seenByBob = bob.await("state where ada moved", f -> "state".equals(f.getString("type")) && movedAway(f, adaWelcome, 20));
    JsonObject seenByAda = ada.await("state where bob moved", f -> "state".equals(f.getString("type")) && movedAway(f, bobWelcome, 20));
    assertEquals(2, seenByBob.getJsonArray("players").size());
    assertEquals(5, seenByAda.getJsonArray("items").size());
    assertEquals("running", seenByAda.getString("phase"));
    assertEquals(2, service.get("/api/games/" + id).bodyAsJsonObject().getInteger("players"));
  }

  @Test
  void aJoinWritesOneAccessLineWithStatus101AndItsTraceId() throws Exception {
    try (AccessLines lines = AccessLines.capture()) {
      String id = service.createGame("host", 4).getString("id");
      service.join(id, "ada").awaitType("welcome");
      JsonObject line = lines.await(l -> l.getString("path").equals("/ws/games/" + id), 0);
      assertEquals(101, line.getInteger("status"));
      assertTrue(line.getString("traceId", "").matches("[0-9a-f]{32}"), line.encode());
      assertEquals(1, lines.lines().stream().filter(l -> l.getString("path").equals("/ws/games/" + id)).count(), lines.lines().toString());
    }
  }

  @Test
  void badFramesGetErrorFramesAndThePlayersKeepReceivingState() throws Exception {
    String id = service.createGame("host", 4).getString("id");
    TestPlayer ada = service.join(id, "ada");
    TestPlayer bob = service.join(id, "bob");
    ada.awaitType("welcome");
    bob.awaitType("welcome");

    ada.sendText("{not json");
    assertEquals("bad-json", ada.awaitType("error").getString("code"));
    ada.send(new JsonObject().put("type", "teleport"));
    assertEquals("unknown-type", ada.awaitType("error").getString("code"));
    ada.send(new JsonObject().put("type", "input").put("seq", 1).put("dx", 5).put("dy", 0));
    JsonObject badInput = ada.awaitType("error");
    assertEquals("bad-input", badInput.getString("code"));
    assertTrue(badInput.getString("message").contains("dx"), badInput.encode());
    ada.send(new JsonObject().put("type", "input").put("dx", 0.5));
    JsonObject missing = ada.awaitType("error");
    assertTrue(missing.getString("message").contains("seq") && missing.getString("message").contains("dy"), missing.encode());
    ada.socket.writeBinaryMessage(io.vertx.core.buffer.Buffer.buffer(new byte[] {1, 2, 3}));
    assertEquals("bad-json", ada.awaitType("error").getString("code"));
    String scrape = service.metrics();
    assertEquals(2.0, GameService.sample(scrape, "game_inputs_rejected_total", "reason=\"bad-json\""), scrape);
    assertEquals(1.0, GameService.sample(scrape, "game_inputs_rejected_total", "reason=\"unknown-type\""));
    assertEquals(2.0, GameService.sample(scrape, "game_inputs_rejected_total", "reason=\"bad-input\""));

    assertEquals(2, ada.awaitType("state").getJsonArray("players").size());
    assertEquals(2, bob.awaitType("state").getJsonArray("players").size());
    assertFalse(ada.socket.isClosed());
  }

  @Test
  void aPingIsAnsweredWithAPongCarryingItsTime() throws Exception {
    String id = service.createGame("host", 2).getString("id");
    TestPlayer ada = service.join(id, "ada");
    ada.awaitType("welcome");
    ada.send(new JsonObject().put("type", "ping").put("t", 1234567890123L));
    assertEquals(1234567890123L, ada.awaitType("pong").getLong("t"));
  }

  @Test
  void aTooBigFrameGetsAnErrorFrameAndTheConnectionStays() throws Exception {
    String id = service.createGame("host", 4).getString("id");
    TestPlayer ada = service.join(id, "ada");
    TestPlayer bob = service.join(id, "bob");
    ada.awaitType("welcome");
    bob.awaitType("welcome");
    bob.sendText("{\"type\":\"ping\",\"t\":1,\"pad\":\"" + "x".repeat(2 * 1024) + "\"}");
    assertEquals("too-big", bob.awaitType("error").getString("code"));
    bob.sendText("{\"type\":\"ping\",\"t\":2,\"pad\":\"" + "x".repeat(20 * 1024) + "\"}");
    assertEquals("too-big", bob.awaitType("error").getString("code"));
    bob.send(new JsonObject().put("type", "ping").put("t", 3));
    assertEquals(3, bob.awaitType("pong").getInteger("t"));
    assertFalse(bob.socket.isClosed());
    // A state from after bob's frames: ada's first states may predate bob's join.
    ada.skipReceived();
    assertEquals(2, ada.awaitType("state").getJsonArray("players").size());
    assertEquals(2.0, GameService.sample(service.metrics(), "game_inputs_rejected_total", "reason=\"too-big\""));
  }

  @Test
  void aFrameOverTheProtocolLimitClosesOnlyThatConnectionAndTheGameGoesOn() throws Exception {
    GameService.Game game = service.runningGame("ada", "bob");
    TestPlayer ada = game.first();
    TestPlayer bob = game.second();
    // One frame: a plain text message would be split into frames the size of the client's limit.
    bob.socket.writeFrame(WebSocketFrame.textFrame("{\"type\":\"ping\",\"t\":1,\"pad\":\"" + "x".repeat(100 * 1024) + "\"}", true));
    assertEquals(1009, bob.awaitClose());
    JsonObject bobAway = ada.awaitState("state with bob away", f -> playerIn(f, "bob") != null && playerIn(f, "bob").getBoolean("away", false));
    assertNotNull(playerIn(bobAway, "ada"));
    assertEquals("running", bobAway.getString("phase"));
    ada.send(new JsonObject().put("type", "ping").put("t", 7));
    assertEquals(7, ada.awaitType("pong").getInteger("t"));
  }

  @Test
  void aSecondConnectionOfThePlayerReplacesTheFirst() throws Exception {
    String id = service.createGame("host", 2).getString("id");
    TestPlayer first = service.join(id, "ada");
    first.awaitType("welcome");
    TestPlayer second = service.join(id, "ada");
    assertTrue(second.awaitType("welcome").getBoolean("resumed"));
    assertEquals(4001, first.awaitClose());
    assertEquals(1, second.awaitType("state").getJsonArray("players").size());
  }

  @Test
  void anUnknownGameIsRefusedWithA404ProblemBeforeTheUpgrade() throws Exception {
    UpgradeRejectedException refused = service.refused("/ws/games/" + GameService.INSTANCE + ".zzzzzzzzzz?token=" + service.token("ada"));
    assertEquals(404, refused.getStatus());
    assertEquals(Problems.CONTENT_TYPE, refused.getHeaders().get("Content-Type"));
    assertEquals(404, new JsonObject(refused.getBody()).getInteger("status"));
  }

  @Test
  void aBadOrMissingTokenIsRefusedWithA401ProblemBeforeTheUpgrade() throws Exception {
    String id = service.createGame("host", 2).getString("id");
    UpgradeRejectedException bad = service.refused("/ws/games/" + id + "?token=forged.jwt.value");
    assertEquals(401, bad.getStatus());
    assertEquals(Problems.CONTENT_TYPE, bad.getHeaders().get("Content-Type"));
    assertEquals(401, service.refused("/ws/games/" + id).getStatus());
  }

  @Test
  void aFullGameIsRefusedWithA409ProblemBeforeTheUpgrade() throws Exception {
    String id = service.createGame("host", 2).getString("id");
    service.join(id, "ada").awaitType("welcome");
    service.join(id, "bob").awaitType("welcome");
    UpgradeRejectedException full = service.refused("/ws/games/" + id + "?token=" + service.token("cyd"));
    assertEquals(409, full.getStatus());
    assertTrue(new JsonObject(full.getBody()).getString("detail").contains("full"));
  }

  @Test
  void aPlainHttpRequestToThePlayPathIs426() throws Exception {
    String id = service.createGame("host", 2).getString("id");
    var r = Await.result(service.http.get(service.port(), "127.0.0.1", "/ws/games/" + id)
        .bearerTokenAuthentication(service.token("ada")).send());
    GamesApiTest.assertProblem(r, 426);
  }

  @Test
  void connectedPlayersAndActiveSessionsShowInMetrics() throws Exception {
    String id = service.createGame("host", 4).getString("id");
    TestPlayer ada = service.join(id, "ada");
    service.join(id, "bob").awaitType("state");
    ada.awaitType("state");
    String scrape = service.metrics();
    assertEquals(1.0, GameService.sample(scrape, "game_sessions_active"), scrape);
    assertEquals(2.0, GameService.sample(scrape, "game_players_connected"), scrape);
    assertTrue(GameService.sample(scrape, "game_tick_duration_seconds_count") > 0, "no tick was timed");
    assertEquals(2.0, GameService.sample(scrape, "game_frames_sent_total", "type=\"welcome\""), scrape);
    assertTrue(GameService.sample(scrape, "game_frames_sent_total", "type=\"state\"") >= 2, scrape);
  }
}
