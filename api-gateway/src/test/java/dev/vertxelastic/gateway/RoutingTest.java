package dev.vertxelastic.gateway;

import dev.vertxelastic.platform.runtime.ServiceRuntime;
import dev.vertxelastic.platform.testing.Await;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.UpgradeRejectedException;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Requests and WebSockets through a real gateway to real backends, with static discovery. */
@ExtendWith(VertxExtension.class)
class RoutingTest {

  static TestBackend courses;
  static TestBackend gameA;
  static TestBackend gameB;
  static ServiceRuntime<GatewayVerticle> gateway;
  static WebClient client;
  static int port;
  static int managementPort;

  @BeforeAll
  static void start(Vertx vertx) {
    courses = TestBackend.start(vertx, "courses-1");
    gameA = TestBackend.start(vertx, "game-a");
    gameB = TestBackend.start(vertx, "game-b");
    gateway = Gateways.start("gateway-routing", Map.of("GATEWAY_UPSTREAMS",
        "courses=" + courses.url() + ",games=game-a@" + gameA.url() + "|game-b@" + gameB.url()));
    port = gateway.verticle().actualPort();
    managementPort = gateway.verticle().actualManagementPort();
    client = WebClient.create(vertx);
  }

  @AfterAll
  static void stop() {
    Await.result(gateway.stop());
  }

  /** The sum of the counter {@code meter}'s samples on the gateway's /metrics. */
  static double serverBytes(String meter) {
    double sum = 0;
    for (String line : get(managementPort, "/metrics").bodyAsString().split("\n")) {
      if (line.startsWith(meter + "_total")) {
        sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
      }
    }
    return sum;
  }

  static HttpResponse<Buffer> get(int onPort, String uri) {
    return Await.result(client.request(HttpMethod.GET, onPort, "127.0.0.1", uri).send());
  }

  static void assertProblem(HttpResponse<Buffer> response, int status) {
    assertEquals(status, response.statusCode(), response.bodyAsString());
    assertEquals("application/problem+json", response.getHeader("Content-Type"));
    assertEquals(status, response.bodyAsJsonObject().getInteger("status"));
  }

  @Test
  void otherMethodsOnTheGatewaysOwnPathsAre405ProblemsThatSayWhichMethodsAreAllowed() {
    Map<String, String> allowed = Map.of(
        "/api/auth/guest", "POST",
        "/api/auth/instructor", "POST",
        "/api/games/quick-match", "POST",
        "/api/games", "GET, HEAD, POST",
        "/", "GET, HEAD",
        "/openapi.yaml", "GET, HEAD");
    List<HttpMethod> methods = List.of(HttpMethod.TRACE, HttpMethod.PATCH, HttpMethod.valueOf("BREW"), HttpMethod.DELETE);
    allowed.forEach((path, methodsAllowed) -> methods.forEach(method -> {
      HttpResponse<Buffer> answer = Await.result(client.request(method, port, "127.0.0.1", path).send());
      assertProblem(answer, 405);
      assertEquals(methodsAllowed, answer.getHeader("Allow"), method + " " + path);
    }));
    HttpResponse<Buffer> guestByGet = get(port, "/api/auth/guest");
    assertProblem(guestByGet, 405);
    assertEquals("POST", guestByGet.getHeader("Allow"));
    HttpResponse<Buffer> head = Await.result(client.request(HttpMethod.HEAD, port, "127.0.0.1", "/api/games").send());
    assertEquals(get(port, "/api/games").statusCode(), head.statusCode(), "HEAD answers as GET does");
    assertEquals(null, head.body());
  }

  @Test
  void proxiedCallsAreCountedPerRoutedSegmentAndUnknownSegmentsAreNot() {
    assertEquals(200, get(port, "/api/courses/some-course").statusCode());
    assertProblem(get(port, "/api/no-such-segment-" + System.nanoTime()), 404);

    String metrics = get(managementPort, "/metrics").bodyAsString();
    assertTrue(metrics.contains("vertx_http_server_requests_total{code=\"200\",method=\"GET\",route=\"/api/>courses\"}"), metrics);
    assertTrue(metrics.contains("vertx_http_server_response_time_seconds_bucket{code=\"200\",method=\"GET\",route=\"/api/>courses\","), metrics);
    assertFalse(metrics.contains("no-such-segment"), "an unknown segment must not become a label value");
  }

