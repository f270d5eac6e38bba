package dev.vertxelastic.platform.tracing;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;

import java.net.URI;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

/**
 * A real OTLP/HTTP trace receiver for tests (what a collector or Jaeger does on port 4318):
 * accepts {@code POST /v1/traces} with a protobuf {@code ExportTraceServiceRequest}, keeps every span
 * with its resource, and counts the connections opened to it.
 */
public final class OtlpReceiver {

  /** One received span, ids in lower-case hex, parent empty for a root span. */
  public record ReceivedSpan(String service, String instance, String traceId, String spanId, String parentSpanId,
                             String name, Span.SpanKind kind, Map<String, String> attributes) {
  }

  private final List<ReceivedSpan> spans = new CopyOnWriteArrayList<>();
  private final List<Map<String, String>> exportHeaders = new CopyOnWriteArrayList<>();
  private final AtomicInteger connections = new AtomicInteger();
  private HttpServer server;

  private OtlpReceiver() {
  }

  public static Future<OtlpReceiver> start(Vertx vertx) {
    OtlpReceiver receiver = new OtlpReceiver();
    return vertx.createHttpServer()
        .connectionHandler(c -> receiver.connections.incrementAndGet())
        .requestHandler(receiver::handle)
        .listen(0, "127.0.0.1")
        .map(s -> {
          receiver.server = s;
          return receiver;
        });
  }

  /** The base URL, for {@code OTEL_EXPORTER_OTLP_ENDPOINT}. */
  public URI endpoint() {
    return URI.create("http://127.0.0.1:" + server.actualPort());
  }

  public List<ReceivedSpan> spans() {
    return List.copyOf(spans);
  }

  public List<ReceivedSpan> spansOf(String traceId) {
    return spans.stream().filter(s -> s.traceId().equals(traceId)).toList();
  }

  /** The headers of every export request received, names in lower case. */
  public List<Map<String, String>> exportHeaders() {
    return List.copyOf(exportHeaders);
  }

  /** TCP connections ever opened to this receiver. */
  public int connections() {
    return connections.get();
  }

  public Future<Void> close() {
    return server.close();
  }

  private void handle(HttpServerRequest request) {
    if (request.method().name().equals("POST") && request.path().equals("/v1/traces")) {
      exportHeaders.add(request.headers().entries().stream()
          .collect(Collectors.toMap(e -> e.getKey().toLowerCase(), Map.Entry::getValue, (a, b) -> a + "," + b)));
      request.body().onSuccess(body -> {
        try {
          record(ExportTraceServiceRequest.parseFrom(body.getBytes()));
          request.response().putHeader("Content-Type", "application/x-protobuf")
              .end(Buffer.buffer(ExportTraceServiceResponse.getDefaultInstance().toByteArray()));
        } catch (InvalidProtocolBufferException e) {
          request.response().setStatusCode(400).end(e.getMessage());
        }
      });
    } else {
      request.response().setStatusCode(404).end();
    }
  }

  private void record(ExportTraceServiceRequest export) {
    for (ResourceSpans resourceSpans : export.getResourceSpansList()) {
      Map<String, String> resource = attributes(resourceSpans.getResource().getAttributesList());
      for (ScopeSpans scope : resourceSpans.getScopeSpansList()) {
        for (Span span : scope.getSpansList()) {
          spans.add(new ReceivedSpan(resource.get("service.name"), resource.get("service.instance.id"),
              hex(span.getTraceId()), hex(span.getSpanId()), hex(span.getParentSpanId()), span.getName(), span.getKind(),
              attributes(span.getAttributesList())));
        }
      }
    }
  }

  private static Map<String, String> attributes(List<KeyValue> values) {
    return values.stream().collect(Collectors.toMap(KeyValue::getKey, kv -> kv.getValue().getStringValue(), (a, b) -> b));
  }

  private static String hex(ByteString bytes) {
    return HexFormat.of().formatHex(bytes.toByteArray());
  }
}
