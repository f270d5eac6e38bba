package dev.vertxelastic.platform.tracing;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.context.propagation.TextMapSetter;
import io.opentelemetry.sdk.trace.IdGenerator;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import io.opentelemetry.sdk.trace.samplers.SamplingDecision;
import io.vertx.core.Context;
import io.vertx.core.spi.context.storage.ContextLocal;
import io.vertx.core.spi.tracing.TagExtractor;
import io.vertx.core.spi.tracing.VertxTracer;
import io.vertx.core.tracing.TracingPolicy;
import io.vertx.tracing.opentelemetry.HeadersPropagatorGetter;
import io.vertx.tracing.opentelemetry.HeadersPropagatorSetter;

import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * The Vert.x tracer of a process that exports nothing: W3C trace context in, W3C trace context out,
 * and nothing else. A request's span gets an id of its own (continuing its caller's trace, trace
 * state and sampled flag; a new trace is sampled at the configured ratio, so the services after
 * this one record what they would have), kept in the request's context for the access line and for
 * the requests it makes. Vert.x's OpenTelemetry tracer would also turn each request's tags into
 * span attributes, twice a span, for spans that record nothing.
 */
final class PropagatingTracer implements VertxTracer<SpanContext, SpanContext> {

  // Registered when this class loads, which Tracing.create does before the Vert.x that uses it exists.
  private static final ContextLocal<SpanContext> SPAN = ContextLocal.registerLocal(SpanContext.class);
  private static final TextMapGetter<Iterable<Map.Entry<String, String>>> HEADERS_IN = new HeadersPropagatorGetter();
  private static final TextMapSetter<BiConsumer<String, String>> HEADERS_OUT = new HeadersPropagatorSetter();
  private static final W3CTraceContextPropagator W3C = W3CTraceContextPropagator.getInstance();
  private static final io.opentelemetry.context.Context ROOT = io.opentelemetry.context.Context.root();

  private final Sampler newTraces;
  private final IdGenerator ids = IdGenerator.random();

  PropagatingTracer(double sampleRatio) {
    this.newTraces = Sampler.traceIdRatioBased(sampleRatio);
  }

  /** The span of the request that {@code context} runs, or null. */
  static SpanContext current(Context context) {
    return SPAN.get(context);
  }

  @Override
  public <R> SpanContext receiveRequest(Context context, io.vertx.core.spi.tracing.SpanKind kind,
                                        TracingPolicy policy, R request, String operation,
                                        Iterable<Map.Entry<String, String>> headers, TagExtractor<R> tags) {
    if (policy == TracingPolicy.IGNORE) {
      return null;
    }
    SpanContext caller = Span.fromContext(W3C.extract(ROOT, headers, HEADERS_IN)).getSpanContext();
    if (!caller.isValid() && policy == TracingPolicy.PROPAGATE) {
      return null;
    }
    SpanContext span = caller.isValid() ? childOf(caller) : newTrace(operation);
    SPAN.put(context, span);
    return span;
  }

  @Override
  public <R> void sendResponse(Context context, R response, SpanContext span, Throwable failure,
                               TagExtractor<R> tags) {
    if (span != null) {
      SPAN.remove(context);
    }
  }

  @Override
  public <R> SpanContext sendRequest(Context context, io.vertx.core.spi.tracing.SpanKind kind,
                                     TracingPolicy policy, R request, String operation,
                                     BiConsumer<String, String> headers, TagExtractor<R> tags) {
    if (policy == TracingPolicy.IGNORE || request == null) {
      return null;
    }
    SpanContext parent = current(context);
    if (parent == null && policy != TracingPolicy.ALWAYS) {
      return null;
    }
    SpanContext span = parent != null ? childOf(parent) : newTrace(operation);
    W3C.inject(ROOT.with(Span.wrap(span)), headers, HEADERS_OUT);
    return span;
  }

  /** A span of {@code parent}'s trace, with an id of its own. */
  SpanContext childOf(SpanContext parent) {
    return SpanContext.create(parent.getTraceId(), ids.generateSpanId(), parent.getTraceFlags(), parent.getTraceState());
  }

  /** The first span of a new trace, sampled at the ratio. */
  SpanContext newTrace(String operation) {
    String traceId = ids.generateTraceId();
    boolean sampled = newTraces.shouldSample(ROOT, traceId, operation, SpanKind.SERVER, Attributes.empty(), List.of())
        .getDecision() == SamplingDecision.RECORD_AND_SAMPLE;
    return SpanContext.create(traceId, ids.generateSpanId(), sampled ? TraceFlags.getSampled() : TraceFlags.getDefault(),
        TraceState.getDefault());
  }
}
