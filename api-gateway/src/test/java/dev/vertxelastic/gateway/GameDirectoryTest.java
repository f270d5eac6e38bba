package dev.vertxelastic.gateway;

import dev.vertxelastic.platform.testing.Await;
import dev.vertxelastic.platform.runtime.ServiceRuntime;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Issue 13, design review: the game directory calls game instances through the gateway's endpoints, breakers and meters. */
@ExtendWith(VertxExtension.class)
class GameDirectoryTest {

  static TestBackend game;
  static ServiceRuntime<GatewayVerticle> gateway;
  static WebClient client;

  @BeforeAll
  static void start(Vertx vertx) {
    game = TestBackend.start(vertx, "game-1");
    gateway = Gateways.start("gateway-directory", Map.of(
        "GATEWAY_UPSTREAMS", "games=game-1@" + game.url(),
        "GATEWAY_BREAKER_RESET", "30s"));
    client = WebClient.create(vertx);
  }

  @AfterAll
  static void stop() {
    Await.result(gateway.stop());
  }

  static HttpResponse<Buffer> listGames() {
    return Await.result(client.get(gateway.verticle().actualPort(), "127.0.0.1", "/api/games").send());
  }

  static String metrics() {
    return Await.result(client.get(gateway.verticle().actualManagementPort(), "127.0.0.1", "/metrics").send()).bodyAsString();
  }

  static JsonObject gamesRoute() {
    return Await.result(client.get(gateway.verticle().actualManagementPort(), "127.0.0.1", "/admin/routes").send())
        .bodyAsJsonObject().getJsonArray("routes").getJsonObject(0);
  }

  @Test
  void listingGamesIsMeteredAndCountedOnTheEndpointAndAnOutageOpensTheGamesBreaker() {
    assertEquals(200, listGames().statusCode());
    assertTrue(metrics().contains("gateway_upstream_requests_total{outcome=\"success\",service=\"games\"} 1.0"), metrics());
    assertEquals(1, gamesRoute().getJsonArray("endpoints").getJsonObject(0).getInteger("served"));

    game.stop();
    for (int i = 0; i < 5; i++) {
      HttpResponse<Buffer> listed = listGames();
      assertEquals(503, listed.statusCode(), listed.bodyAsString());
      assertEquals("application/problem+json", listed.getHeader("Content-Type"));
    }

    assertEquals("open", gamesRoute().getString("breaker"));
    assertEquals("ejected", gamesRoute().getJsonArray("endpoints").getJsonObject(0).getString("state"));
    String text = metrics();
    assertTrue(text.contains("gateway_upstream_requests_total{outcome=\"connect_error\",service=\"games\"} 5.0"), text);
    assertEquals(503, listGames().statusCode());
    assertTrue(metrics().contains("gateway_upstream_requests_total{outcome=\"rejected\",service=\"games\"} 1.0"), metrics());
  }
}
