package dev.vertxelastic.platform.discovery;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.servicediscovery.Record;
import io.vertx.servicediscovery.ServiceDiscovery;
import io.vertx.servicediscovery.types.HttpEndpoint;

import java.util.List;

/**
 * The in-JVM control plane of the local stack: a service-discovery store on a small Vert.x of its
 * own, where the stack publishes each instance (as Kubernetes would publish a pod's endpoint) and
 * the gateway's {@code DISCOVERY=local} registry follows it.
 */
public final class LocalDiscovery {

  private static LocalDiscovery shared;
  private final Vertx vertx;
  private final ServiceDiscovery discovery;

  private LocalDiscovery(Vertx vertx) {
    this.vertx = vertx;
    this.discovery = ServiceDiscovery.create(vertx);
  }

  /** The JVM's control plane, created on first use. */
  public static synchronized LocalDiscovery shared() {
    if (shared == null) {
      shared = new LocalDiscovery(Vertx.vertx());
    }
    return shared;
  }

  /** Closes the JVM's control plane (the next {@link #shared()} starts an empty one). */
  public static synchronized Future<Void> closeShared() {
    if (shared == null) {
      return Future.succeededFuture();
    }
    LocalDiscovery closing = shared;
    shared = null;
    closing.discovery.close();
    return closing.vertx.close();
  }

  ServiceDiscovery discovery() {
    return discovery;
  }

  Vertx vertx() {
    return vertx;
  }

  /** Publishes one instance of {@code service} owning {@code routes}; it starts not ready. */
  public Future<Publication> publish(String service, String instance, String host, int port, List<String> routes) {
    JsonObject metadata = new JsonObject()
        .put(DiscoveryRegistry.ROUTES, new JsonArray(routes))
        .put(DiscoveryRegistry.INSTANCE, instance)
        .put(DiscoveryRegistry.READY, false)
        .put(DiscoveryRegistry.SERVING, true);
    return discovery.publish(HttpEndpoint.createRecord(service, host, port, "/", metadata)).map(Publication::new);
  }

  /** A published instance, whose state follows its probes. */
  public final class Publication {

    private final Record record;

    private Publication(Record record) {
      this.record = record;
    }

    public String instance() {
      return record.getMetadata().getString(DiscoveryRegistry.INSTANCE);
    }

    public boolean ready() {
      return record.getMetadata().getBoolean(DiscoveryRegistry.READY, false);
    }

    /** Updates readiness; a no-op when nothing changed. */
    public synchronized Future<Void> update(boolean ready, boolean serving) {
      JsonObject md = record.getMetadata();
      if (md.getBoolean(DiscoveryRegistry.READY) == ready && md.getBoolean(DiscoveryRegistry.SERVING) == serving) {
        return Future.succeededFuture();
      }
      md.put(DiscoveryRegistry.READY, ready).put(DiscoveryRegistry.SERVING, serving);
      return discovery.update(record).mapEmpty();
    }

    public Future<Void> unpublish() {
      return discovery.unpublish(record.getRegistration());
    }
  }
}
