package dev.vertxelastic.platform.tracing;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.TracerProvider;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.sdk.trace.IdGenerator;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import io.opentelemetry.sdk.trace.samplers.SamplingDecision;

import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Tracing for a process that exports nothing: every span gets ids of its own (continuing its
 * parent's trace, trace state and sampled flag; a new trace is sampled at the configured ratio, so
 * the services after this one record what they would have), and nothing else. The SDK would build
 * a recording span with its attributes for each request only to drop it.
 */
final class PropagatingTracer implements Tracer {

  private final Sampler newTraces;
  private final IdGenerator ids = IdGenerator.random();

  private PropagatingTracer(double sampleRatio) {
    this.newTraces = Sampler.traceIdRatioBased(sampleRatio);
  }

  /** An OpenTelemetry whose every tracer is a propagating one. */
  static OpenTelemetry openTelemetry(ContextPropagators propagators, double sampleRatio) {
    Tracer tracer = new PropagatingTracer(sampleRatio);
    TracerProvider provider = new TracerProvider() {
      @Override
      public Tracer get(String instrumentationScopeName) {
        return tracer;
      }

      @Override
      public Tracer get(String instrumentationScopeName, String instrumentationScopeVersion) {
        return tracer;
      }
    };
    return new OpenTelemetry() {
      @Override
      public TracerProvider getTracerProvider() {
        return provider;
      }

      @Override
      public ContextPropagators getPropagators() {
        return propagators;
      }
    };
  }

  @Override
  public SpanBuilder spanBuilder(String spanName) {
    return new Builder(spanName);
  }

  private final class Builder implements SpanBuilder {
    private final String name;
    private Context parent;
    private SpanKind kind = SpanKind.INTERNAL;

    Builder(String name) {
      this.name = name;
    }

    @Override
    public Span startSpan() {
      SpanContext parentSpan = Span.fromContext(parent == null ? Context.current() : parent).getSpanContext();
      if (parentSpan.isValid()) {
        return Span.wrap(SpanContext.create(parentSpan.getTraceId(), ids.generateSpanId(),
            parentSpan.getTraceFlags(), parentSpan.getTraceState()));
      }
      String traceId = ids.generateTraceId();
      boolean sampled = newTraces.shouldSample(Context.root(), traceId, name, kind, Attributes.empty(), List.of())
          .getDecision() == SamplingDecision.RECORD_AND_SAMPLE;
      return Span.wrap(SpanContext.create(traceId, ids.generateSpanId(),
          sampled ? TraceFlags.getSampled() : TraceFlags.getDefault(), TraceState.getDefault()));
    }

    @Override
    public SpanBuilder setParent(Context context) {
      parent = context;
      return this;
    }

    @Override
    public SpanBuilder setNoParent() {
      parent = Context.root();
      return this;
    }

    @Override
    public SpanBuilder setSpanKind(SpanKind spanKind) {
      kind = spanKind;
      return this;
    }

    @Override
    public SpanBuilder addLink(SpanContext spanContext) {
      return this;
    }

    @Override
    public SpanBuilder addLink(SpanContext spanContext, Attributes attributes) {
      return this;
    }

    @Override
    public SpanBuilder setAttribute(String key, String value) {
      return this;
    }

    @Override
    public SpanBuilder setAttribute(String key, long value) {
      return this;
    }

    @Override
    public SpanBuilder setAttribute(String key, double value) {
      return this;
    }

    @Override
    public SpanBuilder setAttribute(String key, boolean value) {
      return this;
    }

    @Override
    public <T> SpanBuilder setAttribute(AttributeKey<T> key, T value) {
      return this;
    }

    @Override
    public SpanBuilder setAllAttributes(Attributes attributes) {
      return this;
    }

    @Override
    public SpanBuilder setStartTimestamp(long startTimestamp, TimeUnit unit) {
      return this;
    }
  }
}
