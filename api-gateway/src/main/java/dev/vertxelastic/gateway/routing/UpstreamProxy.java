package dev.vertxelastic.gateway.routing;

import dev.vertxelastic.gateway.discovery.DiscoveryHealth;
import dev.vertxelastic.platform.discovery.Endpoint;
import dev.vertxelastic.platform.discovery.Route;
import dev.vertxelastic.platform.discovery.ServiceRegistry;
import dev.vertxelastic.platform.http.Problem;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.channel.ConnectTimeoutException;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

import java.util.Comparator;
import java.util.Set;
import java.util.concurrent.TimeoutException;
import java.util.logging.Logger;

/**
 * Routes public requests to upstream services, one path for all: a request is admitted (known
 * route, breaker not open), becomes an {@link Exchange} with one deadline
 * ({@code GATEWAY_REQUEST_TIMEOUT}), goes to the endpoint the balancer picks, and is relayed as
 * HTTP ({@link HttpRelay}) or as a WebSocket tunnel ({@link WebSocketTunnel}). One retry policy:
 * an idempotent request whose connection could not be opened is tried once more on another
 * endpoint, within the same deadline. {@link #call} gives the gateway's own calls (the game
 * directory) the same endpoints, breakers, ejection and meters.
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
  private final HttpRelay http;
  private final WebSocketTunnel tunnels;

  public UpstreamProxy(Vertx vertx, ServiceRegistry registry, UpstreamSettings settings, MeterRegistry meters) {
    this.registry = registry;
    this.circuits = new ServiceCircuits(registry, settings, meters);
    this.timeoutMillis = settings.requestTimeout().toMillis();
    this.pool = new EndpointPool(vertx, settings);
    this.balancer = new UpstreamBalancer(STICKY_SEGMENTS, pool::outstanding, pool::ejected);
    this.circuits.endpointStates(pool::state);
    Deadlines deadlines = new Deadlines();
    this.http = new HttpRelay(vertx, deadlines, settings.bodyTimeout().toMillis(), exchange -> otherEndpoint(exchange, exchange.endpoint()));
    this.tunnels = new WebSocketTunnel(deadlines);
  }

  /** Keeps a circuit and meters for every service the registry knows, and the clients of live endpoints only, now and after each change. */
  public void watchServices() {
    followRoutes();
    registry.onChange(this::followRoutes);
  }

  /** Counts what the endpoint gauges report, on the event loop, before a scrape reads them on a worker thread. */
  public void publishGauges() {
    circuits.publishEndpointCounts();
  }

  private void followRoutes() {
    circuits.coverRoutes();
    pool.retain(registry.routes().values().stream().flatMap(route -> route.endpoints().stream()).toList());
  }

  /** Route handler of {@code /api/*} and {@code /ws/*}: 404 for an unknown route, 503 while its circuit is open. */
  public void proxy(RoutingContext ctx) {
    String path = ctx.request().path();
    UpstreamPath routed = UpstreamPath.parse(path).orElseThrow(() -> Problem.notFound("No service serves " + path + "."));
    Route route = registry.route(routed.segment()).orElseThrow(() -> Problem.notFound("No service serves " + path + "."));
    // The HTTP metrics' route label: Vert.x Web joins the routes a request took with '>', so a
    // proxied call is counted as /api/>courses or /ws/>games, per routed segment (a known one only).
    ctx.request().routed(route.segment());
    ServiceCircuit circuit = circuits.of(route.service());
    if (!circuit.admit()) {
      throw circuit.reject();
    }
    if (!WebSocketTunnel.isUpgrade(ctx.request()) && !ctx.request().isEnded()) {
      // The body waits for the upstream request; an upgrade has none, and its connection becomes the tunnel.
      // A request already ended (no body) has nothing to hold back, so it is not paused.
      ctx.request().pause();
    }
    forward(new Exchange(ctx, route, routed, circuit, timeoutMillis));
  }

  /** Sends the exchange to an endpoint and relays it; a retry (see {@link Exchange#mayRetry}) comes back here. */
  private void forward(Exchange exchange) {
    HttpServerRequest incoming = exchange.incoming;
    boolean upgrade = WebSocketTunnel.isUpgrade(incoming);
    RequestOptions options = new RequestOptions().setMethod(incoming.method()).setURI(incoming.uri());
    open(exchange, upgrade, options).onSuccess(upstream -> {
      ForwardedHeaders.request(incoming, upgrade, upstream.headers());
      if (incoming.authority() != null) {
        upstream.authority(incoming.authority());
      }
      // Failures reach the relay through the response future; this only hears of a connection closed later (a reset or a refusal).
      upstream.exceptionHandler(failure -> LOG.fine(() -> "exchange with " + exchange.endpoint().address() + " ended: " + failure));
      if (upgrade) {
        tunnels.relay(exchange, upstream);
      } else {
        http.relay(exchange, upstream, () -> forward(exchange));
      }
    });
  }

  /**
   * Opens the exchange's upstream request on the balancer's endpoint; a connection that cannot be
   * opened ejects the endpoint after repeated failures, counts against the breaker, and may be
   * retried once (see {@link Exchange#mayRetryConnect}). A failure is answered before the future fails.
   */
  private Future<HttpClientRequest> open(Exchange exchange, boolean tunnel, RequestOptions options) {
    Endpoint endpoint;
    try {
      endpoint = balancer.choose(exchange.route, exchange.path, exchange.avoid());
    } catch (Problem none) {
      exchange.fail(null, none);
      return Future.failedFuture(none);
    }
    EndpointPool.Slot slot = pool.of(endpoint);
    Runnable lease = tunnel ? slot.tunnelLease() : slot.lease();
    if (lease == null) {
      Problem full = Problem.unavailable(endpoint.instance() + " has as many tunnels as the gateway opens to one instance.", 1);
      exchange.fail(Outcome.REJECTED, full);
      return Future.failedFuture(full);
    }
    exchange.attempt(endpoint, lease);
    options.setHost(endpoint.host()).setPort(endpoint.port()).setConnectTimeout(exchange.millisLeft());
    return (tunnel ? slot.tunnels() : slot.http()).request(options).onSuccess(request -> slot.connected()).recover(failure -> {
      slot.connectFailed();
      if (exchange.expired()) {
        Problem late = Problem.gatewayTimeout(exchange.service() + " could not be reached in time.");
        exchange.fail(Outcome.TIMEOUT, late);
        return Future.failedFuture(late);
      }
      if (otherEndpoint(exchange, endpoint) && exchange.mayRetry(false)) {
        exchange.circuit.count(Outcome.CONNECT_ERROR);
        return open(exchange, tunnel, options);
      }
      Problem unreachable = new Problem(502, "Bad Gateway", exchange.service() + " could not be reached.");
      exchange.fail(Outcome.CONNECT_ERROR, unreachable);
      return Future.failedFuture(unreachable);
    });
  }

  private boolean otherEndpoint(Exchange exchange, Endpoint failed) {
    try {
      return !balancer.choose(exchange.route, exchange.path, failed).equals(failed);
    } catch (Problem none) {
      return false;
    }
  }

  /**
   * One request of the gateway's own to {@code endpoint} of the service routed at {@code segment},
   * through the same breaker, ejection and meters as proxied requests, read whole (small JSON
   * answers); fails with a problem when the breaker is open, the endpoint cannot be reached (502)
   * or does not answer in time (504).
   */
  public Future<Reply> call(String segment, Endpoint endpoint, HttpMethod method, String uri, MultiMap headers, Buffer body) {
    Route route = registry.route(segment).orElseThrow(() -> Problem.notFound("No service serves /api/" + segment + "."));
    ServiceCircuit circuit = circuits.of(route.service());
    if (!circuit.admit()) {
      return Future.failedFuture(circuit.reject());
    }
    EndpointPool.Slot slot = pool.of(endpoint);
    Runnable lease = slot.lease();
    RequestOptions options = new RequestOptions().setMethod(method).setHost(endpoint.host()).setPort(endpoint.port())
        .setURI(uri).setHeaders(headers).setConnectTimeout(timeoutMillis).setIdleTimeout(timeoutMillis);
    return slot.http().request(options)
        .onFailure(err -> slot.connectFailed())
        .onSuccess(opened -> slot.connected())
        .compose(request -> body == null ? request.send() : request.send(body))
        .compose(response -> response.body().map(b -> new Reply(response.statusCode(), response.headers(), b)))
        .transform(done -> {
          lease.run();
          if (done.succeeded()) {
            circuit.record(Outcome.ofStatus(done.result().status()));
            return Future.succeededFuture(done.result());
          }
          boolean timeout = done.cause() instanceof TimeoutException || done.cause() instanceof ConnectTimeoutException;
          circuit.record(timeout ? Outcome.TIMEOUT : Outcome.CONNECT_ERROR);
          return Future.failedFuture(timeout ? Problem.gatewayTimeout(route.service() + " did not answer in time.")
              : new Problem(502, "Bad Gateway", route.service() + " could not be reached."));
        });
  }

  /** An upstream's whole answer to one of the gateway's own calls. */
  public record Reply(int status, MultiMap headers, Buffer body) {
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
    return pool.close();
  }
}
