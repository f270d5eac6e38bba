package dev.vertxelastic.gateway;

import dev.vertxelastic.platform.testing.OnOneContext;
import dev.vertxelastic.platform.testing.Await;
import dev.vertxelastic.platform.runtime.ServiceRuntime;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Logger;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 13, finding 1: an upgrade request that the backend answers without a 101 must give its
 * gateway-to-backend connection back, however many come. The count is the system property
 * {@code gateway.refusedUpgrades} (500 by default; the figure is 10,000).
 */
@ExtendWith(VertxExtension.class)
class RefusedUpgradesTest {

  private static final Logger LOG = Logger.getLogger(RefusedUpgradesTest.class.getName());
  static final int REFUSALS = Integer.getInteger("gateway.refusedUpgrades", 500);
  static final int IN_FLIGHT = 50;
  static final int PROGRESS_STEP = 100;
  static final List<String> STATUSES = List.of("401", "404", "409", "500", "200");

  static RefusingBackend backend;
  static ServiceRuntime<GatewayVerticle> gateway;
  /**
   * The client that sends refused upgrades, and another user's, each used from one event loop of
   * its own (see {@link OnOneContext}); the user's checks go over one kept-alive connection, as a browser's do.
   */
  static HttpClient client;
  static OnOneContext flood;
  static HttpClient user;
  static OnOneContext browser;
  /** The local ports of the user's connections to the gateway. */
  static final Set<Integer> userConnections = ConcurrentHashMap.newKeySet();
  static int port;

  @BeforeAll
  static void start(Vertx vertx) {
    backend = RefusingBackend.start(vertx);
    gateway = Gateways.start("gateway-refusals", Map.of(
        "GATEWAY_UPSTREAMS", "courses=" + backend.url() + ",games=" + backend.url(),
        "GATEWAY_POOL_SIZE", "20",
        // The user's one connection outlives the flood, however long a busy machine makes it.
        "GATEWAY_IDLE_TIMEOUT", "5m"));
    port = gateway.verticle().actualPort();
    client = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true), new PoolOptions().setHttp1MaxSize(IN_FLIGHT));
    flood = OnOneContext.of(vertx);
    user = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true).setKeepAliveTimeout(300), new PoolOptions().setHttp1MaxSize(1));
    browser = OnOneContext.of(vertx);
  }

  @AfterAll
  static void stop() {
    Await.result(gateway.stop());
    backend.stop();
  }

  static Future<Integer> upgrade(String uri) {
    RequestOptions options = new RequestOptions().setMethod(HttpMethod.GET).setPort(port).setHost("127.0.0.1").setURI(uri)
        .putHeader("Upgrade", "websocket").putHeader("Connection", "Upgrade")
        .putHeader("Sec-WebSocket-Key", "dGhlIHNhbXBsZSBub25jZQ==").putHeader("Sec-WebSocket-Version", "13");
    return client.request(options).compose(r -> r.send()).compose(r -> r.body().map(b -> r.statusCode()));
  }

  /** Another user's GET, on the user's one kept-alive connection. */
  static long millisOfGet(String uri) {
    long start = System.nanoTime();
    int status = Await.result(browser.call(() -> user.request(HttpMethod.GET, port, "127.0.0.1", uri).compose(r -> {
      userConnections.add(r.connection().localAddress().port());
      return r.send();
    }).compose(r -> r.body().map(b -> r.statusCode()))));
    assertEquals(200, status, uri);
    return (System.nanoTime() - start) / 1_000_000;
  }

  @Test
  void refusedUpgradesLeaveThePooledConnectionsWhereTheyWereAndEveryRouteAnswersFast(Vertx vertx) {
    millisOfGet("/api/courses?size=1");
    millisOfGet("/api/games/1");
    int before = backend.connections.get();
    AtomicInteger sent = new AtomicInteger();
    AtomicInteger wrong = new AtomicInteger();
    Promise<Void> done = Promise.promise();
    AtomicInteger finished = new AtomicInteger();
    long started = System.nanoTime();
    for (int i = 0; i < IN_FLIGHT; i++) {
      flood.context().runOnContext(v -> next(sent, finished, wrong, done));
    }
    // Step by step: the whole count may take longer than one wait's deadline, each step may not (on two
    // busy cores 500 refusals have taken over 30 s, and a hung request would still stop the progress).
    while (!done.future().isComplete()) {
      int answered = finished.get();
      Await.until(PROGRESS_STEP + " more refusals answered",
          () -> done.future().isComplete() || finished.get() >= answered + PROGRESS_STEP);
    }
    long seconds = Math.max(1, (System.nanoTime() - started) / 1_000_000_000);
    LOG.info(REFUSALS + " refused upgrades in " + seconds + " s; backend connections before " + before
        + ", after " + backend.connections.get());

    assertEquals(0, wrong.get(), "every refusal is passed on with the backend's status");
    Await.until("the backend connections back where they were", () -> backend.connections.get() <= before + 1,
        () -> "backend connections: " + backend.connections.get() + ", before: " + before);
    for (String uri : List.of("/api/courses?size=1", "/api/games/1", "/api/courses/1")) {
      // The best of five: a full pool would make every one wait for the request timeout, a busy machine only some.
      long millis = IntStream.range(0, 5).mapToLong(i -> millisOfGet(uri)).min().orElseThrow();
      assertTrue(millis < 100, uri + " answered after " + millis + " ms at best");
    }
    assertEquals(1, userConnections.size(), "the user's checks on one kept-alive connection: " + userConnections);
  }

  private static void next(AtomicInteger sent, AtomicInteger finished, AtomicInteger wrong, Promise<Void> done) {
    int n = sent.getAndIncrement();
    if (n >= REFUSALS) {
      return;
    }
    String status = STATUSES.get(n % STATUSES.size());
    String uri = n % 2 == 0 ? "/ws/games/g" + n + "/" + status : "/api/courses/" + status + "?size=1";
    upgrade(uri).onComplete(answer -> {
      int expected = status.equals("200") ? 502 : Integer.parseInt(status);
      if (answer.failed() || answer.result() != expected) {
        wrong.incrementAndGet();
      }
      if (finished.incrementAndGet() == REFUSALS) {
        done.complete();
      } else {
        next(sent, finished, wrong, done);
      }
    });
  }

  @Test
  void aRefusedUpgradeIsAProblemWithTheBackendsStatusAndDetail() {
    HttpResponseParts refused = Await.result(flood.call(() -> client.request(new RequestOptions().setMethod(HttpMethod.GET).setPort(port)
            .setHost("127.0.0.1").setURI("/ws/games/g1/401")
            .putHeader("Upgrade", "websocket").putHeader("Connection", "Upgrade")
            .putHeader("Sec-WebSocket-Key", "dGhlIHNhbXBsZSBub25jZQ==").putHeader("Sec-WebSocket-Version", "13"))
        .compose(r -> r.send()).compose(r -> r.body().map(b -> new HttpResponseParts(r.statusCode(), r.getHeader("Content-Type"), b)))));

    assertEquals(401, refused.status());
    assertEquals("application/problem+json", refused.type());
    JsonObject problem = refused.body().toJsonObject();
    assertEquals(401, problem.getInteger("status"));
    assertEquals("Refused 401", problem.getString("title"));
    assertEquals("the backend refused /ws/games/g1/401", problem.getString("detail"));
  }

  record HttpResponseParts(int status, String type, Buffer body) {
  }
}
