package dev.vertxelastic.gateway;

import dev.vertxelastic.platform.testing.Await;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * An upstream on port 0 that takes no WebSocket at all, like a service whose router refuses an
 * upgrade before it happens: every request, upgrade or not, is answered by its path's last
 * segment as a status ({@code /ws/x/401} is a 401 problem, {@code /ws/x/200} a plain 200), other
 * paths with 200 JSON. Counts its open TCP connections.
 */
final class RefusingBackend {

  final AtomicInteger connections = new AtomicInteger();
  final AtomicInteger requests = new AtomicInteger();
  private HttpServer server;

  private RefusingBackend() {
  }

  static RefusingBackend start(Vertx vertx) {
    RefusingBackend backend = new RefusingBackend();
    backend.server = Await.result(vertx.createHttpServer()
        .connectionHandler(connection -> {
          backend.connections.incrementAndGet();
          connection.closeHandler(v -> backend.connections.decrementAndGet());
        })
        .requestHandler(request -> {
          backend.requests.incrementAndGet();
          answer(request);
        })
        .listen(0));
    return backend;
  }

  private static void answer(HttpServerRequest request) {
    String last = request.path().substring(request.path().lastIndexOf('/') + 1);
    int status = last.matches("[1-5][0-9][0-9]") ? Integer.parseInt(last) : 200;
    if (status >= 400) {
      request.response().setStatusCode(status).putHeader("Content-Type", "application/problem+json")
          .end(new JsonObject().put("status", status).put("title", "Refused " + status)
              .put("detail", "the backend refused " + request.path()).encode());
    } else {
      request.response().putHeader("Content-Type", "application/json").end(new JsonObject().put("path", request.path()).encode());
    }
  }

  String url() {
    return "http://127.0.0.1:" + server.actualPort();
  }

  void stop() {
    Await.result(server.close());
  }
}
