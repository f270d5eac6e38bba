package dev.vertxelastic.gateway.routing;

import dev.vertxelastic.platform.discovery.Endpoint;
import dev.vertxelastic.platform.discovery.Route;
import dev.vertxelastic.platform.discovery.ServiceRegistry;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.stream.Collectors;

/** One {@link ServiceCircuit} per upstream service, created (with its meters) on first sight. */
final class ServiceCircuits {

  /** The states of {@code gateway_upstream_endpoints}, as {@code /admin/routes} names them. */
  static final List<String> STATES = List.of("ready", "terminating", "not_ready", "ejected");

  private final ServiceRegistry registry;
  private final UpstreamSettings settings;
  private final MeterRegistry meters;
  private final ConcurrentMap<String, ServiceCircuit> circuits = new ConcurrentHashMap<>();
  // What gateway_upstream_endpoints reports, by service and state: counted on the event loop before each
  // scrape, which reads the gauges on a worker thread.
  private final ConcurrentMap<List<String>, Long> publishedEndpoints = new ConcurrentHashMap<>();
  private Function<Endpoint, String> endpointState = e -> e.ready() ? "ready" : "not_ready";

  ServiceCircuits(ServiceRegistry registry, UpstreamSettings settings, MeterRegistry meters) {
    this.registry = registry;
    this.settings = settings;
    this.meters = meters;
  }

  /** How endpoints are labelled in {@code gateway_upstream_endpoints{state}}; set before the first circuit. */
  void endpointStates(Function<Endpoint, String> state) {
    this.endpointState = state;
  }

  ServiceCircuit of(String service) {
    return circuits.computeIfAbsent(service, this::create);
  }

  /** Makes sure every service of the current route table has its circuit and meters. */
  void coverRoutes() {
    registry.routes().values().forEach(route -> of(route.service()));
  }

  private ServiceCircuit create(String service) {
    for (String state : STATES) {
      Gauge.builder("gateway.upstream.endpoints", () -> publishedEndpoints.getOrDefault(List.of(service, state), 0L))
          .description("Endpoints of an upstream service known to the gateway, by state")
          .tags("service", service, "state", state)
          .register(meters);
    }
    return new ServiceCircuit(service, settings.breaker(), meters, System::nanoTime);
  }

  /** Counts the endpoints of every service by state for {@code gateway_upstream_endpoints}; on the event loop. */
  void publishEndpointCounts() {
    for (String service : circuits.keySet()) {
      Map<String, Long> byState = registry.routes().values().stream()
          .filter(route -> route.service().equals(service))
          .map(Route::endpoints)
          .flatMap(List::stream)
          .distinct()
          .collect(Collectors.groupingBy(endpointState, Collectors.counting()));
      for (String state : STATES) {
        publishedEndpoints.put(List.of(service, state), byState.getOrDefault(state, 0L));
      }
    }
  }
}
