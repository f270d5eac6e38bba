package dev.vertxelastic.platform.metrics;

import dev.vertxelastic.platform.http.Problem;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * {@code GET /metrics}: the registry's Prometheus text, rendered on a worker thread. Vert.x's
 * {@code PrometheusScrapingHandler} renders on the event loop, and a busy game instance's scrape (83-115 KB)
 * held its loop, and every session's tick on it, for milliseconds to tens of them each time Prometheus came.
 * {@code ?name[]=a&name[]=b} renders only those metric families, as the Prometheus Java client's
 * exporters do (a histogram by its name, a counter with or without {@code _total}); a bad name is a 400.
 * Scrapes that arrive while one with the same names renders share its text, and at most
 * {@value #MAX_RENDERINGS} different ones render at once (429 beyond). Gauges are read on the worker;
 * {@code publish} runs first, on the event loop, for the gauges that report state only the event loop may touch.
 */
final class ScrapeHandler implements Handler<RoutingContext> {

  /** What Vert.x's handler answers with: the Prometheus text format 0.0.4. */
  static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";
  static final int MAX_NAMES = 32;
  static final int MAX_RENDERINGS = 4;
  private static final String NAME_PARAM = "name[]";
  private static final Pattern METRIC_NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]{0,199}");
  // Micrometer names a family without the sample suffixes: game_sessions_dropped, not game_sessions_dropped_total.
  private static final List<String> SAMPLE_SUFFIXES = List.of("_total", "_created", "_bucket", "_count", "_sum");

  private final PrometheusMeterRegistry registry;
  private final Runnable publish;
  /** The scrapes being rendered, by the names they asked for ("" for all); read and written on the server's event loop only. */
  private final Map<String, Future<Buffer>> renderings = new HashMap<>();

  ScrapeHandler(PrometheusMeterRegistry registry, Runnable publish) {
    this.registry = registry;
    this.publish = publish;
  }

  @Override
  public void handle(RoutingContext ctx) {
    Set<String> asked = new TreeSet<>(ctx.queryParam(NAME_PARAM));
    Problem bad = check(asked);
    if (bad != null) {
      ctx.fail(bad);
      return;
    }
    String key = String.join(",", asked);
    Future<Buffer> shared = renderings.get(key);
    if (shared == null) {
      if (renderings.size() >= MAX_RENDERINGS) {
        ctx.fail(new Problem(429, "Too Many Requests", "Too many different scrapes are being rendered; retry.",
            List.of(), Map.of("Retry-After", "1")));
        return;
      }
      publish.run();
      Set<String> families = asked.isEmpty() ? null : families(asked);
      Future<Buffer> started = ctx.vertx().executeBlocking(() -> Buffer.buffer(
          families == null ? registry.scrape() : registry.scrape(CONTENT_TYPE, families)), false);
      renderings.put(key, started);
      // A future that is already complete runs this at once, on this thread: hence after the put.
      started.onComplete(done -> renderings.remove(key, started));
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

  /** Why these {@code name[]} values cannot be served, or null when they can. */
  static Problem check(Set<String> names) {
    if (names.size() > MAX_NAMES) {
      return Problem.invalid(List.of(new Problem.FieldError(NAME_PARAM, "at most " + MAX_NAMES + " names")));
    }
    if (names.stream().anyMatch(name -> !METRIC_NAME.matcher(name).matches())) {
      return Problem.invalid(List.of(new Problem.FieldError(NAME_PARAM,
          "not a metric name (at most 200 of [a-zA-Z0-9_:], not starting with a digit)")));
    }
    return null;
  }

  /** The family names a scrape of {@code names} includes: each name, and the name without a sample suffix. */
  static Set<String> families(Set<String> names) {
    Set<String> families = new HashSet<>(names);
    for (String name : names) {
      SAMPLE_SUFFIXES.stream().filter(name::endsWith).findFirst()
          .ifPresent(suffix -> families.add(name.substring(0, name.length() - suffix.length())));
    }
    return families;
  }
}
