package dev.vertxelastic.platform.metrics;

import dev.vertxelastic.platform.testing.Await;
import dev.vertxelastic.platform.testing.OnOneContext;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.net.NetSocket;
import io.vertx.core.spi.VertxMetricsFactory;
import io.vertx.ext.web.Router;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.backends.BackendRegistries;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The HTTP servers' request meters of {@link Metrics#factory()} against Vert.x's own: the same
 * requests to two servers give the same series, labels, descriptions and counts.
 */
class ServerRequestMetersTest {

  final List<Vertx> started = new ArrayList<>();
  final Vertx clients = start(Vertx.vertx());
  /** Every request from one event loop: from the test thread a response could end before its body is asked for. */
  final OnOneContext user = OnOneContext.of(clients);

  @AfterEach
  void close() {
    started.forEach(v -> Await.result(v.close()));
  }

  Vertx start(Vertx vertx) {
    started.add(vertx);
    return vertx;
  }

  Vertx withMetrics(String name, VertxMetricsFactory factory) {
    return start(Vertx.builder().with(new VertxOptions().setMetricsOptions(Metrics.options(name, Set.of())))
        .withMetrics(factory).build());
  }

  @Test
  void serverRequestsAreMeteredAsVertxMetersThem() {
    List<String> vertx = scrapeAfterTraffic(withMetrics("vertx-own", new MicrometerMetricsFactory(Metrics.prometheusRegistry())), "vertx-own");
    List<String> kept = scrapeAfterTraffic(withMetrics("kept", Metrics.factory()), "kept");

    assertTrue(vertx.stream().anyMatch(l -> l.startsWith("vertx_http_server_requests_total{code=\"200\",method=\"GET\",route=\"/api/things/:id\"} 3")),
        String.join("\n", vertx));
    assertTrue(vertx.stream().anyMatch(l -> l.startsWith("vertx_http_server_request_resets_total{method=\"GET\"} 1")), String.join("\n", vertx));
    assertEquals(String.join("\n", vertx), String.join("\n", kept));
  }

  @Test
  void methodsVertxDoesNotKnowShareOneLabelValue() {
    Vertx vertx = withMetrics("unknown-methods", Metrics.factory());
    int port = Await.result(vertx.createHttpServer().requestHandler(request -> request.response().setStatusCode(405).end()).listen(0)).actualPort();
    HttpClient client = clients.createHttpClient();
    for (int i = 0; i < 20; i++) {
      assertEquals(405, status(client, HttpMethod.valueOf("BREW" + i), port, "/pot", null));
    }
    assertEquals(405, status(client, HttpMethod.PROPFIND, port, "/pot", null));

    String scrape = ((PrometheusMeterRegistry) BackendRegistries.getNow("unknown-methods")).scrape();
    assertTrue(scrape.contains("vertx_http_server_requests_total{code=\"405\",method=\"_OTHER\",route=\"\"} 20.0"), scrape);
    assertTrue(scrape.contains("vertx_http_server_requests_total{code=\"405\",method=\"PROPFIND\",route=\"\"} 1.0"), scrape);
    assertFalse(scrape.contains("BREW"), scrape);
  }

  /** The same traffic to a server of {@code vertx}: routes, a sub-router, a 404, a body, HEAD, a reset. Then its scrape, normalized. */
  List<String> scrapeAfterTraffic(Vertx vertx, String registryName) {
    Promise<Void> hangingArrived = Promise.promise();
    Router sub = Router.router(vertx);
    sub.get("/x").handler(ctx -> {
      ctx.request().routed("named");
      ctx.end("sub");
    });
    Router router = Router.router(vertx);
    router.get("/api/things/:id").handler(ctx -> ctx.end("thing " + ctx.pathParam("id")));
    router.head("/api/things/:id").handler(ctx -> ctx.end());
    router.post("/api/things").handler(ctx -> ctx.request().body().onSuccess(b -> ctx.response().setStatusCode(201).end(b)));
    router.route("/api/sub/*").subRouter(sub);
    router.get("/api/hang").handler(ctx -> hangingArrived.tryComplete());
    int port = Await.result(vertx.createHttpServer().requestHandler(router).listen(0)).actualPort();

    HttpClient client = clients.createHttpClient();
    for (int i = 0; i < 3; i++) {
      assertEquals(200, status(client, HttpMethod.GET, port, "/api/things/" + i, null));
    }
    assertEquals(201, status(client, HttpMethod.POST, port, "/api/things", Buffer.buffer("a body of some bytes")));
    assertEquals(200, status(client, HttpMethod.HEAD, port, "/api/things/7", null));
    assertEquals(200, status(client, HttpMethod.GET, port, "/api/sub/x", null));
    assertEquals(404, status(client, HttpMethod.GET, port, "/nothing", null));
    assertEquals(405, status(client, HttpMethod.DELETE, port, "/api/things/1", null));
    // A request whose client goes away before the answer: a reset.
    NetSocket socket = Await.result(clients.createNetClient().connect(port, "127.0.0.1"));
    Await.result(socket.write("GET /api/hang HTTP/1.1\r\nHost: localhost\r\n\r\n"));
    Await.result(hangingArrived.future());
    Await.result(socket.close());

    PrometheusMeterRegistry registry = (PrometheusMeterRegistry) BackendRegistries.getNow(registryName);
    Await.until("the reset to be counted and no request active",
        () -> registry.scrape().contains("vertx_http_server_request_resets_total{method=\"GET\"} 1")
            && registry.scrape().lines().filter(l -> l.startsWith("vertx_http_server_active_requests{")).allMatch(l -> l.endsWith(" 0.0")),
        registry::scrape);
    return normalized(registry.scrape());
  }

  int status(HttpClient client, HttpMethod method, int port, String uri, Buffer body) {
    Future<HttpClientResponse> response = user.call(() -> client.request(method, port, "127.0.0.1", uri)
        .compose(request -> body == null ? request.send() : request.send(body))
        .compose(r -> r.body().map(b -> r)));
    return Await.result(response).statusCode();
  }

  /** The request-level lines of the HTTP server; response times keep their series and count only (their values are timings). */
  static List<String> normalized(String scrape) {
    return scrape.lines()
        .filter(l -> l.matches("(# (HELP|TYPE) )?vertx_http_server_(requests|response_time|response_bytes|request_bytes|active_requests|request_resets).*"))
        .map(l -> l.startsWith("vertx_http_server_response_time_seconds") && !l.startsWith("vertx_http_server_response_time_seconds_count")
            ? l.substring(0, l.lastIndexOf(' ')) : l)
        .sorted()
        .toList();
  }
}