  @Test
  void getIsProxiedWithStatusBodyAndHeadersIntact() {
    HttpResponse<Buffer> response = get(port, "/api/courses?q=java&page=2");

    assertEquals(200, response.statusCode());
    assertEquals("courses-1", response.getHeader("X-Backend"));
    assertEquals("max-age=7", response.getHeader("Cache-Control"));
    assertEquals("application/json", response.getHeader("Content-Type"));
    JsonObject seen = response.bodyAsJsonObject();
    assertEquals("/api/courses?q=java&page=2", seen.getString("uri"));
    assertEquals("127.0.0.1", seen.getString("forwardedFor"));
  }

  @Test
  void upstreamErrorStatusesAreRelayedAsTheBackendSentThem() {
    HttpResponse<Buffer> response = get(port, "/api/courses/missing");

    assertEquals(404, response.statusCode());
    assertEquals("application/json", response.getHeader("Content-Type"));
    assertEquals("courses-1", response.bodyAsJsonObject().getString("backend"));
  }

  @Test
  void requestBodyReachesTheBackend() {
    HttpResponse<Buffer> response = Await.result(client.post(port, "127.0.0.1", "/api/courses")
        .putHeader("Content-Type", "application/json")
        .sendJsonObject(new JsonObject().put("title", "Vert.x")));

    assertEquals(200, response.statusCode());
    JsonObject seen = response.bodyAsJsonObject();
    assertEquals("POST", seen.getString("method"));
    assertEquals(new JsonObject().put("title", "Vert.x"), new JsonObject(seen.getString("body")));
  }

  @Test
  void backendSeesTheRequestIdTheGatewayAnswersWith() {
    HttpResponse<Buffer> generated = get(port, "/api/courses/1");
    HttpResponse<Buffer> given = Await.result(client.get(port, "127.0.0.1", "/api/courses/1")
        .putHeader("X-Request-Id", "req-from-client-42").send());

    List<String> ids = generated.headers().getAll("X-Request-Id");
    assertEquals(1, ids.size(), "one X-Request-Id header: " + ids);
    assertEquals(ids.get(0), generated.bodyAsJsonObject().getString("requestId"));
    assertEquals("req-from-client-42", given.bodyAsJsonObject().getString("requestId"));
    assertEquals("req-from-client-42", given.getHeader("X-Request-Id"));
  }

  @Test
  void requestsAreSpreadOverTheReadyEndpoints() {
    List<String> served = new ArrayList<>();
    for (int i = 0; i < 60; i++) {
      // (The gateway answers GET /api/games and quick-match itself: any other game path is proxied.)
      served.add(get(port, "/api/games/lobby").bodyAsJsonObject().getString("backend"));
    }

    // Idle endpoints tie on requests in flight, so the pick among them is random: each gets about half.
    assertTrue(served.stream().filter("game-a"::equals).count() >= 10, served.toString());
    assertTrue(served.stream().filter("game-b"::equals).count() >= 10, served.toString());
  }

  @Test
  void gameRequestsGoOnlyToTheInstanceNamedInTheGameId() {
    for (int i = 0; i < 5; i++) {
      HttpResponse<Buffer> response = get(port, "/api/games/game-b.abcdefghij" + (i % 2 == 0 ? "" : "/players"));
      assertEquals(200, response.statusCode());
      assertEquals("game-b", response.bodyAsJsonObject().getString("backend"));
    }
  }

  @Test
  void gameOfAnInstanceThatIsGoneIsGone() {
    HttpResponse<Buffer> response = get(port, "/api/games/game-z.abcdefghij");

    assertProblem(response, 410);
    assertTrue(response.bodyAsJsonObject().getString("detail").endsWith("game-z, which is gone."));
  }

