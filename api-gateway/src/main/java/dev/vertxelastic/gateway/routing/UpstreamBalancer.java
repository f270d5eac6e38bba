package dev.vertxelastic.gateway.routing;

import dev.vertxelastic.platform.discovery.Endpoint;
import dev.vertxelastic.platform.discovery.Route;
import dev.vertxelastic.platform.http.Problem;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Predicate;
import java.util.function.ToIntFunction;

/**
 * Picks the endpoint of a request: the less busy of two random ready endpoints (power of two
 * choices on requests in flight), skipping ejected ones while others remain; except resources of
 * a sticky route whose id names its host instance (game sessions), which go to that instance as
 * long as it still serves, terminating or not.
 */
final class UpstreamBalancer {

  private final Set<String> stickySegments;
  private final ToIntFunction<Endpoint> outstanding;
  private final Predicate<Endpoint> ejected;

  UpstreamBalancer(Set<String> stickySegments, ToIntFunction<Endpoint> outstanding, Predicate<Endpoint> ejected) {
    this.stickySegments = Set.copyOf(stickySegments);
    this.outstanding = outstanding;
    this.ejected = ejected;
  }

  /** The endpoint for {@code path} on {@code route}; a 410 problem when a named host is gone, 503 when none is ready. */
  Endpoint choose(Route route, UpstreamPath path) {
    return choose(route, path, null);
  }

  private static Endpoint host(Route route, UpstreamPath path, String instance) {
    List<Endpoint> endpoints = route.endpoints();
    for (Endpoint endpoint : endpoints) {
      if (endpoint.instance().equals(instance)) {
        return endpoint;
      }
    }
    // Static discovery without instance ids: a lone upstream hosts every resource there is.
    if (endpoints.size() == 1 && !endpoints.get(0).named()) {
      return endpoints.get(0);
    }
    boolean unnamed = endpoints.stream().anyMatch(e -> !e.named());
    throw new Problem(410, "Gone", path.resource() + " was hosted by " + instance + ", which is gone."
        + (unnamed ? " Static discovery names no instance of " + route.service() + ": give each URL its instance id ("
        + route.segment() + "=<instance id>@http://host:port)." : ""));
  }

  /** Like {@link #choose(Route, UpstreamPath)}, avoiding {@code avoid} (a failed first try) when another is ready. */
  Endpoint choose(Route route, UpstreamPath path, Endpoint avoid) {
    String instance = stickySegments.contains(route.segment()) ? path.namedInstance() : null;
    if (instance != null) {
      // Any listed state: a full or draining game pod is not ready (not even "serving" unless it
      // terminates) but still hosts its running games and takes their players' reconnects.
      return host(route, path, instance);
    }
    // Loops, not streams: this runs for every request.
    List<Endpoint> ready = new ArrayList<>(route.endpoints().size());
    List<Endpoint> healthy = new ArrayList<>(route.endpoints().size());
    for (Endpoint endpoint : route.endpoints()) {
      if (endpoint.ready() && !endpoint.equals(avoid)) {
        ready.add(endpoint);
        if (!ejected.test(endpoint)) {
          healthy.add(endpoint);
        }
      }
    }
    if (ready.isEmpty()) {
      throw Problem.unavailable("No instance of " + route.service() + " is ready.", 1);
    }
    List<Endpoint> candidates = healthy.isEmpty() ? ready : healthy;
    if (candidates.size() == 1) {
      return candidates.get(0);
    }
    ThreadLocalRandom random = ThreadLocalRandom.current();
    int first = random.nextInt(candidates.size());
    int second = (first + 1 + random.nextInt(candidates.size() - 1)) % candidates.size();
    Endpoint a = candidates.get(first);
    Endpoint b = candidates.get(second);
    return outstanding.applyAsInt(b) < outstanding.applyAsInt(a) ? b : a;
  }
}
