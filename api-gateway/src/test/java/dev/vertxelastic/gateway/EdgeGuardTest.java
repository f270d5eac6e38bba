package dev.vertxelastic.gateway;

import dev.vertxelastic.platform.runtime.ServiceRuntime;
import dev.vertxelastic.platform.testing.Await;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The gateway's public port bounds what one client's connections can hold: slow request heads, and their number. */
@ExtendWith(VertxExtension.class)
class EdgeGuardTest {

  @Test
  void aSlowlorisIsClosedWithinTheHeaderTimeoutThoughItKeepsSending(Vertx vertx) throws Exception {
    TestBackend courses = TestBackend.start(vertx, "courses-1");
    ServiceRuntime<GatewayVerticle> gateway = Gateways.start("gateway-slowloris", Map.of(
        "GATEWAY_UPSTREAMS", "courses=" + courses.url(), "GATEWAY_HEADER_TIMEOUT", "1s"));
    try (Socket socket = new Socket("127.0.0.1", gateway.verticle().actualPort())) {
      long start = System.nanoTime();
      OutputStream out = socket.getOutputStream();
      out.write("GET /api/courses HTTP/1.1\r\nHost: localhost\r\n".getBytes(StandardCharsets.US_ASCII));
      socket.setSoTimeout(100);
      boolean closed = false;
      // One header line every 100 ms, never the blank line that ends the head; bounded by the test's deadline.
      for (int i = 0; i < Await.DEADLINE.toMillis() / 100 && !closed; i++) {
        try {
          out.write(("X-Slow-" + i + ": 1\r\n").getBytes(StandardCharsets.US_ASCII));
          closed = socket.getInputStream().read() == -1;
        } catch (SocketTimeoutException e) {
          // Still open.
        } catch (IOException e) {
          closed = true;
        }
      }
      long millis = (System.nanoTime() - start) / 1_000_000;
      assertTrue(closed, "the slowloris connection is still open");
      assertTrue(millis >= 900 && millis < 10_000, "closed after " + millis + " ms");
    } finally {
      Await.result(gateway.stop());
      courses.stop();
    }
  }

  @Test
  void connectionsBeyondTheCapAreClosedAtOnceAndAcceptingResumesWhenOthersClose(Vertx vertx) throws Exception {
    TestBackend courses = TestBackend.start(vertx, "courses-1");
    ServiceRuntime<GatewayVerticle> gateway = Gateways.start("gateway-cap", Map.of(
        "GATEWAY_UPSTREAMS", "courses=" + courses.url(), "GATEWAY_MAX_CONNECTIONS", "3"));
    int port = gateway.verticle().actualPort();
    List<Socket> held = new ArrayList<>();
    try {
      for (int i = 0; i < 3; i++) {
        Socket socket = new Socket("127.0.0.1", port);
        held.add(socket);
        assertEquals(200, status(socket), "connection " + i + " within the cap");
      }
      try (Socket beyond = new Socket("127.0.0.1", port)) {
        beyond.setSoTimeout((int) Await.DEADLINE.toMillis());
        assertEquals(-1, beyond.getInputStream().read(), "the connection beyond the cap was not closed");
      }
      held.remove(0).close();
      Await.until("a new connection served once one closed", () -> {
        try (Socket next = new Socket("127.0.0.1", port)) {
          return status(next) == 200;
        } catch (IOException e) {
          return false;
        }
      });
    } finally {
      for (Socket socket : held) {
        socket.close();
      }
      Await.result(gateway.stop());
      courses.stop();
    }
  }

  /** Sends one keep-alive GET and reads the status line (-1 when the server closed instead). */
  private static int status(Socket socket) throws IOException {
    socket.setSoTimeout((int) Await.DEADLINE.toMillis());
    socket.getOutputStream().write("GET /api/courses HTTP/1.1\r\nHost: localhost\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
    InputStream in = socket.getInputStream();
    StringBuilder line = new StringBuilder();
    for (int c = in.read(); c != -1 && c != '\n'; c = in.read()) {
      line.append((char) c);
    }
    String[] parts = line.toString().split(" ");
    return parts.length > 1 ? Integer.parseInt(parts[1]) : -1;
  }
}
