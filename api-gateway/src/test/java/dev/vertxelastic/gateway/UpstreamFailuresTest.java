package dev.vertxelastic.gateway;

import dev.vertxelastic.platform.runtime.ServiceRuntime;
import dev.vertxelastic.platform.testing.Await;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.UpgradeRejectedException;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Timeouts, connection failures and the circuit breaker of each upstream service. */
@ExtendWith(VertxExtension.class)
class UpstreamFailuresTest {

  static TestBackend silent;
  static TestBackend flaky;
  static TestBackend failing;
  static TestBackend unavailable;
  static ServiceRuntime<GatewayVerticle> gateway;
  static WebClient client;
  static Vertx testVertx;
  static int port;

  @BeforeAll
  static void start(Vertx vertx) {
    testVertx = vertx;
    silent = TestBackend.silent(vertx, "silent-1");
    flaky = TestBackend.start(vertx, "flaky-1");
    failing = TestBackend.start(vertx, "failing-1");
    unavailable = TestBackend.start(vertx, "unavailable-1");
    gateway = Gateways.start("gateway-failures", Map.of(
        "GATEWAY_UPSTREAMS", "silent=" + silent.url() + ",flaky=" + flaky.url() + ",failing=" + failing.url() + ",unavailable=" + unavailable.url(),
        "GATEWAY_REQUEST_TIMEOUT", "500ms",
        "GATEWAY_BREAKER_MAX_FAILURES", "3",
        "GATEWAY_BREAKER_RESET", "2s"));
    port = gateway.verticle().actualPort();
    client = WebClient.create(vertx);
  }

  @AfterAll
  static void stop() {
    Await.result(gateway.stop());
  }

  static HttpResponse<Buffer> get(String uri) {
    return Await.result(client.get(port, "127.0.0.1", uri).send());
  }

  static String breakerOf(String route) {
    JsonObject routes = Await.result(client.get(gateway.verticle().actualManagementPort(), "127.0.0.1", "/admin/routes").send())
        .bodyAsJsonObject();
    return routes.getJsonArray("routes").stream().map(JsonObject.class::cast)
        .filter(r -> r.getString("route").equals(route)).findFirst().orElseThrow().getString("breaker");
  }

  static String metrics() {
    return Await.result(client.get(gateway.verticle().actualManagementPort(), "127.0.0.1", "/metrics").send()).bodyAsString();
  }

  static UpgradeRejectedException upgradeRejection(String uri) {
    WebSocketClient sockets = testVertx.createWebSocketClient();
    try {
      return assertInstanceOf(UpgradeRejectedException.class, Await.failure(sockets.connect(port, "127.0.0.1", uri)));
    } finally {
      Await.result(sockets.close());
    }
  }

  @Test
  void webSocketOutlivesTheRequestTimeout() throws Exception {
    WebSocketClient sockets = testVertx.createWebSocketClient();
    WebSocket socket = Await.result(sockets.connect(port, "127.0.0.1", "/ws/silent/1"));
    CompletableFuture<String> echoed = new CompletableFuture<>();
    socket.textMessageHandler(text -> {
      if (!text.startsWith("welcome:")) {
        echoed.complete(text);
      }
    });

    // The behaviour is that nothing happens: the request timeout has to pass.
    Await.result(testVertx.timer(800));
    socket.writeTextMessage("still there");

    assertEquals("silent-1:/ws/silent/1:still there", echoed.get(Await.DEADLINE.toMillis(), TimeUnit.MILLISECONDS));
    Await.result(sockets.close());
  }

  @Test
  void upstreamThatNeverAnswersGetsAGatewayTimeoutWithinTheConfiguredTime() {
    long start = System.nanoTime();
    HttpResponse<Buffer> response = get("/api/silent/1");
    long millis = (System.nanoTime() - start) / 1_000_000;

    assertEquals(504, response.statusCode(), response.bodyAsString());
    assertEquals("application/problem+json", response.getHeader("Content-Type"));
    assertTrue(millis >= 450 && millis < 1500, "answered after " + millis + " ms");
    assertTrue(metrics().contains("gateway_upstream_requests_total{outcome=\"timeout\",service=\"silent\"} 1.0"));
  }

