package dev.vertxelastic.gateway;

import dev.vertxelastic.platform.runtime.ServiceRuntime;
import dev.vertxelastic.platform.testing.Await;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The default static configuration names no game instance ({@code games=http://...}): its one game upstream hosts every game. */
@ExtendWith(VertxExtension.class)
class UnnamedGameUpstreamTest {

  static TestBackend game;
  static ServiceRuntime<GatewayVerticle> gateway;

  @BeforeAll
  static void start(Vertx vertx) {
    game = TestBackend.start(vertx, "game-7");
    gateway = Gateways.start("gateway-unnamed", Map.of("GATEWAY_UPSTREAMS", "games=" + game.url()));
  }

  @AfterAll
  static void stop() {
    Await.result(gateway.stop());
  }

  @Test
  void aGameOfTheOnlyUnnamedGameUpstreamIsTunnelledToIt(Vertx vertx) throws Exception {
    WebSocketClient wsClient = vertx.createWebSocketClient();
    CompletableFuture<String> first = new CompletableFuture<>();
    WebSocket socket = Await.result(wsClient.webSocket().textMessageHandler(first::complete)
        .connect(gateway.verticle().actualPort(), "127.0.0.1", "/ws/games/game-7.xxxxxxxxxx?token=t"));

    assertEquals("welcome:game-7", first.get(Await.DEADLINE.toMillis(), TimeUnit.MILLISECONDS));
    Await.result(socket.close());
    Await.result(wsClient.close());
  }
}
