package dev.vertxelastic.platform.metrics;

import dev.vertxelastic.platform.testing.AlternatingRounds;
import io.vertx.core.MultiMap;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.SocketAddress;
import io.vertx.core.spi.VertxMetricsFactory;
import io.vertx.core.spi.metrics.HttpServerMetrics;
import io.vertx.core.spi.observability.HttpRequest;
import io.vertx.core.spi.observability.HttpResponse;
import io.vertx.micrometer.MicrometerMetricsFactory;

import java.util.Set;

/**
 * What the HTTP server's request meters cost a request, Vert.x's own against {@link ServerRequestMeters}:
 * the metrics calls of one proxied request (begin, two routes, request end, response end), a million
 * at a time, the two alternating for {@code rounds} rounds after two of warm-up. Prints nanoseconds
 * per request by round and the medians. Run:
 * {@code ./mvnw -q -pl platform test-compile exec:java -Dexec.classpathScope=test -Dexec.mainClass=dev.vertxelastic.platform.metrics.ServerRequestMetersBenchmark}
 */
public final class ServerRequestMetersBenchmark {

  private static final int REQUESTS = 1_000_000;

  private ServerRequestMetersBenchmark() {
  }

  public static void main(String[] args) {
    int rounds = Integer.getInteger("rounds", 10);
    HttpServerMetrics<Object, Object, Object> vertx = server("bench-vertx", new MicrometerMetricsFactory(Metrics.prometheusRegistry()));
    HttpServerMetrics<Object, Object, Object> kept = server("bench-kept", Metrics.factory());
    AlternatingRounds.run(rounds, "a request", "Vert.x", () -> perRequest(vertx), "kept", () -> perRequest(kept));
  }

  @SuppressWarnings("unchecked")
  private static HttpServerMetrics<Object, Object, Object> server(String registry, VertxMetricsFactory factory) {
    VertxOptions options = new VertxOptions().setMetricsOptions(Metrics.options(registry, Set.of()));
    return (HttpServerMetrics<Object, Object, Object>) factory.metrics(options)
        .createHttpServerMetrics(new HttpServerOptions(), SocketAddress.inetSocketAddress(8080, "127.0.0.1"));
  }

  private static long perRequest(HttpServerMetrics<Object, Object, Object> metrics) {
    SocketAddress client = SocketAddress.inetSocketAddress(40000, "127.0.0.1");
    Object socket = metrics.connected(client, "127.0.0.1");
    long start = System.nanoTime();
    for (int i = 0; i < REQUESTS; i++) {
      Object request = metrics.requestBegin(socket, REQUEST);
      metrics.requestRouted(request, "/api/");
      metrics.requestRouted(request, "courses");
      metrics.requestEnd(request, REQUEST, 0);
      metrics.responseEnd(request, RESPONSE, 1_234);
    }
    long nanos = (System.nanoTime() - start) / REQUESTS;
    metrics.disconnected(socket, client);
    return nanos;
  }

  private static final HttpRequest REQUEST = new HttpRequest() {
    @Override
    public int id() {
      return 1;
    }

    @Override
    public String uri() {
      return "/api/courses/kubernetes-fundamentals";
    }

    @Override
    public String absoluteURI() {
      return "http://127.0.0.1:8080" + uri();
    }

    @Override
    public HttpMethod method() {
      return HttpMethod.GET;
    }

    @Override
    public MultiMap headers() {
      return MultiMap.caseInsensitiveMultiMap();
    }

    @Override
    public SocketAddress remoteAddress() {
      return SocketAddress.inetSocketAddress(40000, "127.0.0.1");
    }
  };

  private static final HttpResponse RESPONSE = new HttpResponse() {
    @Override
    public int statusCode() {
      return 200;
    }

    @Override
    public MultiMap headers() {
      return MultiMap.caseInsensitiveMultiMap();
    }
  };
}
