package dev.vertxelastic.platform.metrics;

import io.micrometer.core.instrument.Clock;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.net.SocketAddress;
import io.vertx.core.spi.observability.HttpRequest;
import io.vertx.core.spi.observability.HttpResponse;
import io.vertx.core.spi.metrics.HttpServerMetrics;
import io.vertx.micrometer.Label;
import io.vertx.micrometer.MetricsNaming;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * The per-request meters of a process's HTTP servers, as Vert.x's Micrometer metrics define them
 * ({@code vertx_http_server_requests_total}, {@code _response_time_seconds}, {@code _response_bytes},
 * {@code _request_bytes}, {@code _active_requests}, {@code _request_resets_total}: same names, tags and
 * descriptions, but one method label for the methods Vert.x does not know), looked up once per
 * method and once per method, route and status, then kept. Vert.x
 * builds each meter's tags and looks it up in the registry on every request, four times: a tenth of a
 * proxied request's work on the gateway's event loop. Shared by all the servers of one Vert.x instance.
 */
final class ServerRequestMeters {

  /**
   * The method label of a method Vert.x does not know (OpenTelemetry's name for it): Vert.x takes any
   * token as a method, and a client that invents methods must not create meters without end.
   */
  static final HttpMethod OTHER = HttpMethod.valueOf("_OTHER");
  private static final Set<HttpMethod> KNOWN = Set.copyOf(HttpMethod.values());

  private final MeterRegistry registry;
  private final Clock clock;
  private final MetricsNaming names;
  private final boolean methodLabel;
  private final boolean routeLabel;
  private final boolean codeLabel;
  private final ConcurrentMap<HttpMethod, ByMethod> byMethod = new ConcurrentHashMap<>();

  ServerRequestMeters(MeterRegistry registry, MetricsNaming serverNames, Set<Label> labels) {
    this.registry = registry;
    this.clock = registry.config().clock();
    this.names = serverNames;
    this.methodLabel = labels.contains(Label.HTTP_METHOD);
    this.routeLabel = labels.contains(Label.HTTP_ROUTE);
    this.codeLabel = labels.contains(Label.HTTP_CODE);
  }

  /** The metrics of one server: connections and bytes stay with {@code micrometer}, requests are counted here. */
  <W, S> HttpServerMetrics<Request, W, S> server(HttpServerMetrics<?, W, S> micrometer) {
    return new Server<>(micrometer);
  }

  private ByMethod of(HttpMethod method) {
    ByMethod meters = byMethod.get(method);
    return meters != null ? meters : byMethod.computeIfAbsent(KNOWN.contains(method) ? method : OTHER, ByMethod::new);
  }

  /** The meters tagged with one method (or none, without the method label). */
  private final class ByMethod {
    private final Tags tags;
    private final LongAdder active = new LongAdder();
    private final DistributionSummary requestBytes;
    private final ConcurrentMap<Outcome, Answered> answered = new ConcurrentHashMap<>();

    ByMethod(HttpMethod method) {
      this.tags = methodLabel ? Tags.of(Label.HTTP_METHOD.toString(), method.toString()) : Tags.empty();
      Gauge.builder(names.getHttpActiveRequests(), active, LongAdder::doubleValue)
          .description("Number of requests being processed").tags(tags).register(registry);
      this.requestBytes = DistributionSummary.builder(names.getHttpRequestBytes())
          .description("Size of requests in bytes").tags(tags).register(registry);
    }

    /** Registered at the first reset, as Vert.x does (a rare event: looked up each time). */
    Counter resets() {
      return Counter.builder(names.getHttpRequestResetsCount()).description("Number of request resets").tags(tags).register(registry);
    }

    Answered answered(String route, int status) {
      Outcome outcome = new Outcome(routeLabel ? route : "", codeLabel ? status : 0);
      Answered meters = answered.get(outcome);
      return meters != null ? meters : answered.computeIfAbsent(outcome, this::register);
    }

    private Answered register(Outcome outcome) {
      Tags all = tags;
      if (routeLabel) {
        all = all.and(Label.HTTP_ROUTE.toString(), outcome.route());
      }
      if (codeLabel) {
        all = all.and(Label.HTTP_CODE.toString(), String.valueOf(outcome.status()));
      }
      return new Answered(
          Counter.builder(names.getHttpRequestsCount()).description("Number of processed requests").tags(all).register(registry),
          Timer.builder(names.getHttpResponseTime()).description("Request processing time").tags(all).register(registry),
          DistributionSummary.builder(names.getHttpResponseBytes()).description("Size of responses in bytes").tags(all).register(registry));
    }
  }

