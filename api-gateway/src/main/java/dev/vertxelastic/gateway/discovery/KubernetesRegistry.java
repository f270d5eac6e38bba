package dev.vertxelastic.gateway.discovery;

import dev.vertxelastic.platform.config.ConfigException;
import dev.vertxelastic.platform.config.Env;
import dev.vertxelastic.platform.discovery.Route;
import dev.vertxelastic.platform.discovery.ServiceRegistry;
import dev.vertxelastic.platform.kubernetes.KubernetesSettings;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * {@code DISCOVERY=kubernetes}: the route table follows labelled Services and their
 * EndpointSlices through two {@link Reflector}s of the gateway's own. Decision: the route table
 * is built from these informer caches only, because they re-list and reconcile after a
 * {@code 410}, an outage or a rotated token; the vertx-service-discovery Kubernetes bridge runs
 * beside them ({@link BridgeWitness}) and its records are only compared and reported.
 * Only the Services of the gateway's release ({@code app.kubernetes.io/instance}) are followed
 * when one is given. Bounds: a change reaches the table with its watch event; after a watch
 * ERROR 410, with the immediate re-list (no back-off); after another watch ERROR, a dropped watch,
 * a rotated token or an API outage, with the next re-list, which comes within the back-off in
 * force once the server answers again: at most 0.96 s after one failed attempt and 2.9 s after
 * two (so under 5 s for outages of up to about 3 s), at most 36 s after a long outage (30 s ± 20%);
 * after a silently dead connection, within 30 s over TLS (an unanswered HTTP/2 PING, see
 * {@link Http2HealthCheck}), and a silent watch within 75 s (no bookmark for 70 s, checked every 5 s).
 */
public final class KubernetesRegistry implements ServiceRegistry, DiscoveryHealth {

  static final long START_TIMEOUT_MILLIS = 20_000;
  private static final Pattern LABEL_VALUE = Pattern.compile("[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?");

  private final Vertx vertx;
  private final KubernetesSettings settings;
  private final String release;
  private final Clock clock;
  private final List<Runnable> listeners = new CopyOnWriteArrayList<>();
  private volatile Map<String, Route> routes = Map.of();
  private KubernetesApi api;
  private Reflector services;
  private Reflector slices;
  private BridgeWitness bridge;
  private Context context;
  private final Promise<Void> synced = Promise.promise();

  /** Routes to the Services of {@code release} (their {@code app.kubernetes.io/instance} label), or of any release when null. */
  public KubernetesRegistry(Vertx vertx, KubernetesSettings settings, String release) {
    this(vertx, settings, release, Clock.of(vertx));
  }

  KubernetesRegistry(Vertx vertx, KubernetesSettings settings, String release, Clock clock) {
    this.vertx = vertx;
    this.settings = settings;
    this.release = release;
    this.clock = clock;
  }

  /** {@code GATEWAY_RELEASE}: the release label value to route to, null when unset; fails naming the variable when invalid. */
  public static String release(Env env) {
    String raw = env.raw("GATEWAY_RELEASE");
    if (raw == null || raw.isBlank()) {
      return null;
    }
    if (!LABEL_VALUE.matcher(raw.trim()).matches()) {
      throw new ConfigException("GATEWAY_RELEASE", raw, "must be a label value such as demo (the Helm release name)");
    }
    return raw.trim();
  }

  @Override
  public Future<Void> start() {
    context = vertx.getOrCreateContext();
    Promise<Void> started = Promise.promise();
    context.runOnContext(v -> {
      api = new KubernetesApi(vertx, settings);
      services = new Reflector("services", api.services(RouteTable.serviceSelector(release)), clock, ThreadLocalRandom.current()::nextDouble, s -> rebuild());
      slices = new Reflector("endpointslices", api.endpointSlices(RouteTable.SLICE_SERVICE_LABEL), clock, ThreadLocalRandom.current()::nextDouble, s -> rebuild());
      services.onListFailure(this::rebuild);
      slices.onListFailure(this::rebuild);
      bridge = new BridgeWitness(vertx, settings, this::serviceNames);
      services.start();
      slices.start();
      long timer = vertx.setTimer(START_TIMEOUT_MILLIS, id -> synced.tryFail(new IllegalStateException(
          "Kubernetes API at " + settings.apiUrl() + " not synced within " + START_TIMEOUT_MILLIS + " ms: " + errors())));
      // The bridge is not waited for: a slow or failing bridge must not hold the gateway back.
      synced.future().onComplete(r -> vertx.cancelTimer(timer)).onSuccess(x -> bridge.start()).onComplete(started);
    });
    return started.future();
  }

  private void rebuild() {
    boolean fallback = slicesForbidden();
    if (services.synced() && (slices.synced() || fallback)) {
      Map<String, Route> next = RouteTable.build(services.snapshot().values(), slices.snapshot().values(), fallback);
      if (!next.equals(routes)) {
        routes = next;
        listeners.forEach(Runnable::run);
      }
      synced.tryComplete();
    }
  }

  private boolean slicesForbidden() {
    return ApiFailure.isForbidden(slices.lastListFailure());
  }

  private Set<String> serviceNames() {
    return services.snapshot().values().stream().map(RouteTable::name).collect(Collectors.toSet());
  }

  private String errors() {
    return "services: " + services.lastError() + "; endpointslices: " + slices.lastError();
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
    return "kubernetes";
  }

  @Override
  public JsonObject health() {
    JsonObject endpointSlices = informer(slices);
    if (slicesForbidden()) {
      endpointSlices.put("fallback", "cluster IP: the gateway may not list EndpointSlices (403), so it cannot balance across pods");
    }
    return new JsonObject()
        .put("backend", "kubernetes")
        .put("apiUrl", settings.apiUrl().toString())
        .put("namespace", settings.namespace())
        .put("release", release == null ? "(any: GATEWAY_RELEASE is not set)" : release)
        .put("conflicts", RouteTable.conflicts(services.snapshot().values()))
        .put("healthy", services.synced() && services.lastListFailure() == null && (slices.synced() || slicesForbidden()))
        .put("services", informer(services))
        .put("endpointSlices", endpointSlices)
        .put("bridge", bridge.health());
  }

  private JsonObject informer(Reflector reflector) {
    JsonObject json = new JsonObject().put("synced", reflector.synced()).put("resourceVersion", reflector.version());
    if (reflector.lastSync() > 0) {
      json.put("lastSync", Instant.ofEpochMilli(reflector.lastSync()).toString());
    }
    if (reflector.lastError() != null) {
      json.put("lastError", reflector.lastError());
    }
    return json;
  }

  @Override
  public Future<Void> close() {
    if (context == null) {
      return Future.succeededFuture();
    }
    Promise<Void> closed = Promise.promise();
    context.runOnContext(v -> {
      services.stop();
      slices.stop();
      bridge.close();
      api.close().onComplete(closed);
    });
    return closed.future();
  }
}
