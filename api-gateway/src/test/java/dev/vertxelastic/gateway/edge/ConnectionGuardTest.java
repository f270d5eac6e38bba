package dev.vertxelastic.gateway.edge;

import dev.vertxelastic.platform.testing.Await;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Issue 13, finding 4: slowloris connections and connection floods, on a real server with the guard installed. */
@ExtendWith(VertxExtension.class)
class ConnectionGuardTest {

  Vertx vertx;
  ConnectionGuard guard;
  HttpServer server;

  @BeforeEach
  void start(Vertx vertx) {
    this.vertx = vertx;
  }

  /** A server with the guard installed (at most 3 connections), answering "ok" to every request. */
  void start(Duration headerTimeout) {
    guard = new ConnectionGuard(vertx, headerTimeout, 3);
    Router router = Router.router(vertx);
    router.route().handler(guard::requestHead);
    router.route().handler(ctx -> ctx.response().end("ok"));
    // As on the gateway's public port: HTTP/1.1 only.
    server = Await.result(guard.install(vertx.createHttpServer(new HttpServerOptions().setHttp2ClearTextEnabled(false)))
        .requestHandler(router).listen(0));
  }

  @AfterEach
  void stop() {
    Await.result(server.close());
  }

  /**
   * A connection of a plain blocking socket (no client event loop between the test and the wire) and
   * what it received until the server closed it.
   */
  final class Watched implements AutoCloseable {
    final Socket socket;

    Watched() {
      try {
        socket = new Socket("127.0.0.1", server.actualPort());
        socket.setSoTimeout((int) Await.DEADLINE.toMillis());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    void write(String text) {
      try {
        socket.getOutputStream().write(text.getBytes(StandardCharsets.US_ASCII));
        socket.getOutputStream().flush();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    /** Everything received until the server closed the connection; fails after the deadline. */
    String untilClosed() {
      ByteArrayOutputStream received = new ByteArrayOutputStream();
      byte[] chunk = new byte[1024];
      try {
        for (int n; (n = socket.getInputStream().read(chunk)) >= 0; ) {
          received.write(chunk, 0, n);
        }
      } catch (SocketTimeoutException e) {
        throw new AssertionError("the server did not close the connection within " + Await.DEADLINE, e);
      } catch (IOException reset) {
        // A reset is a close too (a refused connection may be reset rather than ended).
      }
      return received.toString(StandardCharsets.US_ASCII);
    }

    @Override
    public void close() {
      try {
        socket.close();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  @Test
  void aSlowlorisIsClosedWithinTheHeaderTimeoutThoughItKeepsSending() {
    start(Duration.ofMillis(800));
    Watched slow = new Watched();
    long start = System.nanoTime();
    slow.write("GET / HTTP/1.1\r\n");
    // A byte every 100 ms from a thread of the test's own (the socket blocks; no event loop may).
    ScheduledExecutorService dripper = Executors.newSingleThreadScheduledExecutor();
    dripper.scheduleAtFixedRate(() -> {
      try {
        slow.write("X");
      } catch (UncheckedIOException closed) {
        dripper.shutdown(); // the server closed it: what this test waits for
      }
    }, 100, 100, TimeUnit.MILLISECONDS);

    slow.untilClosed();

    dripper.shutdownNow();
    long millis = (System.nanoTime() - start) / 1_000_000;
    assertTrue(millis >= 700 && millis < 5_000, "closed after " + millis + " ms");
  }

  @Test
  void connectionsBeyondTheCapAreClosedAtOnceAndTheServerAcceptsAgainOnceSomeClose() {
    // A header timeout longer than any pause of a busy machine: these connections stay open until closed here.
    start(Await.DEADLINE.multipliedBy(2));
    Watched first = new Watched();
    Watched second = new Watched();
    Watched third = new Watched();
    Await.until("three connections open", () -> guard.open() == 3, () -> "open: " + guard.open());

    try (Watched fourth = new Watched()) {
      assertEquals("", fourth.untilClosed());
    }
    assertEquals(1, guard.refused());

    first.close();
    Await.until("two connections open", () -> guard.open() == 2, () -> "open: " + guard.open());
    try (Watched fifth = new Watched()) {
      fifth.write("GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
      assertTrue(fifth.untilClosed().startsWith("HTTP/1.1 200"));
    }
    second.close();
    third.close();
  }
}
