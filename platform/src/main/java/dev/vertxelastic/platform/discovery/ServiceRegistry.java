package dev.vertxelastic.platform.discovery;

import dev.vertxelastic.platform.config.Env;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.servicediscovery.ServiceDiscovery;

import java.util.Map;
import java.util.Optional;

/**
 * What the gateway knows of the services: a route (public path segment) maps to a service and a
 * set of endpoints that can change at any time. Reads are cheap snapshots, safe on the event loop.
 */
public interface ServiceRegistry {

  /** Which backend feeds the registry: {@code local}, {@code static} or {@code kubernetes}. */
  enum Backend { LOCAL, STATIC, KUBERNETES }

  /** Starts following the backend; completes once the first full view is known. */
  Future<Void> start();

  /** The current routes by segment. */
  Map<String, Route> routes();

  default Optional<Route> route(String segment) {
    return Optional.ofNullable(routes().get(segment));
  }

  /** Called (on the registry's context) after every change of the route table. */
  void onChange(Runnable listener);

  String backend();

  Future<Void> close();

  /**
   * The registry chosen by {@code DISCOVERY}: {@code static} reads {@code GATEWAY_UPSTREAMS};
   * {@code local} follows the in-JVM {@link LocalDiscovery} of the local stack. The gateway builds
   * the {@code kubernetes} registry itself (it owns the watch code).
   */
  static ServiceRegistry fromEnv(Vertx vertx, Env env) {
    Backend backend = env.oneOf("DISCOVERY", Backend.class, Backend.STATIC);
    return switch (backend) {
      case STATIC -> new DiscoveryRegistry(vertx, ServiceDiscovery.create(vertx), vertx, "static", StaticUpstreams.parse(env));
      case LOCAL -> new DiscoveryRegistry(vertx, LocalDiscovery.shared().discovery(), LocalDiscovery.shared().vertx(), "local", java.util.List.of());
      case KUBERNETES -> throw new dev.vertxelastic.platform.config.ConfigException(
          "Invalid configuration: DISCOVERY=kubernetes is served by the api-gateway's own registry (KubernetesRegistry), not by ServiceRegistry.fromEnv");
    };
  }
}
