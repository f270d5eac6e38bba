package dev.vertxelastic.gateway;

import dev.vertxelastic.gateway.discovery.FakeKubernetesApi;
import dev.vertxelastic.platform.runtime.ServiceRuntime;
import dev.vertxelastic.platform.testing.Await;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static dev.vertxelastic.gateway.discovery.FakeKubernetesApi.SERVICES;
import static dev.vertxelastic.gateway.discovery.FakeKubernetesApi.SLICES;
import static dev.vertxelastic.gateway.discovery.Objects.endpoint;
import static dev.vertxelastic.gateway.discovery.Objects.service;
import static dev.vertxelastic.gateway.discovery.Objects.slice;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The gateway with {@code DISCOVERY=kubernetes} against the fake API server, real backends on
 * loopback (one EndpointSlice per pod, since each listens on its own port) and real traffic.
 */
@ExtendWith(VertxExtension.class)
class ElasticRoutingTest {

  Vertx vertx;
  FakeKubernetesApi api;
  ServiceRuntime<GatewayVerticle> gateway;
  WebClient client;
  final List<TestBackend> backends = new ArrayList<>();

  @BeforeEach
  void start(Vertx vertx, @TempDir Path dir) throws IOException {
    this.vertx = vertx;
    Path token = dir.resolve("token");
    Files.writeString(token, "secret-token");
    api = Await.result(FakeKubernetesApi.start(vertx, "test", "secret-token"));
    api.apply(SERVICES, service("edu-course-service", 80, "courses"));
    api.apply(SERVICES, service("game-session-service", 80, "games"));
    gateway = Gateways.start("gateway-k8s", Map.of(
        "DISCOVERY", "kubernetes",
        "KUBERNETES_API_URL", api.url(),
        "KUBERNETES_NAMESPACE", "test",
        "KUBERNETES_TOKEN_FILE", token.toString(),
        "GATEWAY_REQUEST_TIMEOUT", "2s"));
    client = WebClient.create(vertx);
  }

  @AfterEach
  void stop() {
    Await.result(gateway.stop());
    backends.forEach(b -> b.stopQuietly());
    Await.result(api.close());
  }

  TestBackend pod(String service, String name, boolean ready, boolean serving, boolean terminating) {
    TestBackend backend = backends.stream().filter(b -> b.name.equals(name)).findFirst().orElseGet(() -> {
      TestBackend b = TestBackend.start(vertx, name);
      backends.add(b);
      return b;
    });
    api.apply(SLICES, slice(name, service, backend.port(), endpoint(name, "127.0.0.1", ready, serving, terminating)));
    return backend;
  }

  JsonObject adminRoutes() {
    return Await.result(client.get(gateway.verticle().actualManagementPort(), "127.0.0.1", "/admin/routes").send()).bodyAsJsonObject();
  }

  JsonObject route(String segment) {
    return adminRoutes().getJsonArray("routes").stream().map(JsonObject.class::cast)
        .filter(r -> r.getString("route").equals(segment)).findFirst().orElse(new JsonObject().put("endpoints", new io.vertx.core.json.JsonArray()));
  }

  int endpointsIn(String segment, String state) {
    return (int) route(segment).getJsonArray("endpoints").stream().map(JsonObject.class::cast)
        .filter(e -> e.getString("state").equals(state)).count();
  }

  /** Waits until {@code condition} holds of the gateway's routes; a failure shows them. */
  void routed(String what, Await.Condition condition) {
    Await.until(what, condition, () -> adminRoutes().encode());
  }

  /** Waits until {@code condition} holds of the load's counts; a failure shows who served what. */
  static void served(Load load, String what, Await.Condition condition) {
    Await.until(what, condition, load.servedBy::toString);
  }

  HttpResponse<Buffer> get(String uri) {
    return Await.result(client.get(gateway.verticle().actualPort(), "127.0.0.1", uri).send());
  }

