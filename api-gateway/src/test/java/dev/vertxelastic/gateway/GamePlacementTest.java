package dev.vertxelastic.gateway;

import dev.vertxelastic.platform.runtime.ServiceRuntime;
import dev.vertxelastic.platform.testing.Await;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A full game instance stays ready (a ReplicaSet deletes not-ready pods first), so the gateway keeps new
 * sessions off it by each instance's capacity: {@code POST /api/games} and quick-match go where there is room.
 */
@ExtendWith(VertxExtension.class)
class GamePlacementTest {

  /** A game instance that reports a fixed capacity and creates sessions named after itself. */
  static final class GameInstance {
    final AtomicInteger created = new AtomicInteger();
    final HttpServer server;

    GameInstance(Vertx vertx, String name, boolean accepting) {
      server = Await.result(vertx.createHttpServer().requestHandler(request -> {
        if (request.path().equals("/api/games/capacity")) {
          request.response().putHeader("Content-Type", "application/json").end(new JsonObject().put("instance", name)
              .put("accepting", accepting).put("playerRoom", accepting ? 10 : 0).put("sessionRoom", accepting ? 5 : 0).encode());
        } else if (request.method().name().equals("POST") && !accepting) {
          request.response().setStatusCode(503).end();
        } else {
          created.incrementAndGet();
          request.response().setStatusCode(201).putHeader("Content-Type", "application/json")
              .end(new JsonObject().put("id", name + ".abcdefghij").encode());
        }
      }).listen(0, "127.0.0.1"));
    }

    String url() {
      return "http://127.0.0.1:" + server.actualPort();
    }
  }

  GameInstance full;
  GameInstance roomy;
  ServiceRuntime<GatewayVerticle> gateway;
  WebClient client;

  @BeforeEach
  void start(Vertx vertx) {
    full = new GameInstance(vertx, "game-full", false);
    roomy = new GameInstance(vertx, "game-roomy", true);
    gateway = Gateways.start("gateway-placement", Map.of("GATEWAY_UPSTREAMS", "games=" + full.url() + "|" + roomy.url()));
    client = WebClient.create(vertx);
  }

  @AfterEach
  void stop() {
    Await.result(gateway.stop());
  }

  HttpResponse<Buffer> post(String path) {
    return Await.result(client.post(gateway.verticle().actualPort(), "127.0.0.1", path).sendJsonObject(new JsonObject()));
  }

  @Test
  void newSessionsAndQuickMatchesGoToTheInstanceWithRoomNeverToTheFullOne() {
    for (int i = 0; i < 6; i++) {
      HttpResponse<Buffer> created = post(i % 2 == 0 ? "/api/games" : "/api/games/quick-match");
      assertEquals(201, created.statusCode(), created.bodyAsString());
      assertEquals("game-roomy.abcdefghij", created.bodyAsJsonObject().getString("id"));
    }

    assertEquals(0, full.created.get());
    assertEquals(6, roomy.created.get());
  }
}
