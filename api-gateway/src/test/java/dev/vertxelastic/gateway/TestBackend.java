package dev.vertxelastic.gateway;

import dev.vertxelastic.platform.testing.Await;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.json.JsonObject;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * A tiny upstream on port 0: answers JSON describing what it received (echoing the request id),
 * {@code /missing} paths with 404, {@code /fail} paths with 500, {@code /unavailable} with 503, and echoes WebSocket text frames
 * prefixed with its name, but for {@code stream <count> <millis>}: that many frames of its own, one every so many
 * milliseconds. Binary frames get no answer. A silent backend accepts requests and never answers.
 */
final class TestBackend {

  final String name;
  final AtomicInteger hits = new AtomicInteger();
  /** WebSocket text frames echoed, over all connections. */
  final AtomicInteger echoes = new AtomicInteger();
  /** TCP connections open to this backend now. */
  final AtomicInteger connections = new AtomicInteger();
  private final Vertx vertx;
  private final boolean silent;
  private HttpServer server;
  private int port;

  private TestBackend(Vertx vertx, String name, boolean silent) {
    this.vertx = vertx;
    this.name = name;
    this.silent = silent;
  }

  static TestBackend start(Vertx vertx, String name) {
    TestBackend backend = new TestBackend(vertx, name, false);
    backend.port = Await.result(backend.listen(0));
    return backend;
  }

  static TestBackend silent(Vertx vertx, String name) {
    TestBackend backend = new TestBackend(vertx, name, true);
    backend.port = Await.result(backend.listen(0));
    return backend;
  }

  int port() {
    return port;
  }

  String url() {
    return "http://127.0.0.1:" + port;
  }

  void stop() {
    Await.result(server.close());
  }

  /** Stops unless already stopped (test cleanup). */
  void stopQuietly() {
    server.close();
  }

  /** Listens again on the same port. */
  void restart() {
    Await.result(listen(port));
  }

  private Future<Integer> listen(int onPort) {
    HttpServer created = vertx.createHttpServer()
        .connectionHandler(connection -> {
          connections.incrementAndGet();
          connection.closeHandler(v -> connections.decrementAndGet());
        })
        .webSocketHandler(this::echo)
        .requestHandler(this::answer);
    return created.listen(onPort).map(s -> {
      server = s;
      return s.actualPort();
    });
  }

  private void answer(HttpServerRequest request) {
    hits.incrementAndGet();
    if (silent) {
      return;
    }
    request.body().onSuccess(body -> {
      String requestId = request.getHeader("X-Request-Id");
      JsonObject seen = new JsonObject()
          .put("backend", name)
          .put("method", request.method().name())
          .put("uri", request.uri())
          .put("requestId", requestId)
          .put("forwardedFor", request.getHeader("X-Forwarded-For"))
          .put("body", body.toString());
      int status = request.path().endsWith("/missing") ? 404 : request.path().endsWith("/fail") ? 500
          : request.path().endsWith("/unavailable") ? 503 : 200;
      request.response().setStatusCode(status)
          .putHeader("Content-Type", "application/json")
          .putHeader("X-Backend", name)
          .putHeader("Cache-Control", "max-age=7")
          .putHeader("X-Request-Id", requestId == null ? "none" : requestId)
          .end(seen.encode());
    });
  }

  private void echo(ServerWebSocket socket) {
    hits.incrementAndGet();
    socket.textMessageHandler(text -> {
      if (text.startsWith("stream ")) {
        stream(socket, text.split(" "));
        return;
      }
      socket.writeTextMessage(name + ":" + socket.path() + ":" + text);
      echoes.incrementAndGet();
    });
    // Like the game service's welcome: a frame right behind the 101, often in the same TCP segment.
    socket.writeTextMessage("welcome:" + name);
  }

  private void stream(ServerWebSocket socket, String[] countAndMillis) {
    int count = Integer.parseInt(countAndMillis[1]);
    AtomicInteger sent = new AtomicInteger();
    vertx.setPeriodic(Long.parseLong(countAndMillis[2]), timer -> {
      if (socket.isClosed() || sent.incrementAndGet() > count) {
        vertx.cancelTimer(timer);
      } else {
        socket.writeTextMessage(name + ":frame " + sent.get());
      }
    });
  }
}