  @Test
  void newReadyEndpointsEachTakeAFairShareFromTheirFirstRequestsWithoutAFailure() {
    pod("edu-course-service", "edu-1", true, true, false);
    routed("edu-1 ready", () -> endpointsIn("courses", "ready") == 1);
    Load load = Load.start(vertx, gateway.verticle().actualPort(), HttpMethod.GET, "/api/courses", 6);
    Await.until("load running", () -> load.total.get() > 100);

    pod("edu-course-service", "edu-2", true, true, false);
    pod("edu-course-service", "edu-3", true, true, false);
    routed("edu-2 and edu-3 ready", () -> endpointsIn("courses", "ready") == 3);
    // Shares counted over a number of requests, not a time span: a busy machine serves fewer in the same time.
    load.resetCounts();
    long counted = load.total.get();
    Await.until("600 requests over the three", () -> load.total.get() - counted >= 600);
    load.stop(vertx);

    long sum = load.served("edu-1") + load.served("edu-2") + load.served("edu-3");
    for (String pod : List.of("edu-1", "edu-2", "edu-3")) {
      assertTrue(load.served(pod) >= sum / 5, pod + " served under 20%: " + load.servedBy);
    }
    assertEquals(List.of(), load.failures);
  }

  @Test
  void anEndpointThatTerminatesAndLeavesCostsNoRequestAndItsGameSessionPlaysOn() throws Exception {
    pod("edu-course-service", "edu-1", true, true, false);
    pod("edu-course-service", "edu-2", true, true, false);
    pod("game-session-service", "game-1", true, true, false);
    pod("game-session-service", "game-2", true, true, false);
    routed("two course and two game endpoints ready", () -> endpointsIn("courses", "ready") == 2 && endpointsIn("games", "ready") == 2);
    WebSocketClient sockets = vertx.createWebSocketClient();
    LinkedBlockingQueue<String> frames = new LinkedBlockingQueue<>();
    WebSocket session = Await.result(sockets.webSocket().textMessageHandler(frames::add)
        .connect(gateway.verticle().actualPort(), "127.0.0.1", "/ws/games/game-2.abcdefghij"));
    assertEquals("welcome:game-2", frames.poll(Await.DEADLINE.toMillis(), TimeUnit.MILLISECONDS));
    Load load = Load.start(vertx, gateway.verticle().actualPort(), HttpMethod.GET, "/api/courses", 6);
    Await.until("load running", () -> load.total.get() > 100);

    pod("edu-course-service", "edu-2", false, true, true);
    pod("game-session-service", "game-2", false, true, true);
    routed("edu-2 terminating", () -> endpointsIn("courses", "terminating") == 1);
    // Requests picked before the change may still be on their way back: count from the next batch on.
    load.resetCounts();
    served(load, "20 requests by edu-1", () -> load.served("edu-1") > 20);
    load.resetCounts();
    served(load, "100 requests by edu-1", () -> load.served("edu-1") > 100);
    assertEquals(0, load.served("edu-2"), "a terminating endpoint takes no new request");
    assertEquals(200, get("/api/games/game-2.abcdefghij").statusCode(), "a game on a terminating pod is still served");
    session.writeTextMessage("move-1");
    assertEquals("game-2:/ws/games/game-2.abcdefghij:move-1", frames.poll(Await.DEADLINE.toMillis(), TimeUnit.MILLISECONDS));

    api.delete(SLICES, "edu-2");
    api.delete(SLICES, "game-2");
    routed("edu-2 and game-2 gone", () -> route("courses").getJsonArray("endpoints").size() == 1
        && route("games").getJsonArray("endpoints").size() == 1);
    session.writeTextMessage("move-2");
    assertEquals("game-2:/ws/games/game-2.abcdefghij:move-2", frames.poll(Await.DEADLINE.toMillis(), TimeUnit.MILLISECONDS), "the open session plays on");
    assertEquals(410, get("/api/games/game-2.abcdefghij").statusCode(), "a new request for a game whose pod is gone");
    load.stop(vertx);

    assertEquals(List.of(), load.failures);
    Await.result(session.close());
    Await.result(sockets.close());
  }

