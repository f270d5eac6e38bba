package dev.vertxelastic.platform.tracing;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.MeterProvider;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporterBuilder;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VertxOptions;
import io.vertx.core.internal.ContextInternal;
import io.vertx.core.spi.VertxTracerFactory;
import io.vertx.tracing.opentelemetry.OpenTelemetryOptions;
import io.vertx.tracing.opentelemetry.OpenTelemetryTracingFactory;
import io.vertx.tracing.opentelemetry.VertxContextStorageProvider.VertxContextStorage;

/**
 * The OpenTelemetry of one service instance (one Vert.x): W3C trace-context propagation always;
 * when {@link TracingSettings#exporting()}, an SDK with its own resource ({@code service.name},
 * {@code service.instance.id}) and an OTLP exporter, otherwise ids and propagation only
 * ({@link PropagatingTracer}). Never registered globally, so several instances in one JVM each
 * report as themselves. {@link #shutdown()} flushes what is left.
 */
public final class Tracing {

  static final AttributeKey<String> SERVICE_NAME = AttributeKey.stringKey("service.name");
  static final AttributeKey<String> SERVICE_INSTANCE_ID = AttributeKey.stringKey("service.instance.id");
  // As Vert.x's HTTP server tags it (a string).
  static final AttributeKey<String> STATUS_CODE = AttributeKey.stringKey("http.response.status_code");

  /** Null when nothing is exported: then {@link #propagating} is the tracer. */
  private final OpenTelemetrySdk sdk;
  private final PropagatingTracer propagating;

  private Tracing(OpenTelemetrySdk sdk, PropagatingTracer propagating) {
    this.sdk = sdk;
    this.propagating = propagating;
  }

  public static Tracing create(TracingSettings settings, String serviceName, String instanceId) {
    if (!settings.exporting()) {
      return new Tracing(null, new PropagatingTracer(settings.sampleRatio()));
    }
    ContextPropagators propagators = ContextPropagators.create(W3CTraceContextPropagator.getInstance());
    Resource resource = Resource.getDefault().merge(Resource.create(Attributes.of(
        SERVICE_NAME, serviceName, SERVICE_INSTANCE_ID, instanceId)));
    Sampler sampler = new OperationsSampler(Sampler.parentBased(Sampler.traceIdRatioBased(settings.sampleRatio())));
    OtlpHttpSpanExporterBuilder exporter = OtlpHttpSpanExporter.builder()
        .setEndpoint(settings.tracesEndpoint().toString())
        // Not the global meter provider: nothing here may touch GlobalOpenTelemetry.
        .setMeterProvider(MeterProvider.noop());
    settings.headers().forEach(exporter::addHeader);
    SdkTracerProvider provider = SdkTracerProvider.builder().setResource(resource).setSampler(sampler)
        .addSpanProcessor(BatchSpanProcessor.builder(exporter.build()).setMeterProvider(MeterProvider.noop()).build())
        .build();
    OpenTelemetrySdk sdk = OpenTelemetrySdk.builder().setTracerProvider(provider).setPropagators(propagators).build();
    return new Tracing(sdk, null);
  }

  /** Turns tracing on in the options of the Vert.x being built (its tracer comes from {@link #tracerFactory()}). */
  public VertxOptions configure(VertxOptions options) {
    return options.setTracingOptions(new OpenTelemetryOptions());
  }

  /** The Vert.x tracer factory of this instance: Vert.x's OpenTelemetry tracer on its SDK, or the propagating tracer (for {@code Vertx.builder().withTracer}). */
  public VertxTracerFactory tracerFactory() {
    return sdk != null ? new OpenTelemetryTracingFactory(sdk) : options -> propagating;
  }

  public boolean exporting() {
    return sdk != null;
  }

  /** Ends this SDK: spans still queued are exported first (bounded by the exporter's timeout). */
  public Future<Void> shutdown() {
    if (sdk == null) {
      return Future.succeededFuture();
    }
    Promise<Void> done = Promise.promise();
    sdk.shutdown().whenComplete(done::tryComplete);
    return done.future();
  }

  /**
   * The span of the Vert.x context running now (the HTTP server span inside a request handler), or
   * an invalid one outside a traced context.
   */
  public static SpanContext currentSpan() {
    ContextInternal context = ContextInternal.current();
    if (context == null || context.tracer() == null) {
      return SpanContext.getInvalid();
    }
    if (context.tracer() instanceof PropagatingTracer) {
      SpanContext span = PropagatingTracer.current(context);
      return span == null ? SpanContext.getInvalid() : span;
    }
    Context current = VertxContextStorage.INSTANCE.current();
    return current == null ? SpanContext.getInvalid() : Span.fromContext(current).getSpanContext();
  }

  /**
   * Ends the current HTTP server span with {@code status}, for a request whose connection was taken
   * over as a raw socket (a proxied WebSocket upgrade): Vert.x ends a server span when its response
   * ends, which a tunnelled connection never does.
   */
  public static void endTakenOverRequest(int status) {
    ContextInternal context = ContextInternal.current();
    // A propagating tracer's spans record nothing: there is nothing to end.
    Context current = context == null || context.tracer() == null || context.tracer() instanceof PropagatingTracer
        ? null : VertxContextStorage.INSTANCE.current();
    if (current != null) {
      Span span = Span.fromContext(current);
      span.setAttribute(STATUS_CODE, Integer.toString(status));
      span.end();
    }
  }

  /** The {@code traceparent} header value of the current span, or null outside a traced context. */
  public static String currentTraceparent() {
    SpanContext span = currentSpan();
    if (!span.isValid()) {
      return null;
    }
    return "00-" + span.getTraceId() + "-" + span.getSpanId() + "-" + span.getTraceFlags().asHex();
  }
}
