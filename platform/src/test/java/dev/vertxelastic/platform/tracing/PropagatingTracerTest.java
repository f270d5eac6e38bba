package dev.vertxelastic.platform.tracing;

import io.opentelemetry.api.trace.SpanContext;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.internal.ContextInternal;
import io.vertx.core.spi.tracing.SpanKind;
import io.vertx.core.spi.tracing.TagExtractor;
import io.vertx.core.tracing.TracingPolicy;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PropagatingTracerTest {

  private static final String TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
  private static final String CALLER = "00f067aa0ba902b7";
  // Created before the Vert.x below, as Tracing.create is before a service's: the tracer's context local is part of it.
  private static final PropagatingTracer SAMPLES_ALL = new PropagatingTracer(1);
  private static final PropagatingTracer SAMPLES_NONE = new PropagatingTracer(0);
  private static Vertx vertx;

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
  }

  @AfterAll
  static void stop() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  /** A request's own context, as Vert.x gives each request. */
  private static Context request() {
    return ((ContextInternal) vertx.getOrCreateContext()).duplicate();
  }

  private static List<Map.Entry<String, String>> headers(String... nameValues) {
    Map<String, String> headers = new HashMap<>();
    for (int i = 0; i < nameValues.length; i += 2) {
      headers.put(nameValues[i], nameValues[i + 1]);
    }
    return List.copyOf(headers.entrySet());
  }

  private static SpanContext receive(PropagatingTracer tracer, Context request, TracingPolicy policy, List<Map.Entry<String, String>> headers) {
    return tracer.receiveRequest(request, SpanKind.RPC, policy, "request", "GET", headers, TagExtractor.empty());
  }

  @Test
  void aRequestContinuesItsCallersTraceWithASpanIdOfItsOwn() {
    Context request = request();
    SpanContext span = receive(SAMPLES_NONE, request, TracingPolicy.ALWAYS,
        headers("traceparent", "00-" + TRACE + "-" + CALLER + "-01", "tracestate", "vendor=x"));
    assertNotNull(span);
    assertTrue(span.isValid());
    assertEquals(TRACE, span.getTraceId());
    assertNotEquals(CALLER, span.getSpanId());
    assertTrue(span.isSampled(), "a sampled caller's flag is kept whatever the ratio");
    assertEquals("x", span.getTraceState().get("vendor"));
    assertEquals(span, PropagatingTracer.current(request));
  }

  @Test
  void anUnsampledCallerStaysUnsampled() {
    SpanContext span = receive(SAMPLES_ALL, request(), TracingPolicy.ALWAYS, headers("traceparent", "00-" + TRACE + "-" + CALLER + "-00"));
    assertEquals(TRACE, span.getTraceId());
    assertFalse(span.isSampled());
  }

  @Test
  void aRequestWithoutTraceparentStartsATraceSampledAtTheRatio() {
    SpanContext all = receive(SAMPLES_ALL, request(), TracingPolicy.ALWAYS, headers());
    SpanContext none = receive(SAMPLES_NONE, request(), TracingPolicy.ALWAYS, headers());
    assertTrue(all.isValid() && none.isValid());
    assertTrue(all.isSampled());
    assertFalse(none.isSampled());
    assertNotEquals(all.getTraceId(), none.getTraceId());
  }

  @Test
  void aMalformedTraceparentIsIgnoredAndANewTraceStarts() {
    SpanContext span = receive(SAMPLES_NONE, request(), TracingPolicy.ALWAYS, headers("traceparent", "00-" + TRACE + "-zz-01"));
    assertTrue(span.isValid());
    assertNotEquals(TRACE, span.getTraceId());
  }

  @Test
  void underThePropagatePolicyOnlyARequestWithATraceIsTraced() {
    Context request = request();
    assertNull(receive(SAMPLES_ALL, request, TracingPolicy.PROPAGATE, headers()));
    assertNull(PropagatingTracer.current(request));
    assertNull(receive(SAMPLES_ALL, request(), TracingPolicy.IGNORE, headers("traceparent", "00-" + TRACE + "-" + CALLER + "-01")));
  }

  @Test
  void aRequestMadeWhileServingOneCarriesItsTraceUnderASpanOfItsOwn() {
    Context request = request();
    SpanContext served = receive(SAMPLES_NONE, request, TracingPolicy.ALWAYS,
        headers("traceparent", "00-" + TRACE + "-" + CALLER + "-01", "tracestate", "vendor=x"));
    Map<String, String> sent = new HashMap<>();
    SpanContext call = SAMPLES_NONE.sendRequest(request, SpanKind.RPC, TracingPolicy.PROPAGATE, "request", "GET", sent::put,
        TagExtractor.empty());
    assertNotEquals(served.getSpanId(), call.getSpanId());
    assertEquals("00-" + TRACE + "-" + call.getSpanId() + "-01", sent.get("traceparent"));
    assertEquals("vendor=x", sent.get("tracestate"));
  }

  @Test
  void aRequestMadeOutsideAnyIsSentWithoutATraceUnlessThePolicyIsAlways() {
    Map<String, String> sent = new HashMap<>();
    assertNull(SAMPLES_ALL.sendRequest(request(), SpanKind.RPC, TracingPolicy.PROPAGATE, "request", "GET", sent::put, TagExtractor.empty()));
    assertTrue(sent.isEmpty());
    SpanContext call = SAMPLES_ALL.sendRequest(request(), SpanKind.RPC, TracingPolicy.ALWAYS, "request", "GET", sent::put, TagExtractor.empty());
    assertEquals("00-" + call.getTraceId() + "-" + call.getSpanId() + "-01", sent.get("traceparent"));
  }

  @Test
  void theResponseEndsTheRequestsSpan() {
    Context request = request();
    SpanContext span = receive(SAMPLES_NONE, request, TracingPolicy.ALWAYS, headers());
    SAMPLES_NONE.sendResponse(request, "response", span, null, TagExtractor.empty());
    assertNull(PropagatingTracer.current(request));
  }
}
