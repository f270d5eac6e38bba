package dev.vertxelastic.gateway;

import dev.vertxelastic.platform.testing.OnOneContext;
import dev.vertxelastic.platform.testing.Await;
import dev.vertxelastic.platform.runtime.ServiceRuntime;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.UpgradeRejectedException;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Logger;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 13, finding 3: WebSocket tunnels take no connection of the HTTP pool and have their own
 * bound per endpoint. The count is the system property {@code gateway.tunnels} (1,000 by default).
 */
@ExtendWith(VertxExtension.class)
class TunnelsTest {

  private static final Logger LOG = Logger.getLogger(TunnelsTest.class.getName());
  static final int TUNNELS = Integer.getInteger("gateway.tunnels", 1_000);

  static TestBackend games;
  static TestBackend courses;
  static ServiceRuntime<GatewayVerticle> gateway;
  static ServiceRuntime<GatewayVerticle> bounded;

  @BeforeAll
  static void start(Vertx vertx) {
    games = TestBackend.start(vertx, "game-1");
    courses = TestBackend.start(vertx, "courses-1");
    String upstreams = "games=" + games.url() + ",courses=" + courses.url();
    // A thousand upgrades at once on a busy 2-core machine can take longer than the 10 s default to be
    // answered; this test is about the pool, not upgrade latency.
    gateway = Gateways.start("gateway-tunnels", Map.of("GATEWAY_UPSTREAMS", upstreams, "GATEWAY_POOL_SIZE", "5",
        "GATEWAY_REQUEST_TIMEOUT", "25s"));
    bounded = Gateways.start("gateway-bounded", Map.of("GATEWAY_UPSTREAMS", upstreams, "GATEWAY_TUNNELS_PER_ENDPOINT", "2"));
  }

  @AfterAll
  static void stop() {
    Await.result(gateway.stop());
    Await.result(bounded.stop());
  }

  @Test
  void aThousandTunnelsToOneInstanceLeaveTheHttpPoolFree(Vertx vertx) {
    WebSocketClient sockets = vertx.createWebSocketClient(new WebSocketClientOptions().setMaxConnections(TUNNELS + 10));
    Map<Integer, String> echoes = new ConcurrentHashMap<>();
    long started = System.nanoTime();
    List<Future<WebSocket>> opened = new ArrayList<>();
    for (int i = 0; i < TUNNELS; i++) {
      int n = i;
      opened.add(sockets.connect(gateway.verticle().actualPort(), "127.0.0.1", "/ws/games/g" + n)
          .onSuccess(ws -> ws.textMessageHandler(text -> {
            if (!text.startsWith("welcome:")) {
              echoes.put(n, text);
            }
          })));
    }
    List<WebSocket> open = Await.result(Future.all(opened)).list();
    LOG.info(TUNNELS + " tunnels open after " + (System.nanoTime() - started) / 1_000_000 + " ms");

    for (int i = 0; i < TUNNELS; i++) {
      open.get(i).writeTextMessage("move-" + i);
    }
    Await.until("every tunnel echoed", () -> echoes.size() == TUNNELS, () -> echoes.size() + " echoes of " + TUNNELS);
    assertEquals("game-1:/ws/games/g7:move-7", echoes.get(7));
    assertEquals(TUNNELS, outstanding(vertx, "games"));
    HttpClient http = vertx.createHttpClient();
    long millis = IntStream.range(0, 5).mapToLong(i -> {
      long start = System.nanoTime();
      int status = Await.result(http.request(HttpMethod.GET, gateway.verticle().actualPort(), "127.0.0.1", "/api/games/1")
          .compose(r -> r.send()).map(r -> r.statusCode()));
      assertEquals(200, status);
      return (System.nanoTime() - start) / 1_000_000;
    }).min().orElseThrow();
    assertTrue(millis < 100, "a game request beside " + TUNNELS + " tunnels took " + millis + " ms at best");
    Await.result(sockets.close());
  }

  @Test
  void aTunnelBeyondTheEndpointsBoundIsRefusedWithAProblemAndOneClosingMakesRoom(Vertx vertx) {
    WebSocketClient sockets = vertx.createWebSocketClient();
    int port = bounded.verticle().actualPort();
    WebSocket first = Await.result(sockets.connect(port, "127.0.0.1", "/ws/games/a"));
    Await.result(sockets.connect(port, "127.0.0.1", "/ws/games/b"));

    Throwable refused = Await.result(sockets.connect(port, "127.0.0.1", "/ws/games/c").map(ws -> (Throwable) null).otherwise(e -> e));
    assertTrue(refused instanceof UpgradeRejectedException, String.valueOf(refused));
    UpgradeRejectedException rejection = (UpgradeRejectedException) refused;
    assertEquals(503, rejection.getStatus());
    assertEquals("application/problem+json", rejection.getHeaders().get("Content-Type"));

    Await.result(first.close());
    Await.until("room for a tunnel once one closed", () -> Await.result(sockets.connect(port, "127.0.0.1", "/ws/games/d")
        .map(ws -> true).otherwise(false)), () -> "no room after a tunnel closed");
    Await.result(sockets.close());
  }

  static int outstanding(Vertx vertx, String route) {
    HttpClient client = vertx.createHttpClient();
    JsonObject routes = Await.result(OnOneContext.of(vertx).call(() -> client
        .request(HttpMethod.GET, gateway.verticle().actualManagementPort(), "127.0.0.1", "/admin/routes")
        .compose(r -> r.send()).compose(r -> r.body()).map(b -> b.toJsonObject())));
    return routes.getJsonArray("routes").stream().map(JsonObject.class::cast)
        .filter(r -> r.getString("route").equals(route)).findFirst().orElseThrow()
        .getJsonArray("endpoints").getJsonObject(0).getInteger("outstanding");
  }
}
