package dev.vertxelastic.localstack;

import dev.vertxelastic.gateway.GatewayVerticle;
import dev.vertxelastic.platform.config.Env;
import dev.vertxelastic.platform.runtime.ServiceRuntime;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Logger;

/**
 * The local stack's gateways behind the {@link GatewayFront}, as a gateway Deployment behind its
 * Service: each on a Vert.x of its own, on ephemeral ports (the first one's management port is the
 * stack's), started into rotation and scaled down the way Kubernetes does it.
 */
final class GatewayFleet {

  private static final Logger LOG = Logger.getLogger(GatewayFleet.class.getName());
  private final Vertx control;
  private final Env env;
  private final GatewayFront front;
  private final String firstManagementPort;
  private final Map<String, ServiceRuntime<GatewayVerticle>> running = new LinkedHashMap<>();
  private int started;

  GatewayFleet(Vertx control, Env env, GatewayFront front, String firstManagementPort) {
    this.control = control;
    this.env = env;
    this.front = front;
    this.firstManagementPort = firstManagementPort;
  }

  /** Starts one more gateway and puts it in rotation once it is ready; completes with its id. */
  Future<String> start() {
    String id;
    synchronized (this) {
      id = "gateway-" + ++started;
    }
    String management = id.equals("gateway-1") ? firstManagementPort : "0";
    return ServiceRuntime.start(env.with(Map.of("HTTP_PORT", "0", "MANAGEMENT_PORT", management,
            "DISCOVERY", "local", "INSTANCE_ID", id)), GatewayVerticle::new)
        .map(gateway -> {
          synchronized (this) {
            running.put(id, gateway);
          }
          front.add(id, gateway.verticle().actualPort());
          return id;
        });
  }

  /**
   * Scales one gateway down: out of rotation at once (its endpoint terminating), then the drain
   * (answers with {@code Connection: close}, no new tunnel, open ones kept up to the drain deadline).
   * Completes with {@code {"instance", "dropped"}}: the connections still open just before the
   * deadline cut them.
   */
  Future<JsonObject> scaleDown(String id) {
    ServiceRuntime<GatewayVerticle> gateway;
    synchronized (this) {
      gateway = running.remove(id);
    }
    front.remove(id);
    LOG.info(id + " out of rotation with " + front.openConnections(id) + " connection(s) open (game tunnels, kept-alive requests): draining");
    AtomicInteger cut = new AtomicInteger();
    long lastLook = Math.max(1, gateway.verticle().stopDeadline().toMillis() - 250);
    long timer = control.setTimer(lastLook, t -> cut.set(front.openConnections(id)));
    return gateway.stop().map(v -> {
      control.cancelTimer(timer);
      LOG.info(id + " stopped, " + cut.get() + " connection(s) cut at the drain deadline");
      return new JsonObject().put("instance", id).put("dropped", cut.get());
    });
  }

  /** Stops every gateway gracefully, in parallel; the front keeps piping until they are done. */
  Future<Void> stopAll() {
    List<ServiceRuntime<GatewayVerticle>> all;
    synchronized (this) {
      all = List.copyOf(running.values());
      running.keySet().forEach(front::remove);
      running.clear();
    }
    return Future.join(all.stream().map(ServiceRuntime::stop).toList()).mapEmpty();
  }

  synchronized boolean contains(String id) {
    return running.containsKey(id);
  }

  synchronized int size() {
    return running.size();
  }

  /** The management port of the oldest running gateway (the stack's {@code /admin/routes}, {@code /metrics}). */
  synchronized int managementPort() {
    return running.values().stream().findFirst().map(g -> g.verticle().actualManagementPort()).orElse(-1);
  }

  /** Gateway id to its public and management URLs, in start order. */
  synchronized Map<String, JsonObject> describe() {
    Map<String, JsonObject> all = new LinkedHashMap<>();
    running.forEach((id, g) -> all.put(id, new JsonObject()
        .put("url", "http://127.0.0.1:" + g.verticle().actualPort())
        .put("management", "http://127.0.0.1:" + g.verticle().actualManagementPort())));
    return all;
  }
}
