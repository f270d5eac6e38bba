package dev.vertxelastic.platform.tracing;

import dev.vertxelastic.platform.config.ConfigException;
import dev.vertxelastic.platform.config.Env;
import dev.vertxelastic.platform.http.AccessLines;
import dev.vertxelastic.platform.runtime.HttpServiceVerticle;
import dev.vertxelastic.platform.runtime.ServiceRuntime;
import dev.vertxelastic.platform.testing.Await;
import io.opentelemetry.proto.trace.v1.Span;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Trace context and span export of a service started the way {@code main} starts it. */
@ExtendWith(VertxExtension.class)
class TracingTest {

  static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
  static final String PARENT_ID = "00f067aa0ba902b7";

  /** Answers with the traceparent headers it received and the one of its own server span. */
  static final class TracedService extends HttpServiceVerticle {
    TracedService(Env env) {
      super("traced-service", env, 0);
    }

    @Override
    protected Future<Void> setup(Router router) {
      router.get("/api/echo").handler(ctx -> ctx.json(new JsonObject()
          .put("received", new JsonArray(ctx.request().headers().getAll("traceparent")))
          .put("current", Tracing.currentTraceparent())));
      return Future.succeededFuture();
    }
  }

  AccessLines access;
  WebClient client;

  @BeforeEach
  void capture(Vertx vertx) {
    access = AccessLines.capture();
    client = WebClient.create(vertx);
  }

  @AfterEach
  void release() {
    access.close();
  }

  static ServiceRuntime<TracedService> start(String instance, Map<String, String> extra) {
    return Await.result(starting(instance, extra));
  }

  static Future<ServiceRuntime<TracedService>> starting(String instance, Map<String, String> extra) {
    Map<String, String> env = new HashMap<>(Map.of("HTTP_PORT", "0", "INSTANCE_ID", instance));
    env.putAll(extra);
    return ServiceRuntime.start(Env.of(env), TracedService::new);
  }

  JsonObject echo(ServiceRuntime<TracedService> service, String traceparent) throws Exception {
    var request = client.get(service.verticle().actualPort(), "127.0.0.1", "/api/echo");
    if (traceparent != null) {
      request.putHeader("traceparent", traceparent);
    }
    return Await.result(request.send()).bodyAsJsonObject();
  }

  @Test
  void anIncomingTraceparentIsContinuedAndTheAccessLineShowsItsTraceId() throws Exception {
    ServiceRuntime<TracedService> service = start("traced-1", Map.of());
    try {
      JsonObject seen = echo(service, "00-" + TRACE_ID + "-" + PARENT_ID + "-01");

      String current = seen.getString("current");
      assertTrue(current.startsWith("00-" + TRACE_ID + "-"), current);
      assertFalse(current.contains(PARENT_ID), "the server span is a child, not the caller's span: " + current);
      JsonObject line = access.await(l -> "traced-1".equals(l.getString("instance")), Await.DEADLINE.toMillis());
      assertEquals(TRACE_ID, line.getString("traceId"));
      assertEquals(current.split("-")[2], line.getString("spanId"));
    } finally {
      Await.result(service.stop());
    }
  }

  @Test
  void probesAndScrapesStayOutOfTheAccessLogUnlessAskedFor() throws Exception {
    for (boolean logProbes : new boolean[] {false, true}) {
      String instance = "probed-" + logProbes;
      ServiceRuntime<TracedService> service = start(instance, Map.of("ACCESS_LOG_PROBES", Boolean.toString(logProbes)));
      try {
        int port = service.verticle().actualPort();
        assertEquals(200, Await.result(client.get(port, "127.0.0.1", "/health/ready").send()).statusCode());
        assertEquals(200, Await.result(client.get(port, "127.0.0.1", "/metrics").send()).statusCode());
        echo(service, null);
        access.await(l -> instance.equals(l.getString("instance")) && "/api/echo".equals(l.getString("path")), 5000);
        List<String> paths = access.lines().stream().filter(l -> instance.equals(l.getString("instance")))
            .map(l -> l.getString("path")).toList();
        assertEquals(logProbes ? List.of("/health/ready", "/metrics", "/api/echo") : List.of("/api/echo"), paths);
      } finally {
        Await.result(service.stop());
      }
    }
  }