  @Test
  void gameIdWithoutAnInstanceIsBalanced() {
    Set<String> served = new HashSet<>();
    for (int i = 0; i < 40; i++) {
      HttpResponse<Buffer> response = Await.result(client.post(port, "127.0.0.1", "/api/games/lobby/join").send());
      assertEquals(200, response.statusCode());
      served.add(response.bodyAsJsonObject().getString("backend"));
    }
    assertEquals(Set.of("game-a", "game-b"), served);
  }

  @Test
  void webSocketIsProxiedToTheGameHostAndEchoes(Vertx vertx) throws Exception {
    WebSocketClient wsClient = vertx.createWebSocketClient();
    CompletableFuture<String> echoed = new CompletableFuture<>();
    WebSocket socket = Await.result(wsClient.connect(port, "127.0.0.1", "/ws/games/game-a.xxxxxxxxxx?token=t")
        .map(ws -> ws.textMessageHandler(text -> {
          if (!text.startsWith("welcome:")) {
            echoed.complete(text);
          }
        })));
    socket.writeTextMessage("hello");

    assertEquals("game-a:/ws/games/game-a.xxxxxxxxxx:hello", echoed.get(Await.DEADLINE.toMillis(), TimeUnit.MILLISECONDS));
    Await.result(socket.close());
    Await.result(wsClient.close());
  }

  @Test
  void aFrameTheBackendSendsRightAfterTheUpgradeIsNeverLost(Vertx vertx) throws Exception {
    WebSocketClient wsClient = vertx.createWebSocketClient();
    for (int i = 0; i < 30; i++) {
      CompletableFuture<String> first = new CompletableFuture<>();
      // The handler is set before the connect: the welcome may arrive in the same read as the 101.
      WebSocket socket = Await.result(wsClient.webSocket().textMessageHandler(first::complete)
          .connect(port, "127.0.0.1", "/ws/games/game-a.xxxxxxxxxx?token=t"));
      assertEquals("welcome:game-a", first.get(Await.DEADLINE.toMillis(), TimeUnit.MILLISECONDS), "connection " + i);
      Await.result(socket.close());
    }
    Await.result(wsClient.close());
  }

  @Test
  void aTunnelToAClientThatStopsReadingHoldsBackAndThenDeliversEveryFrameInOrder(Vertx vertx) {
    double writtenBefore = serverBytes("vertx_http_server_bytes_written");
    int frames = 2_000;
    String padding = "x".repeat(8 * 1024);
    WebSocketClient wsClient = vertx.createWebSocketClient();
    List<String> received = Collections.synchronizedList(new ArrayList<>());
    WebSocket socket = Await.result(wsClient.webSocket().textMessageHandler(received::add)
        .connect(port, "127.0.0.1", "/ws/games/game-b.xxxxxxxxxx?token=t"));
    socket.pause();
    int echoedBefore = gameB.echoes.get();
    for (int i = 0; i < frames; i++) {
      socket.writeTextMessage(String.format("%05d", i) + padding);
    }
    // 16 MB of echoes, far more than the sockets' buffers: the gateway has had to stop reading the backend.
    Await.until("the backend echoed every frame", () -> gameB.echoes.get() - echoedBefore >= frames);
    socket.resume();

    Await.until("every echo arrived", () -> received.size() >= frames + 1, () -> received.size() + " frames");
    assertEquals("welcome:game-b", received.get(0));
    for (int i = 0; i < frames; i++) {
      assertEquals("game-b:/ws/games/game-b.xxxxxxxxxx:" + String.format("%05d", i) + padding, received.get(i + 1), "frame " + i);
    }
    double written = serverBytes("vertx_http_server_bytes_written") - writtenBefore;
    assertTrue(written >= frames * (double) padding.length(), "the relayed bytes count in the gateway's metrics: " + written);
    Await.result(socket.close());
    Await.result(wsClient.close());
  }

