package dev.vertxelastic.gateway.routing;

import dev.vertxelastic.gateway.discovery.DiscoveryHealth;
import dev.vertxelastic.platform.discovery.Endpoint;
import dev.vertxelastic.platform.discovery.Route;
import dev.vertxelastic.platform.discovery.ServiceRegistry;
import dev.vertxelastic.platform.http.Problem;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.SocketAddress;
import io.vertx.ext.web.RoutingContext;
import io.vertx.httpproxy.HttpProxy;
import io.vertx.httpproxy.ProxyContext;
import io.vertx.httpproxy.ProxyOptions;

import java.util.Comparator;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.logging.Logger;

/**
 * Routes public requests to upstream services: the route handler admits a request (known route,
 * circuit not open) and hands it to one reverse proxy, whose origin provider picks the endpoint
 * from the live route table and gives the upstream {@code GATEWAY_REQUEST_TIMEOUT} to answer.
 */
public final class UpstreamProxy {

  private static final Logger LOG = Logger.getLogger(UpstreamProxy.class.getName());
  /** Routes whose resource ids name their host instance. */
  static final Set<String> STICKY_SEGMENTS = Set.of("games");

  private final ServiceRegistry registry;
  private final ServiceCircuits circuits;
  private final EndpointPool pool;
  private final UpstreamBalancer balancer;
  private final long timeoutMillis;
  private final HttpClient client;
  private final HttpProxy proxy;

