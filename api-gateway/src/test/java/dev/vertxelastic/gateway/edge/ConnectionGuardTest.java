package dev.vertxelastic.gateway.edge;

import dev.vertxelastic.platform.testing.Await;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetSocket;
import io.vertx.ext.web.Router;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Issue 13, finding 4: slowloris connections and connection floods, on a real server with the guard installed. */
@ExtendWith(VertxExtension.class)
class ConnectionGuardTest {

  Vertx vertx;
  ConnectionGuard guard;
  HttpServer server;
  NetClient client;

  @BeforeEach
  void start(Vertx vertx) {
    this.vertx = vertx;
    guard = new ConnectionGuard(vertx, Duration.ofMillis(800), 3);
    Router router = Router.router(vertx);
    router.route().handler(guard::requestHead);
    router.route().handler(ctx -> ctx.response().end("ok"));
    // As on the gateway's public port: HTTP/1.1 only.
    server = Await.result(guard.install(vertx.createHttpServer(new HttpServerOptions().setHttp2ClearTextEnabled(false)))
        .requestHandler(router).listen(0));
    client = vertx.createNetClient();
  }

  @AfterEach
  void stop() {
    Await.result(client.close());
    Await.result(server.close());
  }

  /** A connection and what it received until the server closed it; watched from the start, so no close goes unseen. */
  record Watched(NetSocket socket, Future<Buffer> closed) {
  }

  Watched connect() {
    return Await.result(client.connect(server.actualPort(), "127.0.0.1").map(socket -> {
      Buffer received = Buffer.buffer();
      Promise<Buffer> closed = Promise.promise();
      socket.handler(received::appendBuffer);
      socket.closeHandler(v -> closed.complete(received));
      return new Watched(socket, closed.future());
    }));
  }

  @Test
  void aSlowlorisIsClosedWithinTheHeaderTimeoutThoughItKeepsSending() {
    Watched watched = connect();
    NetSocket slow = watched.socket();
    long start = System.nanoTime();
    slow.write("GET / HTTP/1.1\r\n");
    long drip = vertx.setPeriodic(100, id -> slow.write("X"));

    Await.result(watched.closed());

    vertx.cancelTimer(drip);
    long millis = (System.nanoTime() - start) / 1_000_000;
    assertTrue(millis >= 700 && millis < 5_000, "closed after " + millis + " ms");
  }

  @Test
  void connectionsBeyondTheCapAreClosedAtOnceAndTheServerAcceptsAgainOnceSomeClose() {
    Watched first = connect();
    connect();
    connect();
    Await.until("three connections open", () -> guard.open() == 3, () -> "open: " + guard.open());

    Watched fourth = connect();
    Await.result(fourth.closed());
    assertEquals(1, guard.refused());

    Await.result(first.socket().close());
    Await.until("two connections open", () -> guard.open() == 2, () -> "open: " + guard.open());
    Watched fifth = connect();
    fifth.socket().write("GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    assertTrue(Await.result(fifth.closed()).toString().startsWith("HTTP/1.1 200"));
  }
}
