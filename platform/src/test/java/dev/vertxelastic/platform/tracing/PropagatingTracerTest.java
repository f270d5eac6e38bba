package dev.vertxelastic.platform.tracing;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.ContextPropagators;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PropagatingTracerTest {

  private static Tracer tracer(double ratio) {
    return PropagatingTracer.openTelemetry(ContextPropagators.noop(), ratio).getTracer("test");
  }

  private static SpanContext childOf(Tracer tracer, SpanContext parent) {
    return tracer.spanBuilder("GET").setSpanKind(SpanKind.SERVER).setParent(Context.root().with(Span.wrap(parent)))
        .startSpan().getSpanContext();
  }

  @Test
  void aSpanContinuesItsParentsTraceWithAnIdOfItsOwn() {
    SpanContext parent = SpanContext.createFromRemoteParent("4bf92f3577b34da6a3ce929d0e0e4736", "00f067aa0ba902b7",
        TraceFlags.getSampled(), TraceState.builder().put("vendor", "x").build());
    SpanContext child = childOf(tracer(0), parent);
    assertTrue(child.isValid());
    assertEquals(parent.getTraceId(), child.getTraceId());
    assertNotEquals(parent.getSpanId(), child.getSpanId());
    assertTrue(child.isSampled(), "a sampled parent's flag is kept whatever the ratio");
    assertEquals("x", child.getTraceState().get("vendor"));
    assertFalse(Span.wrap(child).isRecording());
  }

  @Test
  void anUnsampledParentStaysUnsampled() {
    SpanContext parent = SpanContext.createFromRemoteParent("4bf92f3577b34da6a3ce929d0e0e4736", "00f067aa0ba902b7",
        TraceFlags.getDefault(), TraceState.getDefault());
    assertFalse(childOf(tracer(1), parent).isSampled());
  }

  @Test
  void aNewTraceIsSampledAtTheRatio() {
    SpanContext all = tracer(1).spanBuilder("GET").setNoParent().startSpan().getSpanContext();
    SpanContext none = tracer(0).spanBuilder("GET").setNoParent().startSpan().getSpanContext();
    assertTrue(all.isValid() && none.isValid());
    assertTrue(all.isSampled());
    assertFalse(none.isSampled());
    assertNotEquals(all.getTraceId(), none.getTraceId());
  }
}
