package dev.vertxelastic.gateway.tracing;

import dev.vertxelastic.gateway.GatewayVerticle;
import dev.vertxelastic.gateway.Gateways;
import dev.vertxelastic.platform.config.Env;
import dev.vertxelastic.platform.runtime.ServiceRuntime;

import dev.vertxelastic.platform.testing.Await;
import java.util.HashMap;
import java.util.Map;

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
    ServiceRuntime<TracedBackend> backend = Await.result(ServiceRuntime.start(Env.of(backendEnv), TracedBackend::new));
    String url = "http://127.0.0.1:" + backend.verticle().actualPort();
    Map<String, String> gatewayEnv = new HashMap<>(Map.of("GATEWAY_UPSTREAMS", "courses=" + url + ",games=game-1@" + url));
    gatewayEnv.putAll(env);
    ServiceRuntime<GatewayVerticle> gateway = Gateways.start(name + "-gateway", gatewayEnv);
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
    Await.result(gateway.stop().eventually(backend::stop));
  }

}
