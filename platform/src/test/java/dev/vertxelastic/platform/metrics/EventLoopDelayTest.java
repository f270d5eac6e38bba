package dev.vertxelastic.platform.metrics;

import dev.vertxelastic.platform.testing.Await;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Context;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Collection;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EventLoopDelayTest {

  final Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(2));
  final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

  @AfterEach
  void close() throws Exception {
    Await.result(vertx.close());
  }

  Collection<Timer> timers() {
    return registry.find(EventLoopDelay.METER).timers();
  }

  @Test
  void everyEventLoopOfTheInstanceGetsATimerTaggedWithItsThreadAndPublishesBuckets() throws Exception {
    EventLoopDelay delay = EventLoopDelay.start(vertx, registry, Duration.ofMillis(10));

    assertEquals(2, delay.loops());
    Await.until("both loops to record", () -> timers().size() == 2 && timers().stream().allMatch(t -> t.count() >= 3));
    assertEquals(2, timers().stream().map(t -> t.getId().getTag("loop")).filter(t -> t.startsWith("vert.x-eventloop-thread-")).distinct().count());
    String scrape = registry.scrape();
    assertTrue(scrape.contains("eventloop_delay_seconds_bucket{loop=\"vert.x-eventloop-thread-0\",le="), scrape);
    assertTrue(scrape.contains("eventloop_delay_seconds_max{loop="), scrape);
    assertTrue(scrape.contains("eventloop_delay_seconds_count{loop="), scrape);
    delay.stop();
  }

  @Test
  void aHandlerThatKeepsItsLoopBusyShowsUpAsTheDelayOfThatLoop() throws Exception {
    EventLoopDelay delay = EventLoopDelay.start(vertx, registry, Duration.ofMillis(10));
    Await.until("both loops to record", () -> timers().size() == 2 && timers().stream().allMatch(t -> t.count() >= 1));
    Context busyContext = vertx.getOrCreateContext();
    Promise<String> busyLoop = Promise.promise();
    busyContext.runOnContext(v -> {
      long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(300);
      while (System.nanoTime() < until) {
        Thread.onSpinWait();
      }
      busyLoop.complete(Thread.currentThread().getName());
    });
    String loop = Await.result(busyLoop.future());
    Timer busy = registry.get(EventLoopDelay.METER).tag("loop", loop).timer();
    long countAfterBusy = busy.count();

    Await.until("the delayed timer to be recorded", () -> busy.count() > countAfterBusy);
    assertTrue(busy.max(TimeUnit.MILLISECONDS) >= 250, "max " + busy.max(TimeUnit.MILLISECONDS) + " ms");
    delay.stop();
  }
}