  public UpstreamProxy(Vertx vertx, ServiceRegistry registry, UpstreamSettings settings, MeterRegistry meters) {
    this.registry = registry;
    this.circuits = new ServiceCircuits(vertx, registry, settings, meters);
    this.timeoutMillis = settings.requestTimeout().toMillis();
    this.pool = new EndpointPool(vertx, settings);
    this.balancer = new UpstreamBalancer(STICKY_SEGMENTS, pool::outstanding, pool::ejected);
    this.circuits.endpointStates(pool::state);
    // Only the proxy's own plumbing uses this client: every request goes out through its endpoint's client.
    this.client = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true),
        new PoolOptions().setHttp1MaxSize(settings.poolSize()));
    this.proxy = HttpProxy.reverseProxy(new ProxyOptions().setSupportWebSocket(true), client)
        .origin(this::originRequest)
        .addInterceptor(new UpstreamGuard(registry, circuits), true);
  }

  /** Keeps a circuit and meters for every service the registry knows, and the clients of live endpoints only, now and after each change. */
  public void watchServices() {
    followRoutes();
    registry.onChange(this::followRoutes);
  }

  private void followRoutes() {
    circuits.coverRoutes();
    pool.retain(registry.routes().values().stream().flatMap(route -> route.endpoints().stream()).toList());
  }

  /** Route handler of {@code /api/*} and {@code /ws/*}: 404 for an unknown route, 503 while its circuit is open. */
  public void proxy(RoutingContext ctx) {
    String path = ctx.request().path();
    Route route = UpstreamPath.parse(path).flatMap(p -> registry.route(p.segment()))
        .orElseThrow(() -> Problem.notFound("No service serves " + path + "."));
    // The HTTP metrics' route label: Vert.x Web joins the routes a request took with '>', so a
    // proxied call is counted as /api/>courses or /ws/>games, per routed segment (a known one only).
    ctx.request().routed(route.segment());
    ServiceCircuit circuit = circuits.of(route.service());
    if (circuit.isOpen()) {
      throw circuit.reject();
    }
    proxy.handle(ctx.request());
  }

  /** {@code GET /admin/routes}: the discovery backend and every route with its endpoints and breaker state. */
  public void describeRoutes(RoutingContext ctx) {
    ctx.json(routes());
  }

  JsonObject routes() {
    JsonArray routes = new JsonArray();
    registry.routes().values().stream()
        .sorted(Comparator.comparing(Route::segment))
        .forEach(route -> routes.add(describe(route)));
    JsonObject health = registry instanceof DiscoveryHealth h ? h.health() : new JsonObject().put("backend", registry.backend()).put("healthy", true);
    return new JsonObject().put("discovery", registry.backend()).put("discoveryHealth", health).put("routes", routes);
  }

  private JsonObject describe(Route route) {
    JsonObject json = route.toJson().put("breaker", circuits.of(route.service()).state());
    JsonArray endpoints = json.getJsonArray("endpoints");
    for (int i = 0; i < endpoints.size(); i++) {
      Endpoint endpoint = route.endpoints().get(i);
      endpoints.getJsonObject(i).put("state", pool.state(endpoint))
          .put("outstanding", pool.outstanding(endpoint)).put("served", pool.served(endpoint));
    }
    return json;
  }

  public Future<Void> close() {
    circuits.close();
    return pool.close().eventually(client::close);
  }

  /**
   * The proxy's origin: the balancer's endpoint through its own client. A GET, HEAD or PUT whose
   * connection cannot be opened (nothing reached the service) is tried once more on another endpoint.
   */
  private Future<HttpClientRequest> originRequest(ProxyContext context) {
    Route route = context.get(UpstreamGuard.ROUTE, Route.class);
    UpstreamPath path = context.get(UpstreamGuard.PATH, UpstreamPath.class);
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
    HttpMethod method = context.request().getMethod();
    boolean idempotent = method == HttpMethod.GET || method == HttpMethod.HEAD || method == HttpMethod.PUT;
    Endpoint replayAvoids = context.get(UpstreamGuard.AVOID, Endpoint.class);
    return send(context, route, path, replayAvoids, deadline).recover(failure -> {
      if (!idempotent || !(failure instanceof ConnectFailure connect)) {
        return Future.failedFuture(failure instanceof ConnectFailure connect ? connect.getCause() : failure);
      }
      Endpoint other;
      try {
        other = balancer.choose(route, path, connect.endpoint);
      } catch (Problem none) {
        return Future.failedFuture(connect.getCause());
      }
      if (other.equals(connect.endpoint)) {
        return Future.failedFuture(connect.getCause());
      }
      return send(context, route, path, connect.endpoint, deadline)
          .recover(again -> Future.failedFuture(again instanceof ConnectFailure c ? c.getCause() : again));
    });
  }

  private Future<HttpClientRequest> send(ProxyContext context, Route route, UpstreamPath path, Endpoint avoid, long deadline) {
    Endpoint endpoint;
    try {
      endpoint = balancer.choose(route, path, avoid);
    } catch (Problem problem) {
      return Future.failedFuture(problem);
    }
    EndpointPool.Slot slot = pool.of(endpoint);
    Runnable release = slot.lease();
    UpstreamGuard.holdLease(context, release);
    context.set(UpstreamGuard.ENDPOINT, endpoint);
    long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
    RequestOptions options = new RequestOptions()
        .setServer(SocketAddress.inetSocketAddress(endpoint.port(), endpoint.host()))
        .setConnectTimeout(Math.max(1, left));
    return slot.client().request(options).transform(opened -> {
      if (opened.failed()) {
        slot.connectFailed();
        release.run();
        return Future.failedFuture(new ConnectFailure(endpoint, opened.cause()));
      }
      slot.connected();
      HttpClientRequest request = opened.result();
      // The idle timeout runs until the response headers arrive; it gets what connecting left of the deadline.
      long remaining = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
      if (remaining <= 0) {
        request.reset();
        return Future.failedFuture(new TimeoutException("no connection to " + endpoint.address() + " within the deadline"));
      }
      request.idleTimeout(remaining);
      // Failures reach the proxy through the response future; this only catches the close of an upgraded (WebSocket) exchange.
      request.exceptionHandler(failure -> LOG.fine(() -> "exchange with " + endpoint.address() + " ended: " + failure));
      return Future.succeededFuture(request);
    });
  }

  /** No connection to {@code endpoint} could be opened: the request never reached the service. */
  private static final class ConnectFailure extends RuntimeException {
    private final transient Endpoint endpoint;

    ConnectFailure(Endpoint endpoint, Throwable cause) {
      super(cause.getMessage(), cause, false, false);
      this.endpoint = endpoint;
    }
  }
}
