package dev.vertxelastic.platform.metrics;

import dev.vertxelastic.platform.testing.Await;
import dev.vertxelastic.platform.testing.OnOneContext;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code GET /metrics} through {@link Metrics#scrapeHandler}: rendered on a worker, published on the event loop first. */
class ScrapeHandlerTest {

  final Vertx vertx = Vertx.builder().with(new VertxOptions().setMetricsOptions(Metrics.options("scrape-test", Set.of())))
      .withMetrics(Metrics.factory()).build();
  final Vertx clients = Vertx.vertx();
  final OnOneContext user = OnOneContext.of(clients);
  final MeterRegistry registry = Metrics.registry("scrape-test");
  final AtomicInteger publishes = new AtomicInteger();
  final AtomicBoolean publishedOnEventLoop = new AtomicBoolean();
  final AtomicInteger arrivals = new AtomicInteger();
  volatile int published;

  @AfterEach
  void close() {
    Await.result(clients.close());
    Await.result(vertx.close());
  }

  /** A server whose {@code /metrics} publishes a counter of publications for the gauge {@code probe} to report. */
  int server(Supplier<Number> probe) {
    Gauge.builder("scrape.probe", probe).register(registry);
    Router router = Router.router(vertx);
    router.get("/metrics").handler(ctx -> {
      arrivals.incrementAndGet();
      ctx.next();
    });
    router.get("/metrics").handler(Metrics.scrapeHandler("scrape-test", () -> {
      publishedOnEventLoop.set(Context.isOnEventLoopThread());
      published = publishes.incrementAndGet();
    }));
    return Await.result(vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1")).actualPort();
  }

  Future<List<String>> scrape(HttpClient client, int port) {
    return user.call(() -> client.request(HttpMethod.GET, port, "127.0.0.1", "/metrics")
        .compose(request -> request.send())
        .compose(r -> r.body().map(body -> List.of(String.valueOf(r.statusCode()), r.getHeader("content-type"), body.toString()))));
  }

  @Test
  void aScrapeReadsTheGaugesOnAWorkerThreadAfterPublishingOnTheEventLoop() {
    AtomicReference<String> readOn = new AtomicReference<>();
    int port = server(() -> {
      readOn.set(Thread.currentThread().getName());
      return (double) published;
    });

    List<String> response = Await.result(scrape(clients.createHttpClient(), port));

    assertEquals("200", response.get(0));
    assertEquals("text/plain; version=0.0.4; charset=utf-8", response.get(1));
    assertTrue(response.get(2).contains("\nscrape_probe 1.0\n"), response.get(2));
    assertTrue(publishedOnEventLoop.get(), "published on the event loop");
    assertTrue(readOn.get().startsWith("vert.x-worker-thread-"), "gauge read on " + readOn.get());
  }

  @Test
  void timersPublishHistogramBucketsButThePoolTimersOnlyTheirCountSumAndMax() {
    int port = server(() -> (double) published);
    HttpClient client = clients.createHttpClient();

    Await.result(scrape(client, port));
    // The first scrape ran on the worker pool and was answered by the HTTP server: both are metered now.
    String text = Await.result(scrape(client, port)).get(2);

    assertTrue(text.contains("vertx_http_server_response_time_seconds_bucket{"), text);
    assertTrue(text.contains("vertx_pool_usage_seconds_count{"), text);
    assertTrue(text.contains("vertx_pool_queue_time_seconds_max{"), text);
    assertTrue(!text.contains("vertx_pool_usage_seconds_bucket") && !text.contains("vertx_pool_queue_time_seconds_bucket"), text);
  }

  @Test
  void eachScrapeAfterTheLastOneEndedRendersAnew() {
    int port = server(() -> (double) published);
    HttpClient client = clients.createHttpClient();

    for (int i = 1; i <= 20; i++) {
      String text = Await.result(scrape(client, port)).get(2);
      assertTrue(text.contains("\nscrape_probe " + i + ".0\n"), "scrape " + i + ":\n" + text);
    }
  }

  @Test
  void scrapesThatArriveWhileOneRendersShareItsText() throws InterruptedException {
    CountDownLatch release = new CountDownLatch(1);
    AtomicInteger renderings = new AtomicInteger();
    int port = server(() -> {
      renderings.incrementAndGet();
      try {
        release.await(Await.DEADLINE.toSeconds(), TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return (double) published;
    });
    HttpClient client = clients.createHttpClient();

    Future<List<String>> first = scrape(client, port);
    Await.until("the first scrape renders", () -> renderings.get() == 1);
    Future<List<String>> second = scrape(client, port);
    Future<List<String>> third = scrape(client, port);
    Await.until("both later scrapes reach the handler", () -> arrivals.get() == 3);
    release.countDown();

    for (Future<List<String>> scrape : List.of(first, second, third)) {
      List<String> response = Await.result(scrape);
      assertEquals("200", response.get(0));
      assertTrue(response.get(2).contains("\nscrape_probe 1.0\n"), response.get(2));
    }
    assertEquals(1, renderings.get());
    assertEquals(1, publishes.get());

    assertTrue(Await.result(scrape(client, port)).get(2).contains("\nscrape_probe 2.0\n"), "a scrape after them renders anew");
    assertEquals(2, renderings.get());
  }
}