  /** A route label and a status code (each empty or 0 when its label is off). */
  private record Outcome(String route, int status) {
  }

  private record Answered(Counter requests, Timer responseTime, DistributionSummary responseBytes) {
  }

  /** One request in flight: counted active until both its request and its response have ended, or it is reset. */
  static final class Request {
    private final ByMethod meters;
    private final long startNanos;
    /** A single route, or the routes joined with '>' as Vert.x Web reports them one by one. */
    private String route;
    private boolean requestEnded;
    private boolean responseEnded;
    private boolean reset;

    private Request(ByMethod meters, long startNanos) {
      this.meters = meters;
      this.startNanos = startNanos;
    }

    private void routed(String next) {
      if (next != null) {
        route = route == null ? next : route + '>' + next;
      }
    }

    /** Whether the request is over (not reset, and its other half ended before). */
    private boolean end(boolean request) {
      if (request) {
        requestEnded = true;
      } else {
        responseEnded = true;
      }
      return !reset && requestEnded && responseEnded;
    }
  }

  private final class Server<W, S> implements HttpServerMetrics<Request, W, S> {
    private final HttpServerMetrics<?, W, S> micrometer;

    Server(HttpServerMetrics<?, W, S> micrometer) {
      this.micrometer = micrometer;
    }

    @Override
    public Request requestBegin(S socketMetric, HttpRequest request) {
      return begin(request.method());
    }

    @Override
    public Request responsePushed(S socketMetric, HttpMethod method, String uri, HttpResponse response) {
      Request pushed = begin(method);
      // A pushed response has no request of its own to end (Vert.x 5.0.7 waits for one and never stops counting it).
      pushed.requestEnded = true;
      return pushed;
    }

    private Request begin(HttpMethod method) {
      ByMethod meters = of(method);
      meters.active.increment();
      return new Request(meters, clock.monotonicTime());
    }

    @Override
    public void requestRouted(Request request, String route) {
      request.routed(route);
    }

    @Override
    public void requestEnd(Request request, HttpRequest http, long bytesRead) {
      request.meters.requestBytes.record(bytesRead);
      if (request.end(true)) {
        request.meters.active.decrement();
      }
    }

    @Override
    public void requestReset(Request request) {
      request.meters.resets().increment();
      request.meters.active.decrement();
      request.reset = true;
    }

    @Override
    public void responseEnd(Request request, HttpResponse response, long bytesWritten) {
      Answered meters = request.meters.answered(request.route == null ? "" : request.route, response.statusCode());
      meters.requests().increment();
      meters.responseTime().record(clock.monotonicTime() - request.startNanos, TimeUnit.NANOSECONDS);
      meters.responseBytes().record(bytesWritten);
      if (request.end(false)) {
        request.meters.active.decrement();
      }
    }

    @Override
    public W connected(S socketMetric, Request request, ServerWebSocket webSocket) {
      return micrometer.connected(socketMetric, null, webSocket);
    }

    @Override
    public void disconnected(W webSocketMetric) {
      micrometer.disconnected(webSocketMetric);
    }

    @Override
    public S connected(SocketAddress remoteAddress, String remoteName) {
      return micrometer.connected(remoteAddress, remoteName);
    }

    @Override
    public void disconnected(S socketMetric, SocketAddress remoteAddress) {
      micrometer.disconnected(socketMetric, remoteAddress);
    }

    @Override
    public void bytesRead(S socketMetric, SocketAddress remoteAddress, long numberOfBytes) {
      micrometer.bytesRead(socketMetric, remoteAddress, numberOfBytes);
    }

    @Override
    public void bytesWritten(S socketMetric, SocketAddress remoteAddress, long numberOfBytes) {
      micrometer.bytesWritten(socketMetric, remoteAddress, numberOfBytes);
    }

    @Override
    public void exceptionOccurred(S socketMetric, SocketAddress remoteAddress, Throwable t) {
      micrometer.exceptionOccurred(socketMetric, remoteAddress, t);
    }

    @Override
    public void close() {
      micrometer.close();
    }
  }
}
