package dev.vertxelastic.platform.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.micrometer.PrometheusScrapingHandler;

import java.time.Duration;
import java.util.Arrays;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * How long a scrape holds up the event loop of the server it is sent to: Vert.x's
 * {@code PrometheusScrapingHandler} (renders on the event loop) against {@link Metrics#scrapeHandler}
 * (renders on a worker). A registry about the size of a busy game instance's (timers with histogram
 * buckets, about 1,700 lines), a 1 ms periodic timer on the server's event loop that records the
 * longest gap between two of its runs and how late it ran in all (the gaps' excess over 2 ms), and
 * {@code scrapes} scrapes one after the other through each handler, the two alternating for
 * {@code rounds} rounds after one of warm-up. Prints both per round (lateness per scrape), and the
 * medians. Run it on more than one core (unpinned):
 * {@code ./mvnw -q -pl platform test-compile exec:java -Dexec.classpathScope=test -Dexec.mainClass=dev.vertxelastic.platform.metrics.ScrapeStallBenchmark}
 */
public final class ScrapeStallBenchmark {

  private ScrapeStallBenchmark() {
  }

  public static void main(String[] args) {
    int rounds = Integer.getInteger("rounds", 5);
    int scrapes = Integer.getInteger("scrapes", 50);
    Vertx vertx = Vertx.builder().with(new VertxOptions().setMetricsOptions(Metrics.options("stall-bench", Set.of())))
        .withMetrics(Metrics.factory()).build();
    fill(Metrics.registry("stall-bench"));
    String text = ((PrometheusMeterRegistry) Metrics.registry("stall-bench")).scrape();
    System.out.printf("a scrape: %d lines, %d KB%n", text.lines().count(), text.length() / 1024);
    Context loop = vertx.getOrCreateContext();
    int port = join(on(loop, () -> {
      Router router = Router.router(vertx);
      router.get("/vertx").handler(PrometheusScrapingHandler.create("stall-bench"));
      router.get("/metrics").handler(Metrics.scrapeHandler("stall-bench", () -> { }));
      return vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1").map(s -> s.actualPort());
    }));
    // gap[0]: the longest gap between two runs of the timer; gap[1]: the sum of the gaps' excess over 2 ms.
    long[] gap = new long[2];
    long[] last = {System.nanoTime()};
    join(on(loop, () -> {
      vertx.setPeriodic(1, id -> {
        long now = System.nanoTime();
        gap[0] = Math.max(gap[0], now - last[0]);
        gap[1] += Math.max(0, now - last[0] - 2_000_000);
        last[0] = now;
      });
      return Future.succeededFuture();
    }));
    Vertx client = Vertx.vertx();
    HttpClient http = client.createHttpClient();
    long[][] onLoop = new long[2][rounds];
    long[][] offLoop = new long[2][rounds];
    for (int round = -1; round < rounds; round++) {
      long[] a = gaps(client, http, loop, gap, last, port, "/vertx", scrapes);
      long[] b = gaps(client, http, loop, gap, last, port, "/metrics", scrapes);
      if (round >= 0) {
        for (int i = 0; i < 2; i++) {
          onLoop[i][round] = a[i];
          offLoop[i][round] = b[i];
        }
      }
      System.out.printf("%s %d: on the loop (Vert.x's) longest gap %.1f ms, late %.2f ms a scrape; off the loop %.1f ms, %.2f ms%n",
          round < 0 ? "warm-up" : "round  ", round + 1, a[0] / 1e6, a[1] / 1e6 / scrapes, b[0] / 1e6, b[1] / 1e6 / scrapes);
    }
    System.out.printf("median of %d rounds of %d scrapes: on the loop longest gap %.1f ms, late %.2f ms a scrape; off the loop %.1f ms, %.2f ms%n",
        rounds, scrapes, median(onLoop[0]) / 1e6, median(onLoop[1]) / 1e6 / scrapes, median(offLoop[0]) / 1e6, median(offLoop[1]) / 1e6 / scrapes);
    join(client.close());
    join(vertx.close());
  }

  /** Timers with histogram buckets and a spread of recorded values: about 1,700 lines of text (a game instance at 2,000 players: 1,200). */
  private static void fill(MeterRegistry registry) {
    for (int i = 0; i < 16; i++) {
      Timer timer = Timer.builder("bench.timer").tag("n", String.valueOf(i)).publishPercentileHistogram()
          .minimumExpectedValue(Duration.ofNanos(10_000)).maximumExpectedValue(Duration.ofSeconds(1)).register(registry);
      for (int j = 0; j < 1_000; j++) {
        timer.record(ThreadLocalRandom.current().nextLong(10_000, 1_000_000_000), TimeUnit.NANOSECONDS);
      }
    }
  }

  private static long[] gaps(Vertx client, HttpClient http, Context loop, long[] gap, long[] last, int port, String path, int scrapes) {
    join(on(loop, () -> {
      gap[0] = 0;
      gap[1] = 0;
      last[0] = System.nanoTime();
      return Future.succeededFuture();
    }));
    for (int i = 0; i < scrapes; i++) {
      int status = join(on(client.getOrCreateContext(), () -> http.request(HttpMethod.GET, port, "127.0.0.1", path)
          .compose(request -> request.send()).compose(r -> r.body().map(b -> r.statusCode()))));
      if (status != 200) {
        throw new IllegalStateException(path + " answered " + status);
      }
    }
    return join(on(loop, () -> Future.succeededFuture(gap.clone())));
  }

  private static <T> Future<T> on(Context context, Supplier<Future<T>> call) {
    Promise<T> done = Promise.promise();
    context.runOnContext(v -> call.get().onComplete(done));
    return done.future();
  }

  private static <T> T join(Future<T> future) {
    try {
      return future.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static long median(long[] values) {
    long[] sorted = values.clone();
    Arrays.sort(sorted);
    return sorted[sorted.length / 2];
  }
}
