package dev.vertxelastic.platform.metrics;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code GET /metrics}: the registry's Prometheus text, rendered on a worker thread. Vert.x's
 * {@code PrometheusScrapingHandler} renders on the event loop, and a busy game instance's scrape (83-115 KB)
 * held its loop, and every session's tick on it, for milliseconds to tens of them each time Prometheus came.
 * Scrapes that arrive while one renders share its text, so at most one rendering per handler is under way.
 * Gauges are read on the worker; {@code publish} runs first, on the event loop, for the gauges that
 * report state only the event loop may touch.
 */
final class ScrapeHandler implements Handler<RoutingContext> {

  /** What Vert.x's handler answers with: the Prometheus text format 0.0.4. */
  static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

  private final PrometheusMeterRegistry registry;
  private final Runnable publish;
  /** The scrape being rendered; read and written on the server's event loop only. */
  private Future<Buffer> rendering;

  ScrapeHandler(PrometheusMeterRegistry registry, Runnable publish) {
    this.registry = registry;
    this.publish = publish;
  }

  @Override
  public void handle(RoutingContext ctx) {
    Future<Buffer> shared = rendering;
    if (shared == null) {
      publish.run();
      Future<Buffer> started = ctx.vertx().executeBlocking(() -> Buffer.buffer(registry.scrape()), false);
      rendering = started;
      // A future that is already complete runs this at once, on this thread: hence after the assignment.
      started.onComplete(done -> {
        if (rendering == started) {
          rendering = null;
        }
      });
      shared = started;
    }
    shared.onComplete(text -> {
      HttpServerResponse response = ctx.response();
      if (response.closed() || response.ended()) {
        return;
      }
      if (text.failed()) {
        ctx.fail(text.cause());
        return;
      }
      response.putHeader(HttpHeaders.CONTENT_TYPE, CONTENT_TYPE).end(text.result());
    });
  }
}
