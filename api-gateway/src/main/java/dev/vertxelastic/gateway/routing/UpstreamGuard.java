package dev.vertxelastic.gateway.routing;

import dev.vertxelastic.platform.discovery.Route;
import dev.vertxelastic.platform.discovery.ServiceRegistry;
import dev.vertxelastic.platform.http.Problem;
import dev.vertxelastic.platform.http.Problems;
import dev.vertxelastic.platform.http.RequestIds;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.vertx.core.Future;
import io.vertx.core.http.HttpClosedException;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.StreamResetException;
import io.vertx.httpproxy.ProxyContext;
import io.vertx.httpproxy.ProxyInterceptor;
import io.vertx.httpproxy.ProxyRequest;
import io.vertx.httpproxy.ProxyResponse;

import java.io.IOException;
import java.net.ConnectException;
import java.util.Optional;

/**
 * The proxy's interceptor (WebSocket upgrades included): binds the request to its route, sends
 * it through the service's circuit breaker, and answers every failure with a problem document.
 */
final class UpstreamGuard implements ProxyInterceptor {

  static final String ROUTE = "gateway.route";
  static final String PATH = "gateway.path";
  private static final String PROBLEM = "gateway.problem";
  private static final String LEASE = "gateway.lease";
  /** The endpoint of the current try, and the one a replay should avoid. */
  static final String ENDPOINT = "gateway.endpoint";
  static final String AVOID = "gateway.avoid";

  private final ServiceRegistry registry;
  private final ServiceCircuits circuits;

  UpstreamGuard(ServiceRegistry registry, ServiceCircuits circuits) {
    this.registry = registry;
    this.circuits = circuits;
  }

  @Override
  public Future<ProxyResponse> handleProxyRequest(ProxyContext proxy) {
    HttpServerRequest incoming = proxy.request().proxiedRequest();
    Optional<UpstreamPath> path = UpstreamPath.parse(incoming.path());
    Optional<Route> route = path.flatMap(p -> registry.route(p.segment()));
    if (route.isEmpty()) {
      // The route vanished since the request was admitted.
      return refuse(proxy, Problem.notFound("No service serves " + incoming.path() + "."));
    }
    proxy.set(PATH, path.get());
    proxy.set(ROUTE, route.get());
    addForwardedHeaders(proxy.request(), incoming);
    dropTraceContext(proxy.request());
    return circuits.of(route.get().service()).call(() -> send(proxy, incoming))
        .compose(attempt -> attempt.problem() == null ? Future.succeededFuture(attempt.response()) : refuse(proxy, attempt.problem()));
  }

  /**
   * Sends the request; a bodiless GET or HEAD whose connection broke before any answer (a pod
   * that crashed with requests in flight) is replayed once on another endpoint.
   */
  private static Future<ProxyResponse> send(ProxyContext proxy, HttpServerRequest incoming) {
    return proxy.sendRequest().onSuccess(r -> WebSocketTunnel.hold(proxy, r)).recover(failure -> {
      if (!replayable(proxy, incoming, failure)) {
        return Future.failedFuture(failure);
      }
      proxy.set(AVOID, proxy.get(ENDPOINT, Object.class));
      proxy.request().setBody(null);
      return proxy.sendRequest();
    });
  }

  private static boolean replayable(ProxyContext proxy, HttpServerRequest incoming, Throwable failure) {
    boolean bodiless = (incoming.method() == HttpMethod.GET || incoming.method() == HttpMethod.HEAD)
        && !incoming.headers().contains(HttpHeaders.CONTENT_LENGTH) && !incoming.headers().contains(HttpHeaders.TRANSFER_ENCODING);
    // A lost connection shows as a close, an I/O error, or the local reset of a request whose body could not be written.
    boolean connectionLost = failure instanceof HttpClosedException || failure instanceof StreamResetException
        || failure instanceof IOException && !(failure instanceof ConnectException);
    return bodiless && connectionLost && !proxy.isWebSocket() && proxy.get(AVOID, Object.class) == null;
  }

  /** Counts the exchange against its endpoint until the response is relayed, or its tunnel closes; a new lease ends the prior one. */
  static void holdLease(ProxyContext proxy, Runnable release) {
    release(proxy);
    proxy.set(LEASE, release);
  }

  private static void release(ProxyContext proxy) {
    Runnable release = proxy.get(LEASE, Runnable.class);
    if (release != null) {
      release.run();
    }
  }

  @Override
  public Future<Void> handleProxyResponse(ProxyContext proxy) {
    Problem problem = proxy.get(PROBLEM, Problem.class);
    if (problem == null && proxy.response().proxiedResponse() == null) {
      problem = new Problem(502, "Bad Gateway", "The upstream exchange failed.");
    }
    if (problem != null) {
      release(proxy);
      // Written here, not through the proxy: its WebSocket path cannot send a response without an upstream one.
      HttpServerRequest incoming = proxy.request().proxiedRequest();
      Problems.write(incoming.response(), problem, incoming.path(), incoming.getHeader(RequestIds.HEADER));
      return Future.succeededFuture();
    }
    // The gateway already answers with the same request id.
    proxy.response().headers().remove(RequestIds.HEADER);
    if (WebSocketTunnel.isUpgrade(proxy, proxy.response())) {
      return WebSocketTunnel.open(proxy, () -> release(proxy));
    }
    return proxy.sendResponse().onComplete(done -> release(proxy));
  }

  private static Future<ProxyResponse> refuse(ProxyContext proxy, Problem problem) {
    release(proxy);
    proxy.set(PROBLEM, problem);
    return Future.failedFuture(problem);
  }

  /**
   * The client's trace context lives on in the gateway's server span; the upstream gets the
   * gateway's client span instead, which Vert.x tracing adds to the outgoing request (it adds, so
   * a copied header would make two).
   */
  private static void dropTraceContext(ProxyRequest request) {
    for (String field : W3CTraceContextPropagator.getInstance().fields()) {
      request.headers().remove(field);
    }
  }

  private static void addForwardedHeaders(ProxyRequest request, HttpServerRequest incoming) {
    if (incoming.remoteAddress() != null) {
      String prior = incoming.getHeader("X-Forwarded-For");
      String client = incoming.remoteAddress().hostAddress();
      request.putHeader("X-Forwarded-For", prior == null ? client : prior + ", " + client);
    }
    request.putHeader("X-Forwarded-Proto", incoming.scheme() == null ? "http" : incoming.scheme());
    if (incoming.authority() != null) {
      request.putHeader("X-Forwarded-Host", incoming.authority().toString());
    }
  }
}
