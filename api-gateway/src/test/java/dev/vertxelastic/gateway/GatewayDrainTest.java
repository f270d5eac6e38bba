package dev.vertxelastic.gateway;

import dev.vertxelastic.platform.testing.OnOneContext;
import dev.vertxelastic.platform.runtime.ServiceRuntime;
import dev.vertxelastic.platform.testing.Await;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A gateway told to stop (SIGTERM, after the preStop delay) keeps the games that run through it. */
@ExtendWith(VertxExtension.class)
class GatewayDrainTest {

  private static final String GAME = "/ws/games/game-a.xxxxxxxxxx?token=t";

  @Test
  void aStoppingGatewayKeepsOpenTunnelsUntilTheyCloseAndTakesNoNewOne(Vertx vertx) throws Exception {
    TestBackend backend = TestBackend.start(vertx, "game-a");
    ServiceRuntime<GatewayVerticle> gateway = gateway(backend, "60s");
    int port = gateway.verticle().actualPort();
    WebSocketClient players = vertx.createWebSocketClient();
    BlockingQueue<String> frames = new LinkedBlockingQueue<>();
    WebSocket playing = Await.result(players.webSocket().textMessageHandler(frames::add).connect(port, "127.0.0.1", GAME));
    assertEquals("welcome:game-a", frames.poll(Await.DEADLINE.toSeconds(), TimeUnit.SECONDS));

    Future<Void> stopped = gateway.stop();
    awaitNotReady(vertx, gateway.verticle().actualManagementPort());

    playing.writeTextMessage("move");
    assertEquals("game-a:/ws/games/game-a.xxxxxxxxxx:move", frames.poll(Await.DEADLINE.toSeconds(), TimeUnit.SECONDS), "the game plays on through a draining gateway");
    Throwable refused = Await.result(players.connect(port, "127.0.0.1", GAME).map(ws -> (Throwable) null).otherwise(err -> err));
    assertTrue(refused != null, "a new tunnel was opened through a draining gateway");
    assertFalse(stopped.isComplete(), "the gateway stopped with a game still running through it");

    Await.result(playing.close());
    Await.result(stopped);
    backend.stop();
  }

  @Test
  void aTunnelStillOpenAtTheDrainDeadlineIsClosedAndTheGatewayStops(Vertx vertx) {
    TestBackend backend = TestBackend.start(vertx, "game-a");
    ServiceRuntime<GatewayVerticle> gateway = gateway(backend, "1s");
    WebSocketClient players = vertx.createWebSocketClient();
    Promise<Void> cut = Promise.promise();
    Await.result(players.connect(gateway.verticle().actualPort(), "127.0.0.1", GAME).map(ws -> ws.closeHandler(v -> cut.tryComplete())));

    Await.result(gateway.stop());
    Await.result(cut.future());
    // Closed only now: a client nothing references could be closed by Vert.x's Cleaner first, and cut the tunnel itself.
    Await.result(players.close());
    backend.stop();
  }

  @Test
  void aDrainingGatewayAnswersWithConnectionCloseThenStopsAccepting(Vertx vertx) {
    TestBackend backend = TestBackend.start(vertx, "game-a");
    ServiceRuntime<GatewayVerticle> gateway = gateway(backend, "60s", "3s");
    int port = gateway.verticle().actualPort();
    HttpClient client = vertx.createHttpClient(new PoolOptions().setHttp1MaxSize(1));
    // From a test thread, a response can end before its body() is asked for, and that body never comes.
    OnOneContext user = OnOneContext.of(vertx);
    HttpClientResponse before = Await.result(get(user, client, port));
    assertEquals(null, before.getHeader(HttpHeaders.CONNECTION), "a serving gateway keeps connections alive");
    Promise<Void> kept = Promise.promise();
    before.request().connection().closeHandler(v -> kept.tryComplete());

    Future<Void> stopped = gateway.stop();
    awaitNotReady(vertx, gateway.verticle().actualManagementPort());
    HttpClientResponse draining = Await.result(get(user, client, port));
    assertEquals("close", draining.getHeader(HttpHeaders.CONNECTION));
    assertEquals(before.request().connection(), draining.request().connection(), "the kept-alive connection carried it");
    Await.result(kept.future());
    HttpClientResponse fresh = Await.result(get(user, client, port));
    assertEquals("close", fresh.getHeader(HttpHeaders.CONNECTION), "a new connection in the close period is served, once");

    Await.result(stopped);
    Throwable refused = Await.result(get(user, client, port).map(r -> (Throwable) null).otherwise(err -> err));
    assertTrue(refused != null, "a stopped gateway still accepted a connection");
    backend.stop();
  }

  private static Future<HttpClientResponse> get(OnOneContext user, HttpClient client, int port) {
    return user.call(() -> client.request(HttpMethod.GET, port, "127.0.0.1", "/api/nothing-routed")
        .compose(request -> request.send())
        .compose(response -> response.body().map(response)));
  }

  private static ServiceRuntime<GatewayVerticle> gateway(TestBackend backend, String drainDeadline) {
    return gateway(backend, drainDeadline, "200ms");
  }

  private static ServiceRuntime<GatewayVerticle> gateway(TestBackend backend, String drainDeadline, String closePeriod) {
    return Gateways.start("gateway-drain", Map.of(
        "GATEWAY_UPSTREAMS", "games=game-a@" + backend.url(),
        "GATEWAY_DRAIN_DEADLINE", drainDeadline,
        "GATEWAY_CONNECTION_CLOSE_PERIOD", closePeriod,
        "SHUTDOWN_TIMEOUT", "1s"));
  }

  private static void awaitNotReady(Vertx vertx, int managementPort) {
    WebClient client = WebClient.create(vertx);
    Await.until("the gateway not ready after stop",
        () -> Await.result(client.get(managementPort, "127.0.0.1", "/health/ready").send()).statusCode() == 503);
  }
}
