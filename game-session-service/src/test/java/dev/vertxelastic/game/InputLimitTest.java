package dev.vertxelastic.game;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static dev.vertxelastic.game.TestPlayer.playerIn;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Each player's frames go through a token bucket (30 a second, bursts of 30): a flood is dropped, and nobody else notices. */
@ExtendWith(VertxExtension.class)
class InputLimitTest {

  static final int FLOOD = 600;

  static boolean rateLimited(JsonObject frame) {
    return "error".equals(frame.getString("type")) && "rate-limited".equals(frame.getString("code"));
  }

  /** An input from {@code player}'s position in {@code state} towards the middle of the 800x600 arena. */
  static JsonObject towardsTheMiddle(JsonObject state, String player, int seq) {
    JsonObject p = playerIn(state, player);
    return new JsonObject().put("type", "input").put("seq", seq)
        .put("dx", p.getDouble("x") < 400 ? 1 : -1).put("dy", p.getDouble("y") < 300 ? 1 : -1);
  }

  static boolean movedAway(JsonObject state, JsonObject from, String player) {
    JsonObject then = playerIn(from, player);
    JsonObject now = playerIn(state, player);
    return Math.hypot(now.getDouble("x") - then.getDouble("x"), now.getDouble("y") - then.getDouble("y")) > 20;
  }

  @Test
  void anInputFloodIsDroppedWithOneNoticeASecondWhileTheOtherPlayerKeepsPlaying(Vertx vertx) throws Exception {
    try (GameService service = GameService.start(vertx, Map.of())) {
      GameService.Game game = service.runningGame("ada", "bob");
      TestPlayer ada = game.first();
      TestPlayer bob = game.second();

      long floodStarted = System.nanoTime();
      for (int i = 1; i <= FLOOD; i++) {
        ada.send(new JsonObject().put("type", "input").put("seq", i).put("dx", i % 2 == 0 ? 1 : -1).put("dy", 0));
      }
      ada.await("rate-limited error", InputLimitTest::rateLimited);

      // Bob gets every tick's state, about 20 a second, while the flood is dropped (a tick late on a busy
      // machine catches up more than one fixed step: its state's tick number jumps, but it is sent).
      bob.skipReceived();
      List<JsonObject> states = new ArrayList<>();
      List<Long> arrivals = new ArrayList<>();
      for (int i = 0; i <= 20; i++) {
        int index = bob.awaitIndex("state", f -> "state".equals(f.getString("type")));
        states.add(bob.frameAt(index));
        arrivals.add(bob.arrivalNanos(index));
      }
      for (int i = 1; i < states.size(); i++) {
        assertTrue(states.get(i).getLong("tick") > states.get(i - 1).getLong("tick"), "bob saw a tick twice");
      }
      assertEquals(0.0, GameService.sample(service.metrics(), "game_frames_skipped_total"), "a state was not sent");
      Duration twentyTicks = Duration.ofNanos(arrivals.get(20) - arrivals.get(0));
      assertTrue(twentyTicks.compareTo(Duration.ofMillis(2000)) < 0, "20 ticks took " + twentyTicks);

      JsonObject before = states.get(20);
      bob.send(towardsTheMiddle(before, "bob", 1));
      bob.awaitState("state where bob moved", f -> movedAway(f, before, "bob"));

      // A second later the bucket has refilled: ada's inputs apply again.
      ada.standStill();
      ada.skipReceived();
      JsonObject adaBefore = ada.awaitState("ada standing still", ReconnectTest.samePositionTwice("ada"));
      ada.send(towardsTheMiddle(adaBefore, "ada", FLOOD + 2));
      ada.awaitState("state where ada moved", f -> movedAway(f, adaBefore, "ada"));

      // At most one notice a second: the n-th can only arrive n - 1 seconds after the flood began (delivery delays only add).
      List<Long> notices = ada.arrivalsOf(InputLimitTest::rateLimited);
      for (int i = 1; i < notices.size(); i++) {
        assertTrue(notices.get(i) - floodStarted >= Duration.ofSeconds(i).toNanos(), "rate-limited notice " + (i + 1) + " came too soon");
      }
      double rejected = GameService.sample(service.metrics(), "game_inputs_rejected_total", "reason=\"rate-limited\"");
      assertTrue(rejected >= 400 && rejected < FLOOD, "rejected " + rejected);
      assertFalse(ada.socket.isClosed());
    }
  }
}