  @Test
  void aRequestWithoutTraceparentGetsATraceOfItsOwnInTheAccessLine() throws Exception {
    ServiceRuntime<TracedService> service = start("traced-2", Map.of());
    try {
      String current = echo(service, null).getString("current");

      JsonObject line = access.await(l -> "traced-2".equals(l.getString("instance")), Await.DEADLINE.toMillis());
      assertTrue(line.getString("traceId").matches("[0-9a-f]{32}") && !line.getString("traceId").matches("0+"), line.encode());
      assertEquals("00-" + line.getString("traceId") + "-" + line.getString("spanId") + "-01", current);
    } finally {
      Await.result(service.stop());
    }
  }

  @Test
  void withAnEndpointTheInstanceExportsItsServerSpansAsItselfButNotItsProbes(Vertx vertx) throws Exception {
    OtlpReceiver receiver = Await.result(OtlpReceiver.start(vertx));
    ServiceRuntime<TracedService> service = start("traced-3", Map.of(
        "OTEL_EXPORTER_OTLP_ENDPOINT", receiver.endpoint().toString(),
        "OTEL_EXPORTER_OTLP_HEADERS", "x-api-key=s%3Dcret",
        "ACCESS_LOG_PROBES", "true"));
    assertTrue(service.exportsTraces());
    echo(service, "00-" + TRACE_ID + "-" + PARENT_ID + "-01");
    assertEquals(200, Await.result(client.get(service.verticle().actualPort(), "127.0.0.1", "/health/ready").send()).statusCode());
    String probeTrace = access.await(l -> "/health/ready".equals(l.getString("path")), Await.DEADLINE.toMillis()).getString("traceId");

    Await.result(service.stop());

    List<OtlpReceiver.ReceivedSpan> spans = receiver.spansOf(TRACE_ID);
    assertEquals(1, spans.size(), receiver.spans().toString());
    OtlpReceiver.ReceivedSpan server = spans.get(0);
    assertEquals(Span.SpanKind.SPAN_KIND_SERVER, server.kind());
    assertEquals(PARENT_ID, server.parentSpanId());
    assertEquals("traced-service", server.service());
    assertEquals("traced-3", server.instance());
    assertEquals("/api/echo", server.attributes().get("url.path"));
    assertTrue(receiver.spansOf(probeTrace).isEmpty(), "probes are not exported");
    assertEquals("s=cret", receiver.exportHeaders().get(0).get("x-api-key"));
    Await.result(receiver.close());
  }

  @Test
  void withoutAnEndpointNothingIsExportedEvenBesideAnInstanceThatExports(Vertx vertx) throws Exception {
    OtlpReceiver receiver = Await.result(OtlpReceiver.start(vertx));
    ServiceRuntime<TracedService> quiet = start("traced-quiet", Map.of());
    ServiceRuntime<TracedService> exporting = start("traced-loud",
        Map.of("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", receiver.endpoint() + "/v1/traces"));
    String quietTrace = "11111111111111111111111111111111";
    String loudTrace = "22222222222222222222222222222222";
    echo(quiet, "00-" + quietTrace + "-" + PARENT_ID + "-01");
    echo(exporting, "00-" + loudTrace + "-" + PARENT_ID + "-01");

    Await.result(quiet.stop());
    Await.result(exporting.stop());

    assertFalse(quiet.exportsTraces());
    assertEquals(1, receiver.spansOf(loudTrace).size(), receiver.spans().toString());
    assertTrue(receiver.spansOf(quietTrace).isEmpty(), "the instance without an endpoint sent its span: " + receiver.spans());
    assertTrue(receiver.spans().stream().allMatch(s -> s.instance().equals("traced-loud")), receiver.spans().toString());
    Await.result(receiver.close());
  }

  @Test
  void aMalformedEndpointFailsTheStartWithOneLineNamingTheVariable() {
    Throwable failure = Await.failure(starting("traced-bad", Map.of("OTEL_EXPORTER_OTLP_ENDPOINT", "localhost:4318")));
    assertInstanceOf(ConfigException.class, failure);
    assertEquals("Invalid configuration: OTEL_EXPORTER_OTLP_ENDPOINT='localhost:4318' must be an http(s) URL such as http://localhost:4318",
        failure.getMessage());
  }
}