  @Test
  void webSocketToAGoneGameHostIsRefusedAsGone(Vertx vertx) {
    WebSocketClient wsClient = vertx.createWebSocketClient();
    Throwable failure = Await.result(wsClient.connect(port, "127.0.0.1", "/ws/games/game-z.xxxxxxxxxx")
        .map(ws -> (Throwable) null).otherwise(err -> err));

    assertNotNull(failure);
    assertTrue(failure instanceof UpgradeRejectedException, failure.toString());
    assertEquals(410, ((UpgradeRejectedException) failure).getStatus());
    Await.result(wsClient.close());
  }

  @Test
  void unknownRouteIsANotFoundProblem() {
    assertProblem(get(port, "/api/nothing-here/1"), 404);
    assertProblem(get(port, "/ws/nothing-here/1"), 404);
    assertProblem(get(port, "/api"), 404);
  }

  @Test
  void pathsWithDotSegmentsOrEncodedDotsAreRejected() {
    int upstreamHits = courses.hits.get() + gameA.hits.get() + gameB.hits.get();

    assertProblem(get(port, "/api/courses/../games/game-b.abcdefghij"), 400);
    assertProblem(get(port, "/api/courses/%2e%2e/games"), 400);
    assertProblem(get(port, "/api/courses/%2E%2E%2Fadmin"), 400);
    assertEquals(upstreamHits, courses.hits.get() + gameA.hits.get() + gameB.hits.get(), "nothing reached a backend");
  }

  @Test
  void operationsEndpointsAreNotServedOnThePublicPort() {
    assertProblem(get(port, "/metrics"), 404);
    assertProblem(get(port, "/health/ready"), 404);
    assertProblem(get(port, "/admin/routes"), 404);
    assertEquals(200, get(managementPort, "/health/ready").statusCode());
    assertEquals(200, get(managementPort, "/health/live").statusCode());
  }

  @Test
  void adminRoutesListsRoutesWithEndpointsAndBreakerState() {
    HttpResponse<Buffer> response = get(managementPort, "/admin/routes");

    assertEquals(200, response.statusCode());
    JsonObject body = response.bodyAsJsonObject();
    assertEquals("static", body.getString("discovery"));
    JsonArray routes = body.getJsonArray("routes");
    assertEquals(2, routes.size());
    JsonObject courseRoute = routes.getJsonObject(0);
    assertEquals("courses", courseRoute.getString("route"));
    assertEquals("courses", courseRoute.getString("service"));
    assertEquals("closed", courseRoute.getString("breaker"));
    JsonObject games = routes.getJsonObject(1);
    assertEquals("games", games.getString("route"));
    JsonArray endpoints = games.getJsonArray("endpoints");
    assertEquals(2, endpoints.size());
    JsonObject first = endpoints.getJsonObject(0);
    assertEquals("game-a", first.getString("instance"));
    assertEquals("127.0.0.1:" + gameA.port(), first.getString("address"));
    assertTrue(first.getBoolean("ready"));
    assertTrue(first.getBoolean("serving"));
    assertEquals("game-b", endpoints.getJsonObject(1).getString("instance"));
  }

  @Test
  void managementMetricsShowUpstreamAndServerRequests() {
    assertEquals(200, get(port, "/api/courses/1").statusCode());

    HttpResponse<Buffer> response = get(managementPort, "/metrics");

    assertEquals(200, response.statusCode());
    String text = response.bodyAsString();
    assertTrue(text.contains("gateway_upstream_requests_total{outcome=\"success\",service=\"courses\"}"), text);
    assertTrue(text.contains("gateway_upstream_requests_total{outcome=\"rejected\",service=\"games\"} 0.0"), text);
    assertTrue(text.contains("gateway_circuit_state{service=\"courses\"} 0.0"), text);
    assertTrue(text.contains("gateway_upstream_endpoints{service=\"games\",state=\"ready\"} 2.0"), text);
    assertTrue(text.contains("gateway_upstream_endpoints{service=\"games\",state=\"not_ready\"} 0.0"), text);
    assertTrue(text.contains("vertx_http_server_requests_total"), text);
    assertFalse(text.contains("vertx_http_client_"), "the upstream calls are counted once, by the gateway's own meters");
  }
}
