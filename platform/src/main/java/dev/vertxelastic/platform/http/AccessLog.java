package dev.vertxelastic.platform.http;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

import java.time.Instant;
import java.util.logging.Logger;

/** One JSON line per request on the {@code access} logger, written when the response ends. */
public final class AccessLog {

  private static final Logger LOG = Logger.getLogger("access");
  private final String service;
  private final String instance;

  public AccessLog(String service, String instance) {
    this.service = service;
    this.instance = instance;
  }

  public void handle(RoutingContext ctx) {
    long start = System.nanoTime();
    ctx.addEndHandler(ar -> {
      if (LOG.isLoggable(java.util.logging.Level.INFO)) {
        LOG.info(line(ctx, (System.nanoTime() - start) / 1_000_000.0, ar.succeeded()).encode());
      }
    });
    ctx.next();
  }

  JsonObject line(RoutingContext ctx, double millis, boolean completed) {
    return new JsonObject()
        .put("ts", Instant.now().toString())
        .put("type", "access")
        .put("service", service)
        .put("instance", instance)
        .put("requestId", RequestIds.get(ctx))
        .put("method", ctx.request().method().name())
        .put("path", ctx.request().path())
        .put("status", ctx.response().getStatusCode())
        .put("bytes", ctx.response().bytesWritten())
        .put("durationMs", Math.round(millis * 10) / 10.0)
        .put("completed", completed)
        .put("remote", ctx.request().remoteAddress() == null ? null : ctx.request().remoteAddress().host());
  }
}
