package dev.vertxelastic.platform.health;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.healthchecks.HealthChecks;
import io.vertx.ext.healthchecks.Status;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.healthchecks.HealthCheckHandler;

import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * Liveness and readiness of one process. Readiness is up once the service says so and can be
 * flipped at any time (draining, capacity, a lost dependency); {@code GET /health/ready} then
 * answers 503 with the reason.
 */
public final class Health {

  private final HealthChecks live;
  private final HealthChecks ready;
  private final AtomicReference<String> notReadyReason = new AtomicReference<>("starting");

  public Health(Vertx vertx, String instance) {
    this.live = HealthChecks.create(vertx);
    this.ready = HealthChecks.create(vertx);
    live.register("event-loop", promise -> promise.complete(Status.OK(new JsonObject().put("instance", instance))));
    ready.register("service", promise -> {
      String reason = notReadyReason.get();
      promise.complete(reason == null
          ? Status.OK(new JsonObject().put("instance", instance))
          : Status.KO(new JsonObject().put("instance", instance).put("reason", reason)));
    });
  }

  /** Adds a readiness condition: {@code reason} returns null when fine, else why the process is not ready. */
  public Health readyWhen(String name, Supplier<String> reason) {
    ready.register(name, promise -> {
      String why = reason.get();
      promise.complete(why == null ? Status.OK() : Status.KO(new JsonObject().put("reason", why)));
    });
    return this;
  }

  public void ready() {
    notReadyReason.set(null);
  }

  public void notReady(String reason) {
    notReadyReason.set(reason);
  }

  public boolean isReady() {
    return notReadyReason.get() == null;
  }

  /** Mounts {@code /health/live} and {@code /health/ready}. */
  public void mount(Router router) {
    router.get("/health/live").handler(HealthCheckHandler.createWithHealthChecks(live));
    router.get("/health/ready").handler(HealthCheckHandler.createWithHealthChecks(ready));
  }
}
