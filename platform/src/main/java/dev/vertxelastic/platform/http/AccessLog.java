package dev.vertxelastic.platform.http;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import dev.vertxelastic.platform.tracing.Tracing;
import io.opentelemetry.api.trace.SpanContext;
import io.vertx.core.net.SocketAddress;
import io.vertx.ext.web.RoutingContext;

import java.time.Instant;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One JSON line per request on the {@code access} logger, written when the response ends, with the
 * request's {@code traceId} and {@code spanId} (its HTTP server span) when it is traced. A
 * WebSocket upgrade has no response end: its line (status 101) is written when the 101 goes out
 * through the response (a proxied upgrade), or when the service calls {@link #upgraded} after
 * {@code toWebSocket()} succeeded. Probes and scrapes ({@code /health/*}, {@code /metrics}) are left
 * out unless asked for ({@code ACCESS_LOG_PROBES=true}): a kubelet or a local probe writes several a second.
 */
public final class AccessLog {

  private static final Logger LOG = Logger.getLogger("access");
  private static final String WRITER = "accessLog.writer";
  /** The fields every line of this instance has, escaped once: {@code "type","service","instance"}. */
  private final String constant;
  private final boolean probes;
  /** The last second a line was written in, formatted: most lines share it with the one before. */
  private static volatile Second lastSecond = new Second(Long.MIN_VALUE, "");

  public AccessLog(String service, String instance, boolean probes) {
    StringBuilder fields = new StringBuilder();
    field(fields, "type", "access").append(',');
    field(fields, "service", service).append(',');
    field(fields, "instance", instance).append(',');
    this.constant = fields.toString();
    this.probes = probes;
  }

  /** Whether {@code path} is a probe's or a scraper's, which the log skips unless asked for. */
  static boolean isProbe(String path) {
    return path.startsWith("/health/") || path.equals("/metrics");
  }

  public void handle(RoutingContext ctx) {
    if (!probes && isProbe(ctx.request().path())) {
      ctx.next();
      return;
    }
    long start = System.nanoTime();
    // Read now: the server span's scope is closed by the time the response has ended.
    SpanContext span = Tracing.currentSpan();
    AtomicBoolean written = new AtomicBoolean();
    Consumer<Boolean> writer = completed -> {
      if (written.compareAndSet(false, true) && LOG.isLoggable(Level.INFO)) {
        LOG.info(line(ctx, span, (System.nanoTime() - start) / 1_000_000.0, completed));
      }
    };
    ctx.addEndHandler(ar -> writer.accept(ar.succeeded()));
    if (ctx.request().canUpgradeToWebSocket()) {
      ctx.put(WRITER, writer);
      ctx.addHeadersEndHandler(v -> {
        if (ctx.response().getStatusCode() == 101) {
          writer.accept(true);
        }
      });
    }
    ctx.next();
  }

  /** Writes the line of a request upgraded to a WebSocket (status 101) by {@code toWebSocket()}; once per request. */
  public static void upgraded(RoutingContext ctx) {
    Consumer<Boolean> writer = ctx.get(WRITER);
    if (writer != null) {
      writer.accept(true);
    }
  }

  /** The line as JSON text, written field by field (no tree, no generator: one is written per request). */
  String line(RoutingContext ctx, SpanContext span, double millis, boolean completed) {
    StringBuilder line = new StringBuilder(384).append('{');
    timestamp(line.append("\"ts\":\""), Instant.now()).append("\",").append(constant);
    field(line, "requestId", RequestIds.get(ctx)).append(',');
    if (span.isValid()) {
      field(line, "traceId", span.getTraceId()).append(',');
      field(line, "spanId", span.getSpanId()).append(',');
    }
    field(line, "method", ctx.request().method().name()).append(',');
    field(line, "path", ctx.request().path()).append(',');
    line.append("\"status\":").append(ctx.response().getStatusCode())
        .append(",\"bytes\":").append(ctx.response().bytesWritten())
        .append(",\"durationMs\":").append(Math.round(millis * 10) / 10.0)
        .append(",\"completed\":").append(completed).append(',');
    SocketAddress remote = ctx.request().remoteAddress();
    return field(line, "remote", remote == null ? null : remote.host()).append('}').toString();
  }

  /** Appends {@code "name":"value"} (or {@code null}), the value escaped as a JSON string. */
  static StringBuilder field(StringBuilder line, String name, String value) {
    line.append('"').append(name).append("\":");
    if (value == null) {
      return line.append("null");
    }
    line.append('"');
    if (needsEscaping(value)) {
      JsonStringEncoder.getInstance().quoteAsString(value, line);
    } else {
      line.append(value);
    }
    return line.append('"');
  }

  /** Whether {@code value} has a character that JSON escapes, or one beyond ASCII (left to Jackson's rules). */
  private static boolean needsEscaping(String value) {
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c < 0x20 || c == '"' || c == '\\' || c > 0x7e) {
        return true;
      }
    }
    return false;
  }

  /** Appends {@code now.toString()}: the date and time formatted once a second, the fraction as ISO-8601 has it (3, 6 or 9 digits, none when zero). */
  static StringBuilder timestamp(StringBuilder line, Instant now) {
    Second second = lastSecond;
    if (second.epochSecond() != now.getEpochSecond()) {
      String whole = Instant.ofEpochSecond(now.getEpochSecond()).toString();
      second = new Second(now.getEpochSecond(), whole.substring(0, whole.length() - 1));
      lastSecond = second;
    }
    line.append(second.text());
    int nanos = now.getNano();
    if (nanos != 0) {
      int digits = nanos % 1_000_000 == 0 ? 3 : nanos % 1_000 == 0 ? 6 : 9;
      int fraction = digits == 3 ? nanos / 1_000_000 : digits == 6 ? nanos / 1_000 : nanos;
      line.append('.');
      for (int unit = digits == 3 ? 100 : digits == 6 ? 100_000 : 100_000_000; unit > 0; unit /= 10) {
        line.append((char) ('0' + fraction / unit % 10));
      }
    }
    return line.append('Z');
  }

  /** A second since the epoch and its text up to the fraction ({@code 2026-11-29T10:27:08}). */
  private record Second(long epochSecond, String text) {
  }
}
