package dev.vertxelastic.gateway.tracing;

import dev.vertxelastic.gateway.GatewayVerticle;
import dev.vertxelastic.platform.http.AccessLines;
import dev.vertxelastic.platform.testing.Await;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.List;
import java.util.Map;

import static dev.vertxelastic.platform.testing.Await.result;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * W3C trace context through a real gateway to a real backend: a client's {@code traceparent} is
 * continued, the backend gets exactly one, whose parent is the gateway's own span, and both
 * access-log lines show the trace id.
 */
@ExtendWith(VertxExtension.class)
class TraceContextTest {

  static final String PARENT = "00f067aa0ba902b7";
  static TracedStack stack;
  static WebClient client;
  AccessLines access;

  @BeforeAll
  static void start(Vertx vertx) {
    stack = TracedStack.start("trace-context", Map.of());
    client = WebClient.create(vertx);
  }

  @AfterAll
  static void stop() {
    stack.stop();
  }

  @BeforeEach
  void capture() {
    access = AccessLines.capture();
  }

  @AfterEach
  void release() {
    access.close();
  }

  /** A fresh trace id per test, so lines and requests of other tests never match. */
  static String newTraceId() {
    return java.util.UUID.randomUUID().toString().replace("-", "");
  }

  static String traceparent(String traceId) {
    return "00-" + traceId + "-" + PARENT + "-01";
  }

  /** The backend got exactly one traceparent: same trace, a parent span of the gateway's, not the client's. */
  static void assertContinuedByTheGateway(String traceId, TracedBackend.Seen seen) {
    assertEquals(1, seen.traceparents().size(), "traceparent headers: " + seen.traceparents());
    String[] parts = seen.traceparents().get(0).split("-");
    assertEquals(traceId, parts[1], seen.traceparents().get(0));
    assertNotEquals(PARENT, parts[2], "the backend's parent must be the gateway's span, not the client's");
    assertTrue(seen.own().startsWith("00-" + traceId + "-"), seen.own());
  }

  void assertBothAccessLinesShow(String traceId, String path) throws InterruptedException {
    JsonObject gatewayLine = access.await(l -> GatewayVerticle.SERVICE_NAME.equals(l.getString("service")) && path.equals(l.getString("path")), Await.DEADLINE.toMillis());
    JsonObject backendLine = access.await(l -> TracedBackend.SERVICE.equals(l.getString("service")) && path.equals(l.getString("path")), Await.DEADLINE.toMillis());
    assertEquals(traceId, gatewayLine.getString("traceId"), gatewayLine.encode());
    assertEquals(traceId, backendLine.getString("traceId"), backendLine.encode());
    assertNotEquals(gatewayLine.getString("spanId"), backendLine.getString("spanId"));
  }

  @Test
  void aProxiedRequestCarriesTheClientsTraceToTheBackendUnderTheGatewaysSpan() throws Exception {
    String traceId = newTraceId();
    String path = "/api/courses/" + traceId;

    assertEquals(200, result(client.get(stack.port(), "127.0.0.1", path).putHeader("traceparent", traceparent(traceId)).send()).statusCode());

    List<TracedBackend.Seen> seen = stack.backend().seen(path);
    assertEquals(1, seen.size());
    assertContinuedByTheGateway(traceId, seen.get(0));
    assertBothAccessLinesShow(traceId, path);
  }

  @Test
  void aRequestWithoutTraceparentStillReachesTheBackendInTheGatewaysTrace() throws Exception {
    String path = "/api/courses/untraced-" + newTraceId();

    assertEquals(200, result(client.get(stack.port(), "127.0.0.1", path).send()).statusCode());

    JsonObject gatewayLine = access.await(l -> GatewayVerticle.SERVICE_NAME.equals(l.getString("service")) && path.equals(l.getString("path")), Await.DEADLINE.toMillis());
    String traceId = gatewayLine.getString("traceId");
    assertTrue(traceId.matches("[0-9a-f]{32}"), gatewayLine.encode());
    assertContinuedByTheGateway(traceId, stack.backend().seen(path).get(0));
    assertBothAccessLinesShow(traceId, path);
  }

  @Test
  void aWebSocketUpgradeCarriesTheClientsTraceToTheBackend(Vertx vertx) throws Exception {
    String traceId = newTraceId();
    String path = "/ws/games/game-1." + traceId.substring(0, 10);
    WebSocketConnectOptions options = new WebSocketConnectOptions().setHost("127.0.0.1").setPort(stack.port())
        .setURI(path).addHeader("traceparent", traceparent(traceId));
    Promise<String> welcome = Promise.promise();

    WebSocketClient webSockets = vertx.createWebSocketClient();
    // The handler is set before the connect: the welcome frame follows the 101 at once, often in the same read.
    WebSocket socket = result(webSockets.webSocket().textMessageHandler(welcome::tryComplete).connect(options));
    JsonObject frame = new JsonObject(result(welcome.future()));
    result(socket.close());
    result(webSockets.close());

    assertEquals("welcome", frame.getString("type"));
    List<TracedBackend.Seen> seen = stack.backend().seen(path);
    assertEquals(1, seen.size());
    assertContinuedByTheGateway(traceId, seen.get(0));
    assertBothAccessLinesShow(traceId, path);
  }

  @Test
  void theGamesDirectoryCallsToEveryInstanceCarryTheClientsTrace() throws Exception {
    String traceId = newTraceId();
    int before = stack.backend().seen.size();

    assertEquals(201, result(client.post(stack.port(), "127.0.0.1", "/api/games/quick-match")
        .putHeader("traceparent", traceparent(traceId)).sendJsonObject(new JsonObject())).statusCode());

    List<TracedBackend.Seen> calls = stack.backend().seen.subList(before, stack.backend().seen.size());
    assertEquals(List.of("/api/games/capacity", "/api/games/quick-match"), calls.stream().map(TracedBackend.Seen::path).toList());
    calls.forEach(call -> assertContinuedByTheGateway(traceId, call));
    assertNotEquals(calls.get(0).traceparents(), calls.get(1).traceparents(), "each call is a span of its own");
    assertBothAccessLinesShow(traceId, "/api/games/quick-match");
  }
}
