package dev.vertxelastic.gateway.edge;

import dev.vertxelastic.gateway.discovery.Eventually;
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
    server = Eventually.await(guard.install(vertx.createHttpServer(new HttpServerOptions().setHttp2ClearTextEnabled(false)))
        .requestHandler(router).listen(0));
    client = vertx.createNetClient();
  }

  @AfterEach
  void stop() {
    Eventually.await(client.close());
    Eventually.await(server.close());
  }

  NetSocket connect() {
    return Eventually.await(client.connect(server.actualPort(), "127.0.0.1"));
  }

  static Future<Buffer> closed(NetSocket socket) {
    Buffer received = Buffer.buffer();
    Promise<Buffer> closed = Promise.promise();
    socket.handler(received::appendBuffer);
    socket.closeHandler(v -> closed.complete(received));
    return closed.future();
  }

  @Test
  void aSlowlorisIsClosedWithinTheHeaderTimeoutThoughItKeepsSending() {
    NetSocket slow = connect();
    Future<Buffer> closed = closed(slow);
    long start = System.nanoTime();
    slow.write("GET / HTTP/1.1\r\n");
    long drip = vertx.setPeriodic(100, id -> slow.write("X"));

    Eventually.await(closed);

    vertx.cancelTimer(drip);
    long millis = (System.nanoTime() - start) / 1_000_000;
    assertTrue(millis >= 700 && millis < 5_000, "closed after " + millis + " ms");
  }

  @Test
  void aKeptAliveConnectionMustSendItsNextRequestHeadInTimeToo() {
    NetSocket socket = connect();
    Future<Buffer> closed = closed(socket);
    socket.write("GET /one HTTP/1.1\r\nHost: x\r\n\r\n");

    String received = Eventually.await(closed).toString();

    assertTrue(received.startsWith("HTTP/1.1 200"), received);
  }

  @Test
  void connectionsBeyondTheCapAreClosedAtOnceAndTheServerAcceptsAgainOnceSomeClose() {
    NetSocket first = connect();
    connect();
    connect();
    Eventually.within(vertx, 5_000, () -> guard.open() == 3, () -> "open: " + guard.open());

    NetSocket fourth = connect();
    Eventually.await(closed(fourth));
    assertEquals(1, guard.refused());

    Eventually.await(first.close());
    Eventually.within(vertx, 5_000, () -> guard.open() == 2, () -> "open: " + guard.open());
    NetSocket fifth = connect();
    Future<Buffer> answered = closed(fifth);
    fifth.write("GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    assertTrue(Eventually.await(answered).toString().startsWith("HTTP/1.1 200"));
  }
}
