package dev.vertxelastic.platform.runtime;

import dev.vertxelastic.platform.config.ConfigException;
import dev.vertxelastic.platform.config.Env;
import dev.vertxelastic.platform.http.RequestIds;
import dev.vertxelastic.platform.testing.Await;
import dev.vertxelastic.platform.testing.OnOneContext;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The requests a service sends itself before it turns ready, over real HTTP on port 0. */
class WarmUpTest {

  /** Records each request it serves (its path, request id, and whether the service was ready then); {@code /api/stuck} never answers. */
  static final class RecordingService extends HttpServiceVerticle {
    final List<String> seen = new CopyOnWriteArrayList<>();
    /** Completes when a request to {@code /api/stuck} arrives. */
    final CompletableFuture<Void> stuck = new CompletableFuture<>();

    RecordingService(Env env) {
      super("recording-service", env, 0);
    }

    @Override
    protected Future<Void> setup(Router router) {
      router.get("/api/*").handler(ctx -> {
        seen.add(ctx.request().uri() + " " + ctx.request().getHeader(RequestIds.HEADER) + (health.isReady() ? " ready" : " not-ready"));
        if (ctx.request().path().equals("/api/stuck")) {
          stuck.complete(null);
        } else {
          ctx.response().setStatusCode(ctx.request().path().equals("/api/missing") ? 404 : 200).end();
        }
      });
      return Future.succeededFuture();
    }

    @Override
    protected List<String> warmUpPaths() {
      return List.of("/api/things?page=1", "/api/missing", env.string("TEST_THIRD_PATH", "/api/things/2"));
    }
  }

  static ServiceRuntime<RecordingService> start(Map<String, String> env) {
    Map<String, String> all = new java.util.HashMap<>(env);
    all.put("HTTP_PORT", "0");
    return Await.result(ServiceRuntime.start(Env.of(all), RecordingService::new));
  }

  @Test
  void theServiceTurnsReadyOnlyAfterItsWarmUpRequestsWereAnswered() throws Exception {
    ServiceRuntime<RecordingService> runtime = start(Map.of("WARMUP_REQUESTS", "7"));
    try {
      assertTrue(runtime.verticle().health().isReady());
      List<String> seen = runtime.verticle().seen.stream().sorted().toList();
      assertEquals(List.of(
          "/api/missing warm-up-2 not-ready", "/api/missing warm-up-5 not-ready",
          "/api/things/2 warm-up-3 not-ready", "/api/things/2 warm-up-6 not-ready",
          "/api/things?page=1 warm-up-1 not-ready", "/api/things?page=1 warm-up-4 not-ready", "/api/things?page=1 warm-up-7 not-ready"), seen);
    } finally {
      Await.result(runtime.stop());
    }
  }

  @Test
  void withoutWarmUpRequestsTheServiceSendsItselfNothing() throws Exception {
    ServiceRuntime<RecordingService> runtime = start(Map.of());
    try {
      assertTrue(runtime.verticle().health().isReady());
      assertEquals(List.of(), runtime.verticle().seen);
    } finally {
      Await.result(runtime.stop());
    }
  }

  @Test
  void aWarmUpThatOutlivesItsDeadlineDoesNotHoldReadinessBack() throws Exception {
    long started = System.nanoTime();
    ServiceRuntime<RecordingService> runtime = start(Map.of("WARMUP_REQUESTS", "50", "WARMUP_DEADLINE", "500ms", "TEST_THIRD_PATH", "/api/stuck"));
    try {
      long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
      assertTrue(runtime.verticle().health().isReady());
      assertTrue(tookMillis >= 500, "ready after " + tookMillis + " ms, before the deadline");
      // Every one of the 4 concurrent senders ends up stuck on /api/stuck, so the 50 are never all sent.
      List<String> seen = runtime.verticle().seen;
      assertTrue(seen.size() < 50, seen.size() + " requests");
      assertTrue(seen.stream().allMatch(line -> line.endsWith("not-ready")), seen.toString());
      assertEquals(WarmUp.CONCURRENCY, seen.stream().filter(line -> line.startsWith("/api/stuck")).count(), seen.toString());
    } finally {
      Await.result(runtime.stop());
    }
  }

  @Test
  void aWarmUpCountsItsAnswersAndTheServerErrorsAmongThem() {
    Vertx vertx = Vertx.vertx();
    try {
      HttpServer server = Await.result(vertx.createHttpServer()
          .requestHandler(request -> request.response().setStatusCode(request.path().equals("/boom") ? 500 : 204).end())
          .listen(0));
      WarmUp.Result result = Await.result(OnOneContext.of(vertx).call(() ->
          WarmUp.run(vertx, server.actualPort(), List.of("/fine", "/boom"), new WarmUp.Settings(10, Duration.ofSeconds(30)))));
      assertEquals(10, result.answered());
      assertEquals(5, result.serverErrors());
      assertEquals(0, result.failed());
      assertFalse(result.cut());
    } finally {
      Await.result(vertx.close());
    }
  }

  @Test
  void aStopDuringTheWarmUpKeepsTheServiceNotReady() throws Exception {
    CompletableFuture<RecordingService> built = new CompletableFuture<>();
    Env env = Env.of(Map.of("HTTP_PORT", "0", "WARMUP_REQUESTS", "8", "WARMUP_DEADLINE", "1s", "TEST_THIRD_PATH", "/api/stuck"));
    Future<ServiceRuntime<RecordingService>> starting = ServiceRuntime.start(env, values -> {
      RecordingService service = new RecordingService(values);
      built.complete(service);
      return service;
    });
    RecordingService service = built.get(Await.DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
    // A warm-up request hangs on /api/stuck: the warm-up is still running when the stop begins.
    service.stuck.get(Await.DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
    Future<Void> stopped = service.drain();
    ServiceRuntime<RecordingService> runtime = Await.result(starting);
    try {
      assertFalse(runtime.verticle().health().isReady(), "turned ready after a stop had begun");
      Await.result(stopped);
    } finally {
      Await.result(runtime.stop());
    }
  }

  @Test
  void theWarmUpCountsAnswersAndWhatTheDeadlineCut() {
    WarmUp.Result cut = new WarmUp.Result(12, 0, 4, Duration.ofMillis(500), true);
    assertEquals(", warmed up by 12 requests in 500 ms (4 got no answer), cut short by WARMUP_DEADLINE", cut.describe());
    assertEquals(", warmed up by 200 requests in 87 ms", new WarmUp.Result(200, 0, 0, Duration.ofMillis(87), false).describe());
    assertEquals(", warmed up by 20 requests in 140 ms (5 answered 5xx)", new WarmUp.Result(20, 5, 0, Duration.ofMillis(140), false).describe());
    assertEquals("", WarmUp.Result.NONE.describe());
  }

  @Test
  void aZeroDeadlineOrTooManyRequestsAreRefusedNamingTheVariable() {
    ConfigException deadline = assertThrows(ConfigException.class,
        () -> WarmUp.Settings.fromEnv(Env.of(Map.of("WARMUP_REQUESTS", "10", "WARMUP_DEADLINE", "0s"))));
    assertTrue(deadline.getMessage().contains("WARMUP_DEADLINE"), deadline.getMessage());
    ConfigException requests = assertThrows(ConfigException.class,
        () -> WarmUp.Settings.fromEnv(Env.of(Map.of("WARMUP_REQUESTS", "10001"))));
    assertTrue(requests.getMessage().contains("WARMUP_REQUESTS"), requests.getMessage());
    assertFalse(WarmUp.Settings.fromEnv(Env.of(Map.of())).requests() > 0);
  }
}
