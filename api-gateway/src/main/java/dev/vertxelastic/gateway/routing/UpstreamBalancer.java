package dev.vertxelastic.gateway.routing;

import dev.vertxelastic.platform.discovery.Endpoint;
import dev.vertxelastic.platform.discovery.Route;
import dev.vertxelastic.platform.http.Problem;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Picks the endpoint of a request: round-robin over the route's ready endpoints, except for
 * resources of a sticky route whose id names its host instance (game sessions), which go to
 * that instance as long as it still serves.
 */
final class UpstreamBalancer {

  private final Set<String> stickySegments;
  private final ConcurrentMap<String, AtomicInteger> cursors = new ConcurrentHashMap<>();

  UpstreamBalancer(Set<String> stickySegments) {
    this.stickySegments = Set.copyOf(stickySegments);
  }

  /** The endpoint for {@code path} on {@code route}; a 404 problem when a named host is gone, 503 when none is ready. */
  Endpoint choose(Route route, UpstreamPath path) {
    String instance = stickySegments.contains(route.segment()) ? path.namedInstance() : null;
    if (instance != null) {
      return route.endpoints().stream()
          .filter(e -> e.instance().equals(instance) && e.serving())
          .findFirst()
          .orElseThrow(() -> Problem.notFound("game not found: " + path.resource() + " was hosted by " + instance + ", which is gone."));
    }
    List<Endpoint> ready = route.ready();
    if (ready.isEmpty()) {
      throw Problem.unavailable("No instance of " + route.service() + " is ready.", 1);
    }
    int next = cursors.computeIfAbsent(route.service(), s -> new AtomicInteger()).getAndIncrement();
    return ready.get(Math.floorMod(next, ready.size()));
  }
}
