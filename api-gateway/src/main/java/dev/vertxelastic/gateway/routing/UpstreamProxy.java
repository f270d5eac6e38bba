package dev.vertxelastic.gateway.routing;

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
  private final UpstreamBalancer balancer = new UpstreamBalancer(STICKY_SEGMENTS);
  private final long timeoutMillis;
  private final HttpClient client;
  private final HttpProxy proxy;

  public UpstreamProxy(Vertx vertx, ServiceRegistry registry, UpstreamSettings settings, MeterRegistry meters) {
    this.registry = registry;
    this.circuits = new ServiceCircuits(vertx, registry, settings, meters);
    this.timeoutMillis = settings.requestTimeout().toMillis();
    this.client = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true),
        new PoolOptions().setHttp1MaxSize(settings.poolSize()));
    this.proxy = HttpProxy.reverseProxy(new ProxyOptions().setSupportWebSocket(true), client)
        .origin(this::originRequest)
        .addInterceptor(new UpstreamGuard(registry, circuits), true);
  }

  /** Keeps a circuit and meters for every service the registry knows, now and after each change. */
  public void watchServices() {
    circuits.coverRoutes();
    registry.onChange(circuits::coverRoutes);
  }

  /** Route handler of {@code /api/*} and {@code /ws/*}: 404 for an unknown route, 503 while its circuit is open. */
  public void proxy(RoutingContext ctx) {
    String path = ctx.request().path();
    Route route = UpstreamPath.parse(path).flatMap(p -> registry.route(p.segment()))
        .orElseThrow(() -> Problem.notFound("No service serves " + path + "."));
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
        .forEach(route -> routes.add(route.toJson().put("breaker", circuits.of(route.service()).state())));
    return new JsonObject().put("discovery", registry.backend()).put("routes", routes);
  }

  public Future<Void> close() {
    circuits.close();
    return client.close();
  }

  private Future<HttpClientRequest> originRequest(ProxyContext context) {
    Endpoint endpoint;
    try {
      endpoint = balancer.choose(context.get(UpstreamGuard.ROUTE, Route.class), context.get(UpstreamGuard.PATH, UpstreamPath.class));
    } catch (Problem problem) {
      return Future.failedFuture(problem);
    }
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
    RequestOptions options = new RequestOptions()
        .setServer(SocketAddress.inetSocketAddress(endpoint.port(), endpoint.host()))
        .setConnectTimeout(timeoutMillis);
    return context.client().request(options).compose(request -> {
      // The idle timeout runs until the response headers arrive; it gets what connecting left of the deadline.
      long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
      if (left <= 0) {
        request.reset();
        return Future.failedFuture(new TimeoutException("no connection to " + endpoint.address() + " within the deadline"));
      }
      request.idleTimeout(left);
      // Failures reach the proxy through the response future; this only catches the close of an upgraded (WebSocket) exchange.
      request.exceptionHandler(failure -> LOG.fine(() -> "exchange with " + endpoint.address() + " ended: " + failure));
      return Future.succeededFuture(request);
    });
  }
}
