package dev.vertxelastic.gateway;

import dev.vertxelastic.platform.http.AccessLines;
import dev.vertxelastic.platform.runtime.ServiceRuntime;
import dev.vertxelastic.platform.testing.Await;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetSocket;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A request body that the upstream takes slowly: the gateway holds the client's body back
 * (back-pressure), which is not the client stalling (408), and a body the upstream never takes
 * is the upstream's timeout (504) at the exchange's deadline, its connection closed although the
 * upstream read nothing of what was queued on it (a gateway holding it would wait for it when it stops);
 * the client reads the 504 whole (the rest of its body is read and dropped before the close), and
 * a client that goes on sending a body after its answer is cut off a body timeout later.
 */
@ExtendWith(VertxExtension.class)
class RequestBodyRelayTest {

  /** Far more than loopback's socket buffers hold, so the gateway's upstream write queue fills. */
  private static final int BODY_BYTES = 32 * 1024 * 1024;
  private static final long BODY_TIMEOUT_MILLIS = 500;
  /** How long the slow upstream leaves a body unread before it reads it: five body timeouts. */
  private static final long UNREAD_MILLIS = 5 * BODY_TIMEOUT_MILLIS;
  /** Bytes a trickling client sends at most, 100 ms apart: 15 s, far beyond the 4 s deadline and the close after its answer. */
  private static final int TRICKLE_LIMIT = 150;

  static HttpServer upstream;
  static HttpClient client;
  ServiceRuntime<GatewayVerticle> gateway;

  @BeforeAll
  static void start(Vertx vertx) {
    upstream = Await.result(vertx.createHttpServer().requestHandler(request -> takeSlowly(vertx, request)).listen(0));
    client = vertx.createHttpClient();
  }

  @AfterAll
  static void stop() {
    Await.result(client.close());
    Await.result(upstream.close());
  }

  @BeforeEach
  void startGateway() {
    gateway = Gateways.start("gateway-bodies", Map.of(
        "GATEWAY_UPSTREAMS", "courses=http://127.0.0.1:" + upstream.actualPort(),
        "GATEWAY_BODY_TIMEOUT", BODY_TIMEOUT_MILLIS + "ms",
        "GATEWAY_REQUEST_TIMEOUT", "4s",
        "SHUTDOWN_TIMEOUT", "20s"));
  }

  @AfterEach
  void stopGateway() {
    if (gateway != null) {
      Await.result(gateway.stop());
    }
  }

  /** {@code /never}: the body is never read; else it is read after {@link #UNREAD_MILLIS} and its size answered. */
  private static void takeSlowly(Vertx vertx, HttpServerRequest request) {
    request.pause();
    if (request.path().endsWith("/never")) {
      return;
    }
    vertx.setTimer(UNREAD_MILLIS, id -> {
      request.body().onSuccess(body ->
          request.response().putHeader("Content-Type", "application/json").end(new JsonObject().put("bytes", body.length()).encode()));
      request.resume();
    });
  }

  @Test
  void aBodyTheUpstreamTakesSlowlyIsRelayedWholeNotCutAsTheClientsStall() {
    Answer answer = put("/api/courses/upload");

    assertEquals(200, answer.status(), answer.body());
    assertEquals(BODY_BYTES, new JsonObject(answer.body()).getInteger("bytes"), answer.body());
  }

  @Test
  void aBodyTheUpstreamNeverTakesIsA504ProblemAtTheDeadlineAndItsConnectionIsClosed() throws InterruptedException {
    long start = System.nanoTime();
    Answer answer;
    JsonObject line;
    try (AccessLines access = AccessLines.capture()) {
      answer = put("/api/courses/never");
      // Written through the router's end handlers, which closing the connection after the answer must not replace.
      line = access.await(l -> "/api/courses/never".equals(l.getString("path")), Await.DEADLINE.toMillis());
    }
    long millis = (System.nanoTime() - start) / 1_000_000;

    assertEquals(504, answer.status(), answer.body());
    assertEquals("application/problem+json", answer.response().getHeader("Content-Type"), answer.body());
    assertEquals("close", answer.response().getHeader("Connection"), answer.body());
    assertTrue(millis >= 3_900, "answered after " + millis + " ms, before the 4 s deadline");
    assertEquals(504, line.getInteger("status"), line.encode());
    // A connection left open to the upstream would hold the gateway's stop for its whole 20 s grace.
    long stopping = System.nanoTime();
    Await.result(gateway.stop());
    gateway = null;
    long stopMillis = (System.nanoTime() - stopping) / 1_000_000;
    assertTrue(stopMillis < 10_000, "stopped after " + stopMillis + " ms");
  }

  @Test
  void aClientStillTricklingItsBodyAfterTheAnswerIsCutOff(Vertx vertx) {
    // A byte every 100 ms never stalls (500 ms), never completes the declared 100,000 bytes, and never lets the connection idle.
    NetClient raw = vertx.createNetClient();
    Buffer received = Buffer.buffer();
    Promise<Void> closed = Promise.promise();
    AtomicInteger trickled = new AtomicInteger();
    NetSocket socket = Await.result(raw.connect(gateway.verticle().actualPort(), "127.0.0.1"));
    socket.handler(received::appendBuffer);
    socket.closeHandler(v -> closed.tryComplete());
    socket.write("PUT /api/courses/never HTTP/1.1\r\nHost: gateway\r\nContent-Length: 100000\r\n\r\n");
    long timer = vertx.setPeriodic(100, id -> {
      if (trickled.incrementAndGet() > TRICKLE_LIMIT) {
        vertx.cancelTimer(id);
        closed.tryFail("still open after " + TRICKLE_LIMIT + " bytes, 100 ms apart: " + received);
      } else {
        socket.write("x");
      }
    });

    Await.result(closed.future());
    vertx.cancelTimer(timer);
    Await.result(raw.close());

    // The whole body did not arrive by the 4 s deadline: the client's 408, then the connection closes.
    assertTrue(received.toString().startsWith("HTTP/1.1 408 "), received.toString());
  }

  /** PUTs {@link #BODY_BYTES} through the gateway and reads the whole answer. */
  private Answer put(String path) {
    RequestOptions options = new RequestOptions().setMethod(HttpMethod.PUT)
        .setHost("127.0.0.1").setPort(gateway.verticle().actualPort()).setURI(path)
        .putHeader("Content-Type", "application/octet-stream");
    Buffer body = Buffer.buffer(new byte[BODY_BYTES]);
    return Await.result(client.request(options).compose(request -> request.send(body))
        .compose(response -> response.body().map(text -> new Answer(response, text.toString()))));
  }

  private record Answer(HttpClientResponse response, String body) {
    int status() {
      return response.statusCode();
    }
  }
}
