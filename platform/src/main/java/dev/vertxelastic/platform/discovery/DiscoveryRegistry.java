package dev.vertxelastic.platform.discovery;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.servicediscovery.Record;
import io.vertx.servicediscovery.ServiceDiscovery;
import io.vertx.servicediscovery.ServiceDiscoveryOptions;
import io.vertx.servicediscovery.types.HttpEndpoint;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Logger;

/**
 * A {@link ServiceRegistry} over {@link ServiceDiscovery} records of type {@code http-endpoint}
 * whose metadata names the routes ({@code routes}), the instance and its readiness. It rebuilds
 * the route table from all records on every announcement, so removals are never missed.
 */
final class DiscoveryRegistry implements ServiceRegistry {

  static final String ROUTES = "routes";
  static final String INSTANCE = "instance";
  static final String READY = "ready";
  static final String SERVING = "serving";
  private static final Logger LOG = Logger.getLogger(DiscoveryRegistry.class.getName());

  private final Vertx vertx;
  private final ServiceDiscovery discovery;
  private final Vertx discoveryVertx;
  private final String backend;
  private final List<Record> toPublish;
  private final List<Runnable> listeners = new CopyOnWriteArrayList<>();
  private final AtomicLong generation = new AtomicLong();
  private volatile long applied = -1;
  private volatile Map<String, Route> routes = Map.of();
  private Context context;
  private MessageConsumer<JsonObject> announcements;

  DiscoveryRegistry(Vertx vertx, ServiceDiscovery discovery, Vertx discoveryVertx, String backend, List<Record> toPublish) {
    this.vertx = vertx;
    this.discovery = discovery;
    this.discoveryVertx = discoveryVertx;
    this.backend = backend;
    this.toPublish = toPublish;
  }

  @Override
  public Future<Void> start() {
    context = vertx.getOrCreateContext();
    announcements = discoveryVertx.eventBus().consumer(ServiceDiscoveryOptions.DEFAULT_ANNOUNCE_ADDRESS, msg -> refresh());
    Future<Void> published = Future.succeededFuture();
    for (Record r : toPublish) {
      published = published.compose(v -> discovery.publish(r).mapEmpty());
    }
    // The discovery's Vert.x completes these on its own threads: the caller goes on on its own context
    // (a service's server listens next, and must serve on its verticle's event loop).
    Promise<Void> started = Promise.promise();
    published.compose(v -> announcements.completion()).compose(v -> refresh())
        .onComplete(done -> context.runOnContext(v -> started.handle(done)));
    return started.future();
  }

  /** Re-reads every record; a slower, older read never overwrites a newer one. */
  Future<Void> refresh() {
    long gen = generation.incrementAndGet();
    return discovery.getRecords(r -> HttpEndpoint.TYPE.equals(r.getType()), true).map(records -> {
      synchronized (this) {
        if (gen > applied) {
          applied = gen;
          Map<String, Route> next = table(records);
          if (!next.equals(routes)) {
            routes = next;
            context.runOnContext(v -> listeners.forEach(Runnable::run));
          }
        }
      }
      return null;
    });
  }

  static Map<String, Route> table(List<Record> records) {
    Map<String, String> serviceBySegment = new TreeMap<>();
    Map<String, List<Endpoint>> endpointsBySegment = new TreeMap<>();
    for (Record r : records) {
      JsonObject md = r.getMetadata() == null ? new JsonObject() : r.getMetadata();
      JsonObject loc = r.getLocation();
      JsonArray segments = md.getJsonArray(ROUTES, new JsonArray());
      if (loc == null || segments.isEmpty()) {
        continue;
      }
      boolean up = r.getStatus() == io.vertx.servicediscovery.Status.UP;
      Endpoint endpoint;
      try {
        endpoint = new Endpoint(r.getName(), md.getString(INSTANCE, Endpoint.unnamed(loc.getString("host"), loc.getInteger("port", 80))),
            loc.getString("host"), loc.getInteger("port", 80), up && md.getBoolean(READY, true), up && md.getBoolean(SERVING, true));
      } catch (RuntimeException bad) {
        LOG.warning("ignoring malformed service record " + r.getName() + ": " + bad.getMessage());
        continue;
      }
      for (Object s : segments) {
        String segment = String.valueOf(s);
        serviceBySegment.putIfAbsent(segment, r.getName());
        endpointsBySegment.computeIfAbsent(segment, k -> new ArrayList<>()).add(endpoint);
      }
    }
    Map<String, Route> table = new TreeMap<>();
    serviceBySegment.forEach((segment, service) -> {
      List<Endpoint> eps = new ArrayList<>(endpointsBySegment.get(segment));
      eps.sort((a, b) -> a.instance().compareTo(b.instance()));
      table.put(segment, new Route(segment, service, eps));
    });
    return Map.copyOf(table);
  }

  @Override
  public Map<String, Route> routes() {
    return routes;
  }

  @Override
  public void onChange(Runnable listener) {
    listeners.add(listener);
  }

  @Override
  public String backend() {
    return backend;
  }

  @Override
  public Future<Void> close() {
    Future<Void> unregistered = announcements == null ? Future.succeededFuture() : announcements.unregister();
    if (discoveryVertx == vertx) {
      discovery.close();
    }
    return unregistered;
  }
}
