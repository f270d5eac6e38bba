package dev.vertxelastic.platform.metrics;

import dev.vertxelastic.platform.http.Problems;
import dev.vertxelastic.platform.testing.Await;
import dev.vertxelastic.platform.testing.OnOneContext;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
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
import java.util.stream.Collectors;
import java.util.stream.IntStream;

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
    Problems.install(router);
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

  /** A probe that counts the renderings that read it and holds each until {@code release}. */
  Supplier<Number> heldUntil(CountDownLatch release, AtomicInteger renderings) {
    return () -> {
      renderings.incrementAndGet();
      try {
        release.await(Await.DEADLINE.toSeconds(), TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return (double) published;
    };
  }

  Future<List<String>> scrape(HttpClient client, int port) {
    return scrape(client, port, "/metrics");
  }

  Future<List<String>> scrape(HttpClient client, int port, String uri) {
    return user.call(() -> client.request(HttpMethod.GET, port, "127.0.0.1", uri)
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
  void theJvmMetricsLeaveOutTheGaugesThatCostMostToRead() {
    int port = server(() -> (double) published);

    String text = Await.result(scrape(clients.createHttpClient(), port)).get(2);

    assertTrue(text.contains("\njvm_memory_used_bytes{") && text.contains("\njvm_threads_live_threads ")
        && text.contains("\nprocess_cpu_time_ns_total ") && text.contains("\nsystem_cpu_count "), text);
    for (String left : List.of("process_cpu_usage", "system_cpu_usage", "jvm_threads_states_threads")) {
      assertTrue(!text.contains(left), left + " in:\n" + text);
    }
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
  void scrapesThatArriveWhileOneRendersShareItsText() {
    CountDownLatch release = new CountDownLatch(1);
    AtomicInteger renderings = new AtomicInteger();
    int port = server(heldUntil(release, renderings));
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

  @Test
  void nameParametersRenderOnlyThoseFamilies() {
    int port = server(() -> (double) published);
    Counter.builder("scrape.hits").register(registry).increment();
    HttpClient client = clients.createHttpClient();
    Await.result(scrape(client, port));

    // As Prometheus sends them (params: name[]), and as typed; a counter by its sample name.
    for (String uri : List.of("/metrics?name%5B%5D=scrape_probe&name%5B%5D=scrape_hits_total", "/metrics?name[]=scrape_probe&name[]=scrape_hits")) {
      List<String> response = Await.result(scrape(client, port, uri));
      assertEquals("200", response.get(0), uri);
      assertEquals("text/plain; version=0.0.4; charset=utf-8", response.get(1));
      String text = response.get(2);
      assertTrue(text.contains("\nscrape_probe ") && text.contains("\nscrape_hits_total 1.0\n"), uri + ":\n" + text);
      assertEquals(List.of("scrape_hits_total", "scrape_probe"),
          text.lines().filter(line -> !line.startsWith("#")).map(line -> line.split("[ {]")[0]).sorted().toList(), text);
    }
  }

  @Test
  void aNameThatIsNoMetricNameIsAProblem() {
    int port = server(() -> (double) published);
    HttpClient client = clients.createHttpClient();

    for (String uri : List.of("/metrics?name[]=1st", "/metrics?name[]=", "/metrics?name[]=a%20b", "/metrics?name[]=" + "a".repeat(201))) {
      List<String> response = Await.result(scrape(client, port, uri));
      assertEquals("400", response.get(0), uri);
      assertEquals("application/problem+json", response.get(1), uri);
      assertTrue(response.get(2).contains("\"field\":\"name[]\""), response.get(2));
    }
    String many = IntStream.rangeClosed(0, ScrapeHandler.MAX_NAMES).mapToObj(i -> "name[]=m" + i).collect(Collectors.joining("&"));
    assertEquals("400", Await.result(scrape(client, port, "/metrics?" + many)).get(0));
    assertEquals(0, publishes.get(), "nothing rendered");
  }

  @Test
  void differentScrapesRenderApartAndAtMostFourAtOnce() {
    CountDownLatch release = new CountDownLatch(1);
    AtomicInteger renderings = new AtomicInteger();
    int port = server(heldUntil(release, renderings));
    // Six requests at once: more than the client's default pool of five connections.
    HttpClient client = clients.createHttpClient(new PoolOptions().setHttp1MaxSize(8));
    List<String> uris = List.of("/metrics", "/metrics?name[]=scrape_probe", "/metrics?name[]=scrape_probe&name[]=a",
        "/metrics?name[]=a&name[]=scrape_probe&name[]=b");

    List<Future<List<String>>> rendering = uris.stream().map(uri -> scrape(client, port, uri)).toList();
    Await.until("four different scrapes render", () -> renderings.get() == 4);
    Future<List<String>> same = scrape(client, port, "/metrics?name[]=scrape_probe&name[]=a&name[]=scrape_probe");
    Await.until("the fifth scrape reaches the handler", () -> arrivals.get() == 5);
    List<String> fifth = Await.result(scrape(client, port, "/metrics?name[]=scrape_probe&name[]=c"));
    release.countDown();

    assertEquals("429", fifth.get(0));
    assertEquals("application/problem+json", fifth.get(1));
    for (Future<List<String>> scrape : rendering) {
      assertEquals("200", Await.result(scrape).get(0));
    }
    assertEquals("200", Await.result(same).get(0), "the same names share a rendering");
    assertEquals(4, renderings.get());
    assertEquals("200", Await.result(scrape(client, port, "/metrics?name[]=scrape_probe&name[]=c")).get(0), "once they are done");
  }
}
