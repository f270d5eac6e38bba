package dev.vertxelastic.gateway;

import dev.vertxelastic.platform.testing.OnOneContext;
import dev.vertxelastic.platform.testing.Await;
import dev.vertxelastic.platform.runtime.ServiceRuntime;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetClient;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Issue 13, findings 4 and 7: what the public port does with idle connections and tunnels, stalled bodies and HTTP/2. */
@ExtendWith(VertxExtension.class)
class PublicPortTest {

  static TestBackend courses;
  static TestBackend game;
  static ServiceRuntime<GatewayVerticle> gateway;
  static int port;

  @BeforeAll
  static void start(Vertx vertx) {
    courses = TestBackend.start(vertx, "courses-1");
    game = TestBackend.start(vertx, "game-a");
    gateway = Gateways.start("gateway-edge", Map.of(
        "GATEWAY_UPSTREAMS", "courses=" + courses.url() + ",games=game-a@" + game.url(),
        "GATEWAY_IDLE_TIMEOUT", "1500ms",
        "GATEWAY_BODY_TIMEOUT", "300ms"));
    port = gateway.verticle().actualPort();
  }

  @AfterAll
  static void stop() {
    Await.result(gateway.stop());
    courses.stop();
    game.stop();
  }

  @Test
  void anIdleConnectionIsClosedWithinTheIdleTimeout(Vertx vertx) {
    NetClient client = vertx.createNetClient();
    long start = System.nanoTime();

    Await.result(RawHttp.idleUntilClosed(client, port));

    assertClosedWithinTheIdleTimeout(start);
    Await.result(client.close());
  }

  @Test
  void aGameTunnelWithNoTrafficEitherWayIsClosedWithinTheIdleTimeout(Vertx vertx) {
    WebSocketClient client = vertx.createWebSocketClient();
    Promise<Void> closed = Promise.promise();
    long start = System.nanoTime();

    openGame(client, closed, frame -> { });
    Await.result(closed.future());

    assertClosedWithinTheIdleTimeout(start);
    Await.result(client.close());
  }

  @Test
  void aGameTunnelWithFramesFromTheBackendOnlyOutlivesTheIdleTimeout(Vertx vertx) {
    WebSocketClient client = vertx.createWebSocketClient();
    Promise<Void> closed = Promise.promise();
    List<String> received = Collections.synchronizedList(new ArrayList<>());
    WebSocket socket = openGame(client, closed, received::add);

    // Twice the idle timeout of frames towards the client, and nothing from it.
    socket.writeTextMessage("stream 10 300");
    Await.until("the backend's 10 frames", () -> received.size() >= 11, () -> received.toString());

    assertFalse(closed.future().isComplete(), "closed while the backend sent frames: " + received);
    Await.result(client.close());
  }

  @Test
  void aGameTunnelWithFramesFromTheClientOnlyOutlivesTheIdleTimeout(Vertx vertx) {
    WebSocketClient client = vertx.createWebSocketClient();
    Promise<Void> closed = Promise.promise();
    WebSocket socket = openGame(client, closed, frame -> { });

    // Twice the idle timeout of binary frames, which the backend does not answer.
    Promise<Void> sent = Promise.promise();
    AtomicInteger count = new AtomicInteger();
    vertx.setPeriodic(300, timer -> {
      if (closed.future().isComplete() || count.incrementAndGet() > 10) {
        vertx.cancelTimer(timer);
        sent.complete();
      } else {
        socket.writeBinaryMessage(Buffer.buffer("input"));
      }
    });
    Await.result(sent.future());

    assertFalse(closed.future().isComplete(), "closed after " + count.get() + " frames from the client");
    Await.result(client.close());
  }

  /** Closed no earlier than the 1.5 s idle timeout allows, and not much later. */
  private static void assertClosedWithinTheIdleTimeout(long startNanos) {
    long millis = (System.nanoTime() - startNanos) / 1_000_000;
    assertTrue(millis >= 1_400 && millis < 6_000, "closed after " + millis + " ms");
  }

  /** A game tunnel through the gateway: its text frames go to {@code frames}, its close completes {@code closed}. */
  private static WebSocket openGame(WebSocketClient client, Promise<Void> closed, Handler<String> frames) {
    return Await.result(client.webSocket().textMessageHandler(frames).closeHandler(v -> closed.complete())
        .connect(port, "127.0.0.1", "/ws/games/game-a.xxxxxxxxxx?token=t"));
  }

  @Test
  void aRequestBodyThatNeverComesIsA408ProblemAndTheConnectionCloses(Vertx vertx) {
    long start = System.nanoTime();

    String answer = RawHttp.exchange(vertx, port, "PUT /api/courses/1 HTTP/1.1\r\nHost: gateway\r\n"
        + "Content-Type: application/json\r\nContent-Length: 20\r\n\r\n{\"half\":");

    long millis = (System.nanoTime() - start) / 1_000_000;
    assertTrue(answer.startsWith("HTTP/1.1 408 "), answer);
    assertTrue(answer.toLowerCase().contains("content-type: application/problem+json"), answer);
    assertTrue(answer.contains("\"status\":408"), answer);
    assertTrue(millis < 5_000, "answered after " + millis + " ms");
  }

  @Test
  void h2cIsDeclinedAndAnHttp2ClientsBodyArrivesWholeOverHttp11(Vertx vertx) {
    HttpClient h2c = vertx.createHttpClient(new HttpClientOptions().setProtocolVersion(HttpVersion.HTTP_2).setHttp2ClearTextUpgrade(true));
    RequestOptions put = new RequestOptions().setMethod(HttpMethod.PUT).setPort(port).setHost("127.0.0.1").setURI("/api/courses/1");

    JsonObject seen = Await.result(OnOneContext.of(vertx).call(() -> h2c.request(put).compose(request -> {
      request.setChunked(true);
      request.write("{\"first\":1,");
      return request.send("\"second\":2}");
    }).compose(response -> {
      assertEquals(HttpVersion.HTTP_1_1, response.version(), "the public port speaks HTTP/1.1 only");
      assertEquals(200, response.statusCode());
      return response.body();
    }).map(b -> b.toJsonObject())));

    assertEquals("{\"first\":1,\"second\":2}", seen.getString("body"));
    Await.result(h2c.close());
  }

  @Test
  void aPathWithAMalformedEscapeIsA400Problem(Vertx vertx) {
    String answer = RawHttp.exchange(vertx, port, "GET /api/%u002e%u002e/metrics HTTP/1.1\r\nHost: gateway\r\nConnection: close\r\n\r\n");

    assertTrue(answer.startsWith("HTTP/1.1 400 "), answer);
    assertTrue(answer.toLowerCase().contains("content-type: application/problem+json"), answer);
    assertTrue(answer.contains("\"status\":400"), answer);
  }

  @Test
  void anHttp2PriorKnowledgeConnectionIsRefused(Vertx vertx) {
    String answer = RawHttp.exchange(vertx, port, "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n");

    // An HTTP/2 server would answer with a binary SETTINGS frame; an HTTP/1.1 one refuses the preface as a request
    // (until the platform's invalid-request handler lands, Netty echoes the version: "HTTP/2.0 501").
    assertTrue(answer.isEmpty() || answer.matches("(?s)HTTP/[0-9.]+ [45][0-9][0-9] .*"), answer);
  }
}