  @Test
  void breakerOpensOnConnectionFailuresAnswersFastAndClosesWhenTheBackendIsBack() {
    assertEquals(200, get("/api/flaky/1").statusCode());
    flaky.stop();
    assertEquals(502, upgradeRejection("/ws/flaky/1").getStatus());

    AtomicReference<HttpResponse<Buffer>> last = new AtomicReference<>();
    Await.until("the breaker open", () -> {
      long start = System.nanoTime();
      HttpResponse<Buffer> response = get("/api/flaky/1");
      long millis = (System.nanoTime() - start) / 1_000_000;
      last.set(response);
      if (response.statusCode() == 503) {
        assertTrue(millis < 300, "the open breaker answered after " + millis + " ms");
        return true;
      }
      assertEquals(502, response.statusCode(), response.bodyAsString());
      assertEquals("application/problem+json", response.getHeader("Content-Type"));
      return false;
    });
    HttpResponse<Buffer> rejected = last.get();
    assertEquals("application/problem+json", rejected.getHeader("Content-Type"));
    int retryAfter = Integer.parseInt(rejected.getHeader("Retry-After"));
    assertTrue(retryAfter == 1 || retryAfter == 2, "seconds left of the 2 s reset time: " + retryAfter);
    assertEquals("open", breakerOf("flaky"));
    String text = metrics();
    assertTrue(text.contains("gateway_circuit_state{service=\"flaky\"} 2.0"), text);
    assertTrue(text.contains("gateway_upstream_requests_total{outcome=\"connect_error\",service=\"flaky\"} 3.0"), text);

    flaky.restart();
    Await.until("the breaker closed again", () -> {
      last.set(get("/api/flaky/1"));
      assertTrue(last.get().statusCode() == 200 || last.get().statusCode() == 503, last.get().bodyAsString());
      return last.get().statusCode() == 200;
    });
    assertEquals("flaky-1", last.get().bodyAsJsonObject().getString("backend"));
    assertEquals("closed", breakerOf("flaky"));
  }

  @Test
  void upstreamServerErrorsAreRelayedAndCountedButLeaveTheBreakerClosed() {
    for (int i = 0; i < 20; i++) {
      HttpResponse<Buffer> response = get("/api/failing/fail");
      assertEquals(500, response.statusCode());
      assertEquals("failing-1", response.bodyAsJsonObject().getString("backend"));
    }

    assertEquals("closed", breakerOf("failing"));
    assertEquals(200, get("/api/failing/1").statusCode());
    String text = metrics();
    assertTrue(text.contains("gateway_upstream_requests_total{outcome=\"server_error\",service=\"failing\"} 20.0"), text);
    assertTrue(text.contains("gateway_circuit_state{service=\"failing\"} 0.0"), text);
  }

  @Test
  void upstreamUnavailableAnswersOpenTheBreaker() {
    for (int i = 0; i < 3; i++) {
      assertEquals(503, get("/api/unavailable/unavailable").statusCode());
    }
    int hits = unavailable.hits.get();

    HttpResponse<Buffer> rejected = get("/api/unavailable/1");
    UpgradeRejectedException rejectedSocket = upgradeRejection("/ws/unavailable/1");

    assertEquals(503, rejected.statusCode());
    assertEquals("application/problem+json", rejected.getHeader("Content-Type"));
    assertTrue(rejected.getHeader("Retry-After") != null);
    assertEquals(503, rejectedSocket.getStatus());
    assertEquals(hits, unavailable.hits.get(), "the open breaker sent nothing upstream");
    assertTrue(metrics().contains("gateway_upstream_requests_total{outcome=\"unavailable\",service=\"unavailable\"} 3.0"));
  }
}
