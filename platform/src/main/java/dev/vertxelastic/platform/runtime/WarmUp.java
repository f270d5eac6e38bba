package dev.vertxelastic.platform.runtime;

import dev.vertxelastic.platform.config.ConfigException;
import dev.vertxelastic.platform.config.Env;
import dev.vertxelastic.platform.http.RequestIds;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;

import java.time.Duration;
import java.util.List;

/**
 * The requests a service sends itself on loopback after it listens and before it turns ready. A new
 * JVM's first requests load and initialise the request path's classes and open its first connections:
 * on a busy node they took 0.3-2.5 s, while the balancers already sent the pod its share (issue 17).
 * {@code WARMUP_REQUESTS} of them (none by default), {@value #CONCURRENCY} at a time, over the service's
 * warm-up paths in turn, each with the request id {@code warm-up-N}; readiness waits for them up to
 * {@code WARMUP_DEADLINE}. Their answers do not matter: a 4xx or a 5xx ran the same code.
 */
final class WarmUp {

  /** As many at a time as a pod's event loops (2 CPUs), and enough to open that many pooled connections. */
  static final int CONCURRENCY = 4;
  static final int MAX_REQUESTS = 10_000;
  static final Duration DEFAULT_DEADLINE = Duration.ofSeconds(10);

  /** How many requests, and how long readiness waits for them at most. */
  record Settings(int requests, Duration deadline) {

    Settings {
      if (requests < 0 || requests > MAX_REQUESTS) {
        throw new IllegalArgumentException("warm-up requests out of range: " + requests);
      }
      if (deadline.isNegative() || deadline.isZero()) {
        throw new IllegalArgumentException("warm-up deadline must be positive: " + deadline);
      }
    }

    /** {@code WARMUP_REQUESTS} (0-10000, default 0: no warm-up) and {@code WARMUP_DEADLINE} (default 10s). */
    static Settings fromEnv(Env env) {
      Duration deadline = env.duration("WARMUP_DEADLINE", DEFAULT_DEADLINE);
      if (deadline.isZero()) {
        throw new ConfigException("WARMUP_DEADLINE", env.raw("WARMUP_DEADLINE"), "must be positive (WARMUP_REQUESTS=0 turns the warm-up off)");
      }
      return new Settings(env.integer("WARMUP_REQUESTS", 0, 0, MAX_REQUESTS), deadline);
    }
  }

  /**
   * What a warm-up did: answers (any status; {@code serverErrors} of them 5xx), requests that got none,
   * its time, and whether its deadline cut it short.
   */
  record Result(int answered, int serverErrors, int failed, Duration took, boolean cut) {

    static final Result NONE = new Result(0, 0, 0, Duration.ZERO, false);

    /** For the start-up line: empty when there was no warm-up. */
    String describe() {
      if (answered + failed == 0) {
        return "";
      }
      return ", warmed up by " + answered + " requests in " + took.toMillis() + " ms"
          + (serverErrors > 0 ? " (" + serverErrors + " answered 5xx)" : "")
          + (failed > 0 ? " (" + failed + " got no answer)" : "")
          + (cut ? ", cut short by WARMUP_DEADLINE" : "");
    }
  }

  private final List<String> paths;
  private final Settings settings;
  private final HttpClient client;
  private final Promise<Result> done = Promise.promise();
  private final long startedNanos = System.nanoTime();
  private int sent;
  private int answered;
  private int serverErrors;
  private int failed;
  private int running;

  private WarmUp(Vertx vertx, int port, List<String> paths, Settings settings) {
    this.paths = List.copyOf(paths);
    this.settings = settings;
    this.client = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true).setDefaultHost("127.0.0.1").setDefaultPort(port),
        new PoolOptions().setHttp1MaxSize(CONCURRENCY));
  }

  /**
   * Sends {@code settings.requests()} GETs of {@code paths} (in turn) to 127.0.0.1:{@code port}; completes
   * when all are answered or when the deadline passes, never with a failure. Call it on the service's context.
   */
  static Future<Result> run(Vertx vertx, int port, List<String> paths, Settings settings) {
    if (settings.requests() == 0 || paths.isEmpty()) {
      return Future.succeededFuture(Result.NONE);
    }
    WarmUp warmUp = new WarmUp(vertx, port, paths, settings);
    long timer = vertx.setTimer(settings.deadline().toMillis(), id -> warmUp.finish(true));
    warmUp.running = Math.min(CONCURRENCY, settings.requests());
    for (int i = warmUp.running; i > 0; i--) {
      warmUp.sendNext();
    }
    return warmUp.done.future().onComplete(ar -> vertx.cancelTimer(timer));
  }

  private void sendNext() {
    if (done.future().isComplete()) {
      return;
    }
    if (sent == settings.requests()) {
      if (--running == 0) {
        finish(false);
      }
      return;
    }
    int n = ++sent;
    RequestOptions options = new RequestOptions().setMethod(HttpMethod.GET).setURI(paths.get((n - 1) % paths.size()))
        .putHeader(RequestIds.HEADER, "warm-up-" + n).setIdleTimeout(settings.deadline().toMillis());
    client.request(options).compose(HttpClientRequest::send).compose(response -> response.body().map(body -> response.statusCode()))
        .onSuccess(this::answered).onFailure(noAnswer -> failed++).onComplete(ar -> sendNext());
  }

  private void answered(int status) {
    answered++;
    if (status >= 500) {
      serverErrors++;
    }
  }

  private void finish(boolean cut) {
    if (done.tryComplete(new Result(answered, serverErrors, failed + (cut ? sent - answered - failed : 0),
        Duration.ofNanos(System.nanoTime() - startedNanos), cut))) {
      client.close();
    }
  }
}
