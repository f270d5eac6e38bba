package dev.vertxelastic.localstack;

import dev.vertxelastic.platform.testing.Await;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The whole stack in one JVM, used through the gateway as a client would. */
@ExtendWith(VertxExtension.class)
class LocalStackEndToEndTest {

  static LocalStack stack;
  static StackClient client;

  @BeforeAll
  static void start(Vertx vertx) throws Exception {
    stack = TestStacks.start("e2e", 1, 2, Map.of());
    client = new StackClient(vertx, stack.gatewayPort());
  }

  @AfterAll
  static void stop() throws Exception {
    Await.result(stack.stop());
  }

  @Test
  void coursesAreServedThroughTheGateway() throws Exception {
    HttpResponse<Buffer> list = client.get("/api/courses?size=5");
    assertEquals(200, list.statusCode(), list.bodyAsString());
    JsonObject page = list.bodyAsJsonObject();
    assertEquals(5, page.getJsonArray("items").size());
    assertTrue(page.getInteger("total") >= 40);
    String id = page.getJsonArray("items").getJsonObject(0).getString("id");
    HttpResponse<Buffer> course = client.get("/api/courses/" + id);
    assertEquals(200, course.statusCode());
    assertTrue(course.bodyAsJsonObject().getJsonArray("lessons").size() > 0);
  }

  @Test
  void twoPlayersThroughTheGatewaySeeEachOthersMoves() throws Exception {
    String adaToken = client.guestToken("ada");
    String linusToken = client.guestToken("linus");
    HttpResponse<Buffer> created = client.post("/api/games", adaToken, new JsonObject().put("maxPlayers", 4));
    assertEquals(201, created.statusCode(), created.bodyAsString());
    String wsPath = created.bodyAsJsonObject().getString("wsPath");

    StackClient.Player ada = client.join(wsPath, adaToken);
    StackClient.Player linus = client.join(wsPath, linusToken);
    try {
      play(ada, linus);
    } finally {
      Await.result(ada.socket.close());
      Await.result(linus.socket.close());
    }
  }

  private static void play(StackClient.Player ada, StackClient.Player linus) throws Exception {
    String adaId = ada.next("welcome").getString("playerId");
    String linusId = linus.next("welcome").getString("playerId");

    double linusSeesAdaAt = position(linus.next(f -> hasPlayer(f, adaId), "ada in linus' state"), adaId).getDouble("x");
    double adaSeesLinusAt = position(ada.next(f -> hasPlayer(f, linusId), "linus in ada's state"), linusId).getDouble("y");
    double dx = linusSeesAdaAt < 400 ? 1 : -1;
    double dy = adaSeesLinusAt < 300 ? 1 : -1;
    ada.send(new JsonObject().put("type", "input").put("seq", 1).put("dx", dx).put("dy", 0));
    linus.send(new JsonObject().put("type", "input").put("seq", 1).put("dx", 0).put("dy", dy));

    linus.next(f -> hasPlayer(f, adaId) && (position(f, adaId).getDouble("x") - linusSeesAdaAt) * dx > 5, "linus sees ada move");
    ada.next(f -> hasPlayer(f, linusId) && (position(f, linusId).getDouble("y") - adaSeesLinusAt) * dy > 5, "ada sees linus move");

    ada.send(new JsonObject().put("type", "input").put("seq", 2).put("dx", 7).put("dy", 0));
    assertEquals("error", ada.next("error").getString("type"));
    ada.next("state");
  }

  static boolean hasPlayer(JsonObject frame, String playerId) {
    return "state".equals(frame.getString("type")) && position(frame, playerId) != null;
  }

  static JsonObject position(JsonObject state, String playerId) {
    JsonArray players = state.getJsonArray("players", new JsonArray());
    for (int i = 0; i < players.size(); i++) {
      if (playerId.equals(players.getJsonObject(i).getString("id"))) {
        return players.getJsonObject(i);
      }
    }
    return null;
  }

  @Test
  void gamesAreSpreadOverInstancesAndStickToTheirHost() throws Exception {
    String token = client.guestToken("grace");
    Set<String> hosts = new HashSet<>();
    // Idle instances tie, and the balancer breaks ties at random: 16 games all on one has odds of 2^-15.
    for (int i = 0; i < 16; i++) {
      HttpResponse<Buffer> created = client.post("/api/games", token, new JsonObject().put("maxPlayers", 2));
      assertEquals(201, created.statusCode(), created.bodyAsString());
      String id = created.bodyAsJsonObject().getString("id");
      String host = id.substring(0, id.lastIndexOf('.'));
      hosts.add(host);
      for (int j = 0; j < 2; j++) {
        HttpResponse<Buffer> fetched = client.get("/api/games/" + id);
        assertEquals(200, fetched.statusCode(), "game " + id + " must be found on its host " + host);
        assertEquals(id, fetched.bodyAsJsonObject().getString("id"));
      }
    }
    assertEquals(Set.copyOf(stack.instanceIds("games")), hosts, "the balancer places games on both instances");
  }

  @Test
  void adminRoutesListEveryRouteWithItsEndpoints() throws Exception {
    StackClient management = new StackClient(client.vertx, stack.managementPort());
    HttpResponse<Buffer> r = management.get("/admin/routes");
    assertEquals(200, r.statusCode());
    JsonArray routes = r.bodyAsJsonObject().getJsonArray("routes");
    Map<String, JsonObject> byName = new java.util.HashMap<>();
    routes.forEach(o -> byName.put(((JsonObject) o).getString("route"), (JsonObject) o));
    assertEquals(Set.of("courses", "learners", "games"), byName.keySet());
    assertEquals(2, byName.get("games").getJsonArray("endpoints").size());
    assertEquals("local", r.bodyAsJsonObject().getString("discovery"));
    HttpResponse<Buffer> metrics = management.get("/metrics");
    assertTrue(metrics.bodyAsString().contains("vertx_http_server_requests_total"));
  }

  @Test
  void noBackendCanBeDrainedThroughItsPublicPortAndEveryManagementPortIsItsOwn() throws Exception {
    Set<Integer> managementPorts = new HashSet<>(Set.of(stack.managementPort()));
    for (String id : stack.instanceIds("games")) {
      Instance game = stack.find(id);
      assertEquals(404, Await.result(client.http.post(game.port(), "127.0.0.1", "/admin/drain").send()).statusCode(), id);
      assertEquals(200, Await.result(client.http.get(game.managementPort(), "127.0.0.1", "/admin/drain").send()).statusCode(), id);
      assertTrue(managementPorts.add(game.managementPort()), "management ports collide: " + managementPorts);
    }
  }
}
