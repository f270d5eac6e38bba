package dev.vertxelastic.game;

import dev.vertxelastic.game.session.SessionIds;
import dev.vertxelastic.platform.http.Problems;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The REST surface of {@code /api/games}, over real HTTP. */
@ExtendWith(VertxExtension.class)
class GamesApiTest {

  GameService service;

  @BeforeEach
  void start(Vertx vertx) throws Exception {
    service = GameService.start(vertx, Map.of());
  }

  @AfterEach
  void stop() throws Exception {
    service.close();
  }

  static JsonObject assertProblem(HttpResponse<Buffer> response, int status) {
    assertEquals(status, response.statusCode(), response.bodyAsString());
    assertEquals(Problems.CONTENT_TYPE, response.getHeader("Content-Type"));
    JsonObject problem = response.bodyAsJsonObject();
    assertEquals(status, problem.getInteger("status"));
    return problem;
  }

  @Test
  void creatingAGameAnswers201WithItsLocationWebSocketPathAndHostingInstance() throws Exception {
    HttpResponse<Buffer> r = service.post("/api/games", service.token("u1"), "application/json", "{\"maxPlayers\":4}");
    assertEquals(201, r.statusCode(), r.bodyAsString());
    JsonObject game = r.bodyAsJsonObject();
    String id = game.getString("id");
    assertEquals("/api/games/" + id, r.getHeader("Location"));
    assertEquals("/ws/games/" + id, game.getString("wsPath"));
    assertEquals(4, game.getInteger("maxPlayers"));
    assertEquals(0, game.getInteger("players"));
    assertEquals("waiting", game.getString("state"));
    assertEquals(GameService.INSTANCE, game.getString("instance"));
    assertEquals(game, service.get("/api/games/" + id).bodyAsJsonObject());
  }

  @Test
  void theSessionIdNamesTheInstanceBeforeItsLastDot() throws Exception {
    String id = service.createGame("u1", 2).getString("id");
    assertTrue(id.matches("game-test\\.pod-1\\.[a-z0-9]{10}"), id);
    assertEquals(GameService.INSTANCE, SessionIds.instanceOf(id));
  }

  @Test
  void aGameCreatedWithoutABodyHasEightSeats() throws Exception {
    HttpResponse<Buffer> r = service.post("/api/games", service.token("u1"), null, null);
    assertEquals(201, r.statusCode(), r.bodyAsString());
    assertEquals(8, r.bodyAsJsonObject().getInteger("maxPlayers"));
  }

  @Test
  void maxPlayersOutsideTwoToSixteenIsA400ProblemListingTheField() throws Exception {
    for (String bad : List.of("1", "17", "\"8\"", "2.5")) {
      HttpResponse<Buffer> r = service.post("/api/games", service.token("u1"), "application/json", "{\"maxPlayers\":" + bad + "}");
      JsonArray errors = assertProblem(r, 400).getJsonArray("errors");
      assertEquals(1, errors.size(), bad);
      assertEquals("maxPlayers", errors.getJsonObject(0).getString("field"));
      assertTrue(errors.getJsonObject(0).getString("message").contains("2 to 16"));
    }
  }

  @Test
  void aBodyThatIsNotJsonIs415AndMalformedJsonIs400() throws Exception {
    assertProblem(service.post("/api/games", service.token("u1"), "text/plain", "maxPlayers=4"), 415);
    assertProblem(service.post("/api/games", service.token("u1"), "application/json", "{maxPlayers"), 400);
    assertProblem(service.post("/api/games", service.token("u1"), "application/json", "[4]"), 400);
  }

  @Test
  void creatingOrMatchingWithoutAValidTokenIs401() throws Exception {
    assertProblem(service.post("/api/games", null, "application/json", "{}"), 401);
    assertProblem(service.post("/api/games", "not-a-jwt", "application/json", "{}"), 401);
    assertProblem(service.post("/api/games/quick-match", null, null, null), 401);
  }

  @Test
  void anUnknownGameIsA404ProblemAndOneOfAnotherInstanceSaysWhereItLives() throws Exception {
    assertProblem(service.get("/api/games/" + GameService.INSTANCE + ".aaaaaaaaaa"), 404);
    JsonObject foreign = assertProblem(service.get("/api/games/game-other.bbbbbbbbbb"), 404);
    assertTrue(foreign.getString("detail").contains("game-other"), foreign.encode());
  }

  @Test
  void listingShowsTheOpenSessionsOfThisInstance() throws Exception {
    String a = service.createGame("u1", 2).getString("id");
    String b = service.createGame("u2", 16).getString("id");
    // Two seats held by quick-match fill the two-player game.
    service.post("/api/games/quick-match", service.token("p1"), null, null);
    service.post("/api/games/quick-match", service.token("p2"), null, null);
    JsonArray items = service.get("/api/games").bodyAsJsonObject().getJsonArray("items");
    List<String> ids = items.stream().map(o -> ((JsonObject) o).getString("id")).toList();
    assertEquals(List.of(b), ids.stream().filter(id -> id.equals(a) || id.equals(b)).toList());
  }

  @Test
  void quickMatchFillsTheFullestSessionWithRoomThenOpensANewOne() throws Exception {
    HttpResponse<Buffer> first = service.post("/api/games/quick-match", service.token("p0"), null, null);
    assertEquals(201, first.statusCode(), first.bodyAsString());
    String big = first.bodyAsJsonObject().getString("id");
    assertEquals("/api/games/" + big, first.getHeader("Location"));
    String small = service.createGame("host", 2).getString("id");
    for (int i = 1; i < 8; i++) {
      HttpResponse<Buffer> r = service.post("/api/games/quick-match", service.token("p" + i), null, null);
      assertEquals(200, r.statusCode(), r.bodyAsString());
      assertEquals(big, r.bodyAsJsonObject().getString("id"), "player " + i + " joins the fullest game");
    }
    assertEquals(big, service.post("/api/games/quick-match", service.token("p3"), null, null).bodyAsJsonObject().getString("id"),
        "a player asking again keeps their seat");
    assertEquals(small, service.post("/api/games/quick-match", service.token("p8"), null, null).bodyAsJsonObject().getString("id"));
    assertEquals(small, service.post("/api/games/quick-match", service.token("p9"), null, null).bodyAsJsonObject().getString("id"));
    HttpResponse<Buffer> overflow = service.post("/api/games/quick-match", service.token("p10"), null, null);
    assertEquals(201, overflow.statusCode());
    assertNotEquals(big, overflow.bodyAsJsonObject().getString("id"));
    assertNotEquals(small, overflow.bodyAsJsonObject().getString("id"));
  }

  @Test
  void metricsExposeTheGameMetersUnderTheirPrometheusNames() throws Exception {
    service.createGame("u1", 2);
    service.createGame("u2", 2);
    String scrape = service.metrics();
    assertEquals(2.0, GameService.sample(scrape, "game_sessions_active"), scrape);
    assertEquals(0.0, GameService.sample(scrape, "game_players_connected"));
    assertEquals(0.0, GameService.sample(scrape, "game_sessions_dropped_total"));
    assertTrue(scrape.contains("game_tick_duration_seconds_bucket{"), "no tick duration histogram");
    assertTrue(scrape.contains("game_tick_duration_seconds_count"), "no tick duration count");
  }
}
