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

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Logger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 13, finding 2, with the default breaker settings: bad requests from clients (500s, bodies
 * that never come, refused upgrades) never open a breaker; an outage does, within a second under
 * 50 requests a second.
 */
@ExtendWith(VertxExtension.class)
class CircuitBreakerTest {

  private static final Logger LOG = Logger.getLogger(CircuitBreakerTest.class.getName());
  static TestBackend courses;
  static TestBackend outage;
  static RefusingBackend games;
  static ServiceRuntime<GatewayVerticle> gateway;
  static WebClient client;
  static int port;

  @BeforeAll
  static void start(Vertx vertx) {
    courses = TestBackend.start(vertx, "courses-1");
    outage = TestBackend.start(vertx, "outage-1");
    games = RefusingBackend.start(vertx);
    gateway = Gateways.start("gateway-breakers", Map.of(
        "GATEWAY_UPSTREAMS", "courses=" + courses.url() + ",outage=" + outage.url() + ",games=" + games.url(),
        "GATEWAY_BODY_TIMEOUT", "300ms"));
    port = gateway.verticle().actualPort();
    client = WebClient.create(vertx);
  }

  @AfterAll
  static void stop() {
    Await.result(gateway.stop());
    courses.stop();
    games.stop();
  }

  static String breakerOf(String route) {
    JsonObject routes = Await.result(client.get(gateway.verticle().actualManagementPort(), "127.0.0.1", "/admin/routes").send())
        .bodyAsJsonObject();
    return routes.getJsonArray("routes").stream().map(JsonObject.class::cast)
        .filter(r -> r.getString("route").equals(route)).findFirst().orElseThrow().getString("breaker");
  }

  @Test
  void serverErrorsStalledBodiesAndRefusedUpgradesLeaveTheBreakersClosed(Vertx vertx) {
    for (int i = 0; i < 20; i++) {
      assertEquals(500, Await.result(client.get(port, "127.0.0.1", "/api/courses/fail").send()).statusCode());
      HttpResponse<Buffer> refused = Await.result(client.get(port, "127.0.0.1", "/ws/games/g" + i + "/500")
          .putHeader("Upgrade", "websocket").putHeader("Connection", "Upgrade")
          .putHeader("Sec-WebSocket-Key", "dGhlIHNhbXBsZSBub25jZQ==").putHeader("Sec-WebSocket-Version", "13").send());
      assertEquals(500, refused.statusCode());
    }
    for (int i = 0; i < 5; i++) {
      String answer = RawHttp.exchange(vertx, port, "POST /api/courses/1 HTTP/1.1\r\nHost: gateway\r\nContent-Type: application/json\r\n"
          + "Content-Length: 20\r\n\r\n");
      assertTrue(answer.startsWith("HTTP/1.1 408 "), answer);
    }

    assertEquals("closed", breakerOf("courses"));
    assertEquals("closed", breakerOf("games"));
    assertEquals(200, Await.result(client.get(port, "127.0.0.1", "/api/courses/1").send()).statusCode());
  }

  @Test
  void anOutageOpensTheBreakerWithinASecondUnderFiftyRequestsASecond(Vertx vertx) {
    List<Integer> statuses = new CopyOnWriteArrayList<>();
    AtomicLong firstRejection = new AtomicLong();
    long pacer = vertx.setPeriodic(20, id -> client.get(port, "127.0.0.1", "/api/outage/1").send().onSuccess(r -> {
      statuses.add(r.statusCode());
      if (r.statusCode() == 503 && r.bodyAsJsonObject().getString("detail", "").contains("is failing")) {
        firstRejection.compareAndSet(0, System.nanoTime());
      }
    }));
    Await.until("25 answers before the outage", () -> statuses.size() >= 25, statuses::toString);
    assertTrue(statuses.stream().allMatch(s -> s == 200), statuses::toString);

    long stopped = System.nanoTime();
    outage.stop();
    Await.until("a 503 of the open breaker", () -> firstRejection.get() != 0, statuses::toString);
    vertx.cancelTimer(pacer);

    long millis = (firstRejection.get() - stopped) / 1_000_000;
    LOG.info("breaker open " + millis + " ms after the outage began");
    assertTrue(millis < 1_000, "the breaker opened " + millis + " ms after the outage began");
    assertEquals("open", breakerOf("outage"));
  }
}
