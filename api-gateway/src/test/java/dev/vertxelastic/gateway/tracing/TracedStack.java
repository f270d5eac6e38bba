package dev.vertxelastic.gateway.tracing;

import dev.vertxelastic.gateway.GatewayVerticle;
import dev.vertxelastic.platform.config.Env;
import dev.vertxelastic.platform.runtime.ServiceRuntime;
import io.vertx.core.Future;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** A gateway (started the way {@code main} does) in front of one {@link TracedBackend}, with static discovery. */
final class TracedStack {

  final ServiceRuntime<TracedBackend> backend;
  final ServiceRuntime<GatewayVerticle> gateway;

  private TracedStack(ServiceRuntime<TracedBackend> backend, ServiceRuntime<GatewayVerticle> gateway) {
    this.backend = backend;
    this.gateway = gateway;
  }

  /** Both processes get {@code env} on top of their own settings (e.g. the OTLP endpoint). */
  static TracedStack start(String name, Map<String, String> env) {
    Map<String, String> backendEnv = new HashMap<>(Map.of("HTTP_PORT", "0", "INSTANCE_ID", name + "-backend"));
    backendEnv.putAll(env);
    ServiceRuntime<TracedBackend> backend = await(ServiceRuntime.start(Env.of(backendEnv), TracedBackend::new));
    String url = "http://127.0.0.1:" + backend.verticle().actualPort();
    Map<String, String> gatewayEnv = new HashMap<>(Map.of(
        "HTTP_PORT", "0",
        "MANAGEMENT_PORT", "0",
        "DISCOVERY", "static",
        "GATEWAY_UPSTREAMS", "courses=" + url + ",games=game-1@" + url,
        "JWT_SECRET", "test-secret-that-is-long-enough-for-hs256-0123456789",
        "INSTRUCTOR_PASSWORD", "instructor-test-password",
        "INSTANCE_ID", name + "-gateway"));
    gatewayEnv.putAll(env);
    ServiceRuntime<GatewayVerticle> gateway = await(ServiceRuntime.start(Env.of(gatewayEnv), GatewayVerticle::new));
    return new TracedStack(backend, gateway);
  }

  int port() {
    return gateway.verticle().actualPort();
  }

  TracedBackend backend() {
    return backend.verticle();
  }

  /** Stops the gateway, then the backend; each flushes its last spans. */
  void stop() {
    await(gateway.stop().eventually(backend::stop));
  }

  static <T> T await(Future<T> future) {
    try {
      return future.toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError("did not complete: " + e, e);
    }
  }
}
