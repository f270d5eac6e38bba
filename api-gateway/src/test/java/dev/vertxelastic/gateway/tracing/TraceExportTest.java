package dev.vertxelastic.gateway.tracing;

import dev.vertxelastic.gateway.GatewayVerticle;
import dev.vertxelastic.platform.tracing.OtlpReceiver;
import dev.vertxelastic.platform.tracing.OtlpReceiver.ReceivedSpan;
import io.opentelemetry.proto.trace.v1.Span.SpanKind;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import static dev.vertxelastic.platform.testing.Await.result;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** OTLP export through a real receiver: on with {@code OTEL_EXPORTER_OTLP_ENDPOINT}, off without it. */
@ExtendWith(VertxExtension.class)
class TraceExportTest {

  static final String PARENT = "00f067aa0ba902b7";
  OtlpReceiver receiver;
  WebClient client;

  @BeforeEach
  void start(Vertx vertx) {
    receiver = result(OtlpReceiver.start(vertx));
    client = WebClient.create(vertx);
  }

  @AfterEach
  void stop() {
    result(receiver.close());
  }

  Map<String, String> exportTo() {
    return Map.of("OTEL_EXPORTER_OTLP_ENDPOINT", receiver.endpoint().toString());
  }

  static String newTraceId() {
    return UUID.randomUUID().toString().replace("-", "");
  }

  static ReceivedSpan only(List<ReceivedSpan> spans, String service, SpanKind kind) {
    List<ReceivedSpan> matching = spans.stream().filter(s -> s.service().equals(service) && s.kind() == kind).toList();
    assertEquals(1, matching.size(), service + " " + kind + " in " + spans);
    return matching.get(0);
  }

  int get(TracedStack stack, String path, String traceId) {
    return result(client.get(stack.port(), "127.0.0.1", path).putHeader("traceparent", "00-" + traceId + "-" + PARENT + "-01").send())
        .statusCode();
  }

  @Test
  void aProxiedRequestIsExportedAsTheGatewaysServerAndClientSpansAndTheBackendsServerSpanInOneTrace() {
    TracedStack stack = TracedStack.start("export-http", exportTo());
    String traceId = newTraceId();
    try {
      assertEquals(200, get(stack, "/api/courses/c1", traceId));
    } finally {
      stack.stop();
    }

    List<ReceivedSpan> spans = receiver.spansOf(traceId);
    assertEquals(3, spans.size(), spans.toString());
    ReceivedSpan gatewayServer = only(spans, GatewayVerticle.SERVICE_NAME, SpanKind.SPAN_KIND_SERVER);
    ReceivedSpan gatewayClient = only(spans, GatewayVerticle.SERVICE_NAME, SpanKind.SPAN_KIND_CLIENT);
    ReceivedSpan backendServer = only(spans, TracedBackend.SERVICE, SpanKind.SPAN_KIND_SERVER);
    assertEquals(PARENT, gatewayServer.parentSpanId());
    assertEquals(gatewayServer.spanId(), gatewayClient.parentSpanId());
    assertEquals(gatewayClient.spanId(), backendServer.parentSpanId());
    assertEquals("export-http-gateway", gatewayServer.instance());
    assertEquals("export-http-backend", backendServer.instance());
    assertEquals("/api/courses/c1", backendServer.attributes().get("url.path"));
    assertEquals("200", gatewayServer.attributes().get("http.response.status_code"));
  }

  @Test
  void aProxiedWebSocketUpgradeIsExportedInTheClientsTrace(Vertx vertx) {
    TracedStack stack = TracedStack.start("export-ws", exportTo());
    String traceId = newTraceId();
    WebSocketConnectOptions options = new WebSocketConnectOptions().setHost("127.0.0.1").setPort(stack.port())
        .setURI("/ws/games/game-1.abcdefghij").addHeader("traceparent", "00-" + traceId + "-" + PARENT + "-01");
    Promise<String> welcome = Promise.promise();
    WebSocketClient webSockets = vertx.createWebSocketClient();
    try {
      WebSocket socket = result(webSockets.webSocket().textMessageHandler(welcome::tryComplete).connect(options));
      result(welcome.future());
      result(socket.close());
    } finally {
      result(webSockets.close());
      stack.stop();
    }

    List<ReceivedSpan> spans = receiver.spansOf(traceId);
    ReceivedSpan gatewayServer = only(spans, GatewayVerticle.SERVICE_NAME, SpanKind.SPAN_KIND_SERVER);
    ReceivedSpan gatewayClient = only(spans, GatewayVerticle.SERVICE_NAME, SpanKind.SPAN_KIND_CLIENT);
    ReceivedSpan backendServer = only(spans, TracedBackend.SERVICE, SpanKind.SPAN_KIND_SERVER);
    assertEquals(PARENT, gatewayServer.parentSpanId());
    assertEquals(gatewayClient.spanId(), backendServer.parentSpanId());
    assertEquals("101", backendServer.attributes().get("http.response.status_code"));
  }

  @Test
  void withoutTheVariableNothingIsExportedWhileAStackWithItInTheSameJvmExports() {
    TracedStack quiet = TracedStack.start("export-off", Map.of());
    TracedStack exporting = TracedStack.start("export-on", exportTo());
    String quietTrace = newTraceId();
    String exportedTrace = newTraceId();
    try {
      assertEquals(200, get(quiet, "/api/courses/c1", quietTrace));
      assertEquals(200, get(exporting, "/api/courses/c1", exportedTrace));
    } finally {
      quiet.stop();
      exporting.stop();
    }

    assertFalse(quiet.gateway.exportsTraces() || quiet.backend.exportsTraces());
    assertEquals(3, receiver.spansOf(exportedTrace).size(), receiver.spans().toString());
    assertTrue(receiver.spansOf(quietTrace).isEmpty(), "spans of the stack without an endpoint: " + receiver.spans());
    assertTrue(receiver.spans().stream().allMatch(s -> s.instance().startsWith("export-on-")), receiver.spans().toString());
  }
}
