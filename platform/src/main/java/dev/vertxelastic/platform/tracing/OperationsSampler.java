package dev.vertxelastic.platform.tracing;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.trace.data.LinkData;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import io.opentelemetry.sdk.trace.samplers.SamplingResult;

import java.util.List;

/**
 * Leaves probes and scrapes out of the traces: a server span that starts a trace on
 * {@code /health/*} or {@code /metrics} is not recorded (it still has ids, so its access-log line
 * shows one). Everything else is decided by the delegate.
 */
final class OperationsSampler implements Sampler {

  static final AttributeKey<String> URL_PATH = AttributeKey.stringKey("url.path");
  private final Sampler delegate;

  OperationsSampler(Sampler delegate) {
    this.delegate = delegate;
  }

  @Override
  public SamplingResult shouldSample(Context parent, String traceId, String name, SpanKind kind, Attributes attributes,
                                     List<LinkData> links) {
    if (kind == SpanKind.SERVER && !Span.fromContext(parent).getSpanContext().isValid() && operational(attributes.get(URL_PATH))) {
      return SamplingResult.drop();
    }
    return delegate.shouldSample(parent, traceId, name, kind, attributes, links);
  }

  static boolean operational(String path) {
    return path != null && (path.startsWith("/health/") || path.equals("/metrics"));
  }

  @Override
  public String getDescription() {
    return "OperationsSampler{" + delegate.getDescription() + "}";
  }
}
