package dev.vertxelastic.game;

import dev.vertxelastic.platform.testing.Await;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static dev.vertxelastic.game.TestPlayer.playerIn;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The 20 Hz loop: fixed steps, the input acknowledgement in every state, one encoding per tick. */
@ExtendWith(VertxExtension.class)
class TickLoopTest {

  GameService service;

  @BeforeEach
  void start(Vertx vertx) throws Exception {
    service = GameService.start(vertx, Map.of());
  }

  @AfterEach
  void stop() throws Exception {
    service.close();
  }

  @Test
  void afterAStallOneTickCatchesUpFiveFixedStepsAndNoMore() throws Exception {
    GameService.Game game = service.runningGame("ada", "bob");
    TestPlayer ada = game.first();
    long before = ada.awaitState("a state", s -> true).getLong("tick");
    // The sessions' clock jumps 1 s (20 steps) ahead: the next tick steps 5 times (the cap), each by exactly 1/20 s.
    service.clock.skip(Duration.ofSeconds(1));
    long previous = before;
    while (true) {
      long tick = ada.awaitState("a state", s -> true).getLong("tick");
      assertTrue(tick - previous <= 5, "a tick took " + (tick - previous) + " steps");
      if (tick - previous == 5) {
        break;
      }
      previous = tick;
    }
  }

  @Test
  void everyStateEchoesTheLastInputSeqAppliedForEachPlayer() throws Exception {
    GameService.Game game = service.runningGame("ada", "bob");
    TestPlayer ada = game.first();
    TestPlayer bob = game.second();
    JsonObject first = ada.awaitState("a state", s -> true);
    assertFalse(playerIn(first, "ada").containsKey("ack"), "no input yet: " + first);

    ada.send(new JsonObject().put("type", "input").put("seq", 41).put("dx", 0.5).put("dy", 0));
    JsonObject acked = bob.awaitState("a state acknowledging ada's input 41", s -> playerIn(s, "ada").getLong("ack", -1L) == 41);
    assertFalse(playerIn(acked, "bob").containsKey("ack"));

    bob.send(new JsonObject().put("type", "input").put("seq", 7).put("dx", 0).put("dy", -1));
    // A rejected input is not acknowledged: the last applied one stays.
    bob.send(new JsonObject().put("type", "input").put("seq", 8).put("dx", 3).put("dy", 0));
    JsonObject both = ada.awaitState("a state acknowledging bob's input 7", s -> playerIn(s, "bob").getLong("ack", -1L) == 7);
    assertEquals(41, playerIn(both, "ada").getLong("ack"));
    bob.awaitType("error");
    ada.skipReceived();
    assertEquals(7, playerIn(ada.awaitState("a later state", s -> true), "bob").getLong("ack"));
  }

  @Test
  void aStateIsEncodedOncePerTickAndSentToEveryPlayer() throws Exception {
    String id = service.createGame("host", 4).getString("id");
    List<TestPlayer> players = List.of(service.join(id, "ada"), service.join(id, "bob"), service.join(id, "cy"),
        service.join(id, "dee"));
    for (TestPlayer player : players) {
      player.awaitState("a state with all four", s -> s.getJsonArray("players").size() == 4);
    }
    // A scrape reads the counters on a worker thread, so either reading may fall inside a tick: after its
    // encoding, before its duration is recorded, with 0-3 of its 4 frames written. Each reading is then up
    // to 4 frames short, so the difference is at most one encoding and 4 frames off; an encoding per
    // player, or a player left out, is 20 or more.
    String before = service.metrics();
    Await.until("twenty more ticks", () -> ticks(service.metrics()) >= ticks(before) + 20);
    String after = service.metrics();

    double ticks = ticks(after) - ticks(before);
    double encoded = encodes(after) - encodes(before);
    double sent = GameService.sample(after, "game_frames_sent_total", "type=\"state\"")
        - GameService.sample(before, "game_frames_sent_total", "type=\"state\"");
    double skipped = GameService.sample(after, "game_frames_skipped_total") - GameService.sample(before, "game_frames_skipped_total");
    assertEquals(ticks, encoded, 1, "one encoding per tick");
    assertEquals(4 * encoded, sent + skipped, 4, "each encoding goes to all four players");
  }

  @Test
  void theIntervalBetweenStateFramesIsRecordedAsTheInstanceSendsThem() throws Exception {
    String id = service.createGame("host", 2).getString("id");
    service.join(id, "ada").awaitState("a state", s -> true);
    String before = service.metrics();
    Await.until("ten more ticks", () -> encodes(service.metrics()) >= encodes(before) + 10);
    String after = service.metrics();

    double intervals = intervals(after) - intervals(before);
    double seconds = GameService.sample(after, "game_state_interval_seconds_sum") - GameService.sample(before, "game_state_interval_seconds_sum");
    // Either reading may fall between a state's encoding and its interval (worker-thread scrapes): one off at most.
    assertEquals(encodes(after) - encodes(before), intervals, 1, "one interval per state after the first");
    // 20 Hz: 50 ms apart on average (a late timer's frame is followed by an early one), never 50 s or 50 us.
    assertTrue(seconds / intervals >= 0.03 && seconds / intervals < 1, "mean interval " + seconds / intervals + " s");
  }

  @Test
  void theHistogramsHaveABucketAtEachBoundTheAlertAndTheBenchmarkJudgeBy() {
    String scrape = service.metrics();

    for (String bucket : List.of("game_tick_duration_seconds_bucket{le=\"0.005\"}",
        "game_state_interval_seconds_bucket{le=\"0.05\"}", "game_state_interval_seconds_bucket{le=\"0.06\"}")) {
      assertTrue(scrape.contains("\n" + bucket + " "), bucket + " in:\n" + scrape);
    }
  }

  private static double intervals(String scrape) {
    return GameService.sample(scrape, "game_state_interval_seconds_count");
  }

  private static double ticks(String scrape) {
    return GameService.sample(scrape, "game_tick_duration_seconds_count");
  }

  private static double encodes(String scrape) {
    return GameService.sample(scrape, "game_state_frame_bytes_count");
  }
}
