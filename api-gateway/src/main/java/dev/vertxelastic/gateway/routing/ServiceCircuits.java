package dev.vertxelastic.gateway.routing;

import dev.vertxelastic.platform.discovery.Route;
import dev.vertxelastic.platform.discovery.ServiceRegistry;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Vertx;

import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/** One {@link ServiceCircuit} per upstream service, created (with its meters) on first sight. */
final class ServiceCircuits {

  private final Vertx vertx;
  private final ServiceRegistry registry;
  private final UpstreamSettings settings;
  private final MeterRegistry meters;
  private final ConcurrentMap<String, ServiceCircuit> circuits = new ConcurrentHashMap<>();

  ServiceCircuits(Vertx vertx, ServiceRegistry registry, UpstreamSettings settings, MeterRegistry meters) {
    this.vertx = vertx;
    this.registry = registry;
    this.settings = settings;
    this.meters = meters;
  }

  ServiceCircuit of(String service) {
    return circuits.computeIfAbsent(service, this::create);
  }

  /** Makes sure every service of the current route table has its circuit and meters. */
  void coverRoutes() {
    registry.routes().values().forEach(route -> of(route.service()));
  }

  void close() {
    circuits.values().forEach(ServiceCircuit::close);
  }

  private ServiceCircuit create(String service) {
    for (boolean ready : new boolean[] {true, false}) {
      Gauge.builder("gateway.upstream.endpoints", () -> endpoints(service, ready))
          .description("Endpoints of an upstream service known to the gateway, by readiness")
          .tags("service", service, "state", ready ? "ready" : "not_ready")
          .register(meters);
    }
    return new ServiceCircuit(vertx, service, settings, meters);
  }

  private long endpoints(String service, boolean ready) {
    return registry.routes().values().stream()
        .filter(route -> route.service().equals(service))
        .map(Route::endpoints)
        .flatMap(List::stream)
        .distinct()
        .filter(endpoint -> endpoint.ready() == ready)
        .count();
  }
}