  @Test
  void aCrashedInstanceCostsNoGetAndIsEjected() {
    pod("edu-course-service", "edu-1", true, true, false);
    TestBackend doomed = pod("edu-course-service", "edu-2", true, true, false);
    routed("two course endpoints ready", () -> endpointsIn("courses", "ready") == 2);
    Load load = Load.start(vertx, gateway.verticle().actualPort(), HttpMethod.GET, "/api/courses", 6);
    served(load, "50 requests by edu-2", () -> load.served("edu-2") > 50);

    doomed.stop();
    routed("edu-2 ejected", () -> endpointsIn("courses", "ejected") == 1);
    long before = load.total.get();
    Await.until("200 more requests", () -> load.total.get() > before + 200);
    load.stop(vertx);

    assertEquals(List.of(), load.failures);
    String metrics = Await.result(client.get(gateway.verticle().actualManagementPort(), "127.0.0.1", "/metrics").send()).bodyAsString();
    assertTrue(metrics.contains("gateway_upstream_endpoints{service=\"edu-course-service\",state=\"ejected\"} 1.0"), metrics);
  }

  @Test
  void adminRoutesShowTheServiceEndpointsBreakerAndDiscoveryHealth() {
    pod("edu-course-service", "edu-1", true, true, false);
    pod("edu-course-service", "edu-2", false, true, true);
    routed("two course endpoints listed", () -> route("courses").getJsonArray("endpoints").size() == 2);

    JsonObject routes = adminRoutes();
    JsonObject courses = route("courses");
    assertEquals("kubernetes", routes.getString("discovery"));
    assertTrue(routes.getJsonObject("discoveryHealth").getBoolean("healthy"), routes.encode());
    assertEquals("edu-course-service", courses.getString("service"));
    assertEquals("closed", courses.getString("breaker"));
    JsonObject terminating = courses.getJsonArray("endpoints").getJsonObject(1);
    assertEquals("edu-2", terminating.getString("instance"));
    assertEquals("terminating", terminating.getString("state"));
    assertEquals(0, terminating.getInteger("outstanding"));
  }

  @Test
  void adminRoutesCountTheExchangesEachEndpointServed() {
    pod("edu-course-service", "edu-1", true, true, false);
    pod("edu-course-service", "edu-2", false, true, true);
    routed("edu-1 ready", () -> endpointsIn("courses", "ready") == 1);
    for (int i = 0; i < 7; i++) {
      assertEquals(200, get("/api/courses?page=" + i).statusCode());
    }

    JsonObject ready = route("courses").getJsonArray("endpoints").getJsonObject(0);
    JsonObject terminating = route("courses").getJsonArray("endpoints").getJsonObject(1);
    assertEquals(7L, ready.getLong("served"), ready.encode());
    assertEquals(0L, terminating.getLong("served"), terminating.encode());
  }

  @Test
  void keepAliveConnectionsToAnEndpointThatLeftAreClosedOnceIdle() {
    pod("edu-course-service", "edu-1", true, true, false);
    TestBackend leaving = pod("edu-course-service", "edu-2", true, true, false);
    routed("two course endpoints ready", () -> endpointsIn("courses", "ready") == 2);
    Load load = Load.start(vertx, gateway.verticle().actualPort(), HttpMethod.GET, "/api/courses", 4);
    served(load, "edu-2 serving over kept-alive connections", () -> load.served("edu-2") > 20 && leaving.connections.get() > 0);

    api.delete(SLICES, "edu-2");
    Await.until("edu-2's idle connections closed", () -> leaving.connections.get() == 0, () -> leaving.connections.get() + " still open");
    load.stop(vertx);

    assertEquals(List.of(), load.failures);
  }

  @Test
  void aPostThatCannotConnectIsNotRetriedElsewhere() {
    pod("edu-course-service", "edu-1", true, true, false);
    pod("edu-course-service", "edu-2", true, true, false).stop();
    routed("two course endpoints ready", () -> endpointsIn("courses", "ready") == 2);

    int badGateways = 0;
    for (int i = 0; i < 40; i++) {
      HttpResponse<Buffer> response = Await.result(client.post(gateway.verticle().actualPort(), "127.0.0.1", "/api/courses").sendBuffer(Buffer.buffer("{}")));
      badGateways += response.statusCode() == 502 ? 1 : 0;
    }

    // Each POST that picked the dead endpoint failed (no retry) until it was ejected after that many connect failures.
    assertEquals(2, badGateways);
    assertEquals(1, endpointsIn("courses", "ejected"));
  }
}
