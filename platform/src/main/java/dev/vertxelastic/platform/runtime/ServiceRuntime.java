package dev.vertxelastic.platform.runtime;

import dev.vertxelastic.platform.config.ConfigException;
import dev.vertxelastic.platform.config.Env;
import dev.vertxelastic.platform.logging.OneLineLogging;
import dev.vertxelastic.platform.logging.ShutdownLogManager;
import dev.vertxelastic.platform.metrics.EventLoopDelay;
import dev.vertxelastic.platform.metrics.Metrics;
import dev.vertxelastic.platform.tracing.Tracing;
import dev.vertxelastic.platform.tracing.TracingSettings;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One running service instance: its own Vert.x (with its own metrics registry, event-loop delay
 * probe and OpenTelemetry SDK) and its verticle. Several instances can live in one JVM (the local
 * stack); {@link #main} runs one as a process.
 */
public final class ServiceRuntime<V extends HttpServiceVerticle> {

  // Past the stop deadline, a little time for Vert.x itself to close.
  private static final long CLOSE_MARGIN_MILLIS = 10_000;
  private final Vertx vertx;
  private final V verticle;
  private final Tracing tracing;
  private final EventLoopDelay eventLoopDelay;

  private ServiceRuntime(Vertx vertx, V verticle, Tracing tracing, EventLoopDelay eventLoopDelay) {
    this.vertx = vertx;
    this.verticle = verticle;
    this.tracing = tracing;
    this.eventLoopDelay = eventLoopDelay;
  }

  /** Builds the verticle from {@code env} (failing fast on bad configuration), then deploys it on a Vert.x of its own. */
  public static <V extends HttpServiceVerticle> Future<ServiceRuntime<V>> start(Env env, Function<Env, V> factory) {
    if (Vertx.currentContext() != null) {
      // Called from another instance's event loop (the local stack): built from there, Vert.x warns
      // "You're already on a Vert.x context"; the instances share nothing, so build it off that thread.
      Promise<ServiceRuntime<V>> started = Promise.promise();
      CompletableFuture.runAsync(() -> start(env, factory).onComplete(started));
      return started.future();
    }
    V verticle;
    TracingSettings tracingSettings;
    try {
      verticle = factory.apply(env);
      tracingSettings = TracingSettings.fromEnv(env);
    } catch (ConfigException e) {
      return Future.failedFuture(e);
    }
    Tracing tracing = Tracing.create(tracingSettings, verticle.serviceName, verticle.instanceId);
    Vertx vertx = Vertx.builder()
        // Netty's epoll transport where it loads (Linux), NIO otherwise: fewer copies and system calls per request.
        .with(tracing.configure(new VertxOptions().setPreferNativeTransport(true)
            .setMetricsOptions(Metrics.options(verticle.registryName, verticle.unmeasuredDomains()))))
        .withMetrics(Metrics.factory())
        .withTracer(tracing.tracerFactory())
        .build();
    EventLoopDelay eventLoopDelay = EventLoopDelay.start(vertx, Metrics.registry(verticle.registryName), EventLoopDelay.DEFAULT_INTERVAL);
    ServiceRuntime<V> runtime = new ServiceRuntime<>(vertx, verticle, tracing, eventLoopDelay);
    // Not tied to the Vert.x being started: on failure it is closed, and its contexts with it.
    Promise<ServiceRuntime<V>> result = Promise.promise();
    vertx.deployVerticle(verticle).onComplete(ar -> {
      if (ar.succeeded()) {
        result.complete(runtime);
      } else {
        runtime.close().onComplete(closed -> result.fail(ar.cause()));
      }
    });
    return result.future();
  }

  /** Closes Vert.x (undeploying the verticle, which drains), then the probe and the tracing SDK (flushing its last spans). */
  private Future<Void> close() {
    return vertx.close().eventually(() -> {
      eventLoopDelay.stop();
      return tracing.shutdown();
    });
  }

  public V verticle() {
    return verticle;
  }

  public Vertx vertx() {
    return vertx;
  }

  /** Whether this instance exports its spans (an OTLP endpoint is configured). */
  public boolean exportsTraces() {
    return tracing.exporting();
  }

  /** Stops like a crashed process: open connections are cut, nothing drains. */
  public Future<Void> kill() {
    verticle.crashOnStop();
    return close();
  }

  /** Graceful stop: the verticle turns not ready and drains, then Vert.x closes and the last spans are exported. */
  public Future<Void> stop() {
    return verticle.drain().eventually(this::close);
  }

  /**
   * Runs one service as a process: bad configuration exits with status 2 and one line; SIGTERM
   * (or Ctrl-C) stops it gracefully within the verticle's stop deadline, logging to the end; when
   * the verticle asks to exit by itself (a drain over HTTP is over) the process exits with 0; when
   * that request fails (a dependency never came up), with 1 and the failure's one line.
   */
  public static <V extends HttpServiceVerticle> void main(Function<Env, V> factory) {
    // Before anything touches java.util.logging (hence no static logger here).
    if (System.getProperty("java.util.logging.manager") == null) {
      System.setProperty("java.util.logging.manager", ShutdownLogManager.class.getName());
    }
    OneLineLogging.install();
    Logger log = Logger.getLogger(ServiceRuntime.class.getName());
    ServiceRuntime<V> runtime;
    try {
      runtime = start(Env.system(), factory).toCompletionStage().toCompletableFuture().get(120, TimeUnit.SECONDS);
    } catch (Exception e) {
      Throwable cause = e.getCause() != null ? e.getCause() : e;
      if (cause instanceof ConfigException) {
        System.err.println(cause.getMessage());
      } else {
        log.log(Level.SEVERE, "start failed: " + cause, cause);
      }
      System.exit(2);
      return;
    }
    AtomicBoolean stopping = new AtomicBoolean();
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      stopping.set(true);
      runtime.stopAndWait();
    }, "graceful-shutdown"));
    // Exiting runs the shutdown hook, which waits for Vert.x: never from one of its threads.
    runtime.verticle().exitRequested().onSuccess(v -> {
      if (!stopping.get()) {
        log.info(runtime.verticle().serviceName() + " asked to exit: exiting");
        new Thread(() -> System.exit(0), "requested-exit").start();
      }
    }).onFailure(failure -> {
      if (!stopping.get()) {
        log.severe(runtime.verticle().serviceName() + " cannot go on: " + failure.getMessage());
        new Thread(() -> System.exit(1), "failed-exit").start();
      }
    });
  }

  /** Stops and waits, for shutdown hooks: the verticle's stop deadline and a margin. */
  public void stopAndWait() {
    long deadline = verticle.stopDeadline().toMillis() + CLOSE_MARGIN_MILLIS;
    try {
      stop().toCompletionStage().toCompletableFuture().get(deadline, TimeUnit.MILLISECONDS);
    } catch (Exception e) {
      Logger.getLogger(ServiceRuntime.class.getName()).warning(verticle.serviceName() + " did not stop cleanly: " + e);
    }
  }
}
