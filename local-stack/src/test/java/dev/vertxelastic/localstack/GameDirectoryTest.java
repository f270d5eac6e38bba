package dev.vertxelastic.localstack;

import dev.vertxelastic.platform.testing.Await;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
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

/** Through the gateway, games of every instance are listed together and quick-match picks the roomiest instance. */
@ExtendWith(VertxExtension.class)
class GameDirectoryTest {

  static LocalStack stack;
  static StackClient client;

  @BeforeAll
  static void start(Vertx vertx) throws Exception {
    stack = TestStacks.start("game-directory", 0, 2, Map.of());
    client = new StackClient(vertx, stack.gatewayPort());
  }

  @AfterAll
  static void stop() throws Exception {
    Await.result(stack.stop());
  }

  static String host(String gameId) {
    return gameId.substring(0, gameId.lastIndexOf('.'));
  }

  @Test
  void theOpenGamesOfEveryInstanceAreListedTogether() throws Exception {
    String token = client.guestToken("lister");
    Set<String> created = new HashSet<>();
    for (int i = 0; i < 16; i++) {
      HttpResponse<Buffer> r = client.post("/api/games", token, new JsonObject().put("maxPlayers", 4));
      assertEquals(201, r.statusCode(), r.bodyAsString());
      created.add(r.bodyAsJsonObject().getString("id"));
    }
    // Ties between idle instances are broken at random: 16 games all on one instance has odds of 2^-15.
    assertEquals(2, created.stream().map(GameDirectoryTest::host).distinct().count(), "games were created on both instances");

    HttpResponse<Buffer> list = client.get("/api/games");
    assertEquals(200, list.statusCode(), list.bodyAsString());
    Set<String> listed = new HashSet<>();
    list.bodyAsJsonObject().getJsonArray("items").forEach(o -> listed.add(((JsonObject) o).getString("id")));
    assertTrue(listed.containsAll(created), "listed " + listed + ", created " + created);
    assertEquals(2, list.bodyAsJsonObject().getInteger("instances"));
  }

  @Test
  void quickMatchGoesToTheInstanceWithTheMostRoom() throws Exception {
    // Three players matched on game-1 directly hold seats there: game-2 has the most room.
    String game1 = stack.instances().get("game-1");
    for (int i = 0; i < 3; i++) {
      HttpResponse<Buffer> held = Await.result(client.http.postAbs(game1 + "/api/games/quick-match")
          .putHeader("Authorization", "Bearer " + client.guestToken("direct-" + i)).send());
      assertTrue(held.statusCode() == 200 || held.statusCode() == 201, held.bodyAsString());
    }
    for (int i = 0; i < 3; i++) {
      HttpResponse<Buffer> r = client.post("/api/games/quick-match", client.guestToken("qm-" + i), new JsonObject());
      assertTrue(r.statusCode() == 200 || r.statusCode() == 201, r.bodyAsString());
      assertEquals("game-2", host(r.bodyAsJsonObject().getString("id")), "match " + i);
    }
  }
}
