package dev.vertxelastic.game;

import dev.vertxelastic.platform.testing.Await;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.Map;
import java.util.function.Predicate;

import static dev.vertxelastic.game.TestPlayer.playerIn;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A dropped connection keeps the player's slot (position, score) for the reconnect grace, and only for it. */
@ExtendWith(VertxExtension.class)
class ReconnectTest {

  /** A player who scored, then stood still: the state where they stopped. */
  static JsonObject scoreThenStandStill(TestPlayer player, String playerId) throws InterruptedException {
    player.chaseItems(playerId);
    player.awaitState("state where " + playerId + " scored", f -> playerIn(f, playerId).getInteger("score") >= 1);
    player.standStill();
    return player.awaitState(playerId + " standing still", samePositionTwice(playerId));
  }

  static Predicate<JsonObject> samePositionTwice(String playerId) {
    double[] last = {Double.NaN, Double.NaN};
    return state -> {
      JsonObject p = playerIn(state, playerId);
      boolean still = p.getDouble("x") == last[0] && p.getDouble("y") == last[1];
      last[0] = p.getDouble("x");
      last[1] = p.getDouble("y");
      return still;
    };
  }

  static boolean away(JsonObject state, String playerId) {
    JsonObject p = playerIn(state, playerId);
    return p != null && p.getBoolean("away", false);
  }

  @Test
  void aPlayerWhoReconnectsWithinTheGraceGetsTheirPositionAndScoreBack(Vertx vertx) throws Exception {
    try (GameService service = GameService.start(vertx, Map.of("GAME_RECONNECT_GRACE", "10m", "GAME_MATCH_SECONDS", "3600"))) {
      GameService.Game game = service.runningGame("ada", "bob");
      JsonObject stopped = playerIn(scoreThenStandStill(game.first(), "ada"), "ada");

      Await.result(game.first().socket.close());
      game.second().awaitState("state with ada away", f -> away(f, "ada"));
      service.clock.skip(Duration.ofMinutes(9));
      JsonObject seenAway = playerIn(game.second().awaitState("state with ada away 9 minutes on",
          f -> away(f, "ada") && f.getDouble("remainingSeconds") <= 3600 - 9 * 60), "ada");
      assertEquals(stopped.getDouble("x"), seenAway.getDouble("x"));
      assertEquals(stopped.getInteger("score"), seenAway.getInteger("score"));
      assertEquals(1, service.get("/api/games/" + game.id()).bodyAsJsonObject().getInteger("players"));

      TestPlayer back = service.join(game.id(), "ada");
      JsonObject welcome = back.awaitType("welcome");
      assertTrue(welcome.getBoolean("resumed"), welcome.encode());
      JsonObject you = welcome.getJsonObject("you");
      assertEquals(stopped.getDouble("x"), you.getDouble("x"));
      assertEquals(stopped.getDouble("y"), you.getDouble("y"));
      assertEquals(stopped.getInteger("score"), you.getInteger("score"));
      game.second().awaitState("state with ada back", f -> playerIn(f, "ada") != null && !away(f, "ada"));
      assertEquals("running", back.awaitType("state").getString("phase"));
      back.send(GamePlayTest.inputTowardsTheMiddle(welcome, 1));
      back.awaitState("state where ada moves again", f -> GamePlayTest.movedAway(f, welcome, 20));
    }
  }

  @Test
  void aPlayerAwayLongerThanTheGraceLosesTheSlotAndComesBackAsANewPlayer(Vertx vertx) throws Exception {
    try (GameService service = GameService.start(vertx, Map.of("GAME_RECONNECT_GRACE", "10s"))) {
      GameService.Game game = service.runningGame("ada", "bob");
      JsonObject stopped = playerIn(scoreThenStandStill(game.first(), "ada"), "ada");

      Await.result(game.first().socket.close());
      game.second().awaitState("state with ada away", f -> away(f, "ada"));
      service.clock.skip(Duration.ofSeconds(10));
      game.second().awaitState("state without ada", f -> playerIn(f, "ada") == null);

      TestPlayer back = service.join(game.id(), "ada");
      JsonObject welcome = back.awaitType("welcome");
      assertFalse(welcome.getBoolean("resumed"), welcome.encode());
      JsonObject you = welcome.getJsonObject("you");
      assertEquals(0, you.getInteger("score"));
      assertNotEquals(stopped.getInteger("score"), you.getInteger("score"));
      game.second().awaitState("state with the new ada", f -> playerIn(f, "ada") != null && playerIn(f, "ada").getInteger("score") == 0);
    }
  }
}
