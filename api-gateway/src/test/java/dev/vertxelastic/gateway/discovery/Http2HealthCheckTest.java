package dev.vertxelastic.gateway.discovery;

import dev.vertxelastic.platform.kubernetes.KubernetesSettings;
import dev.vertxelastic.platform.testing.Await;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.SelfSignedCertificate;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Over TLS the API is watched through HTTP/2, and a connection that stops answering PINGs (here a
 * TCP relay that stops relaying without closing anything, as a dead node or a cut path would) is
 * closed, which ends its watch, long before any idle timeout or the next bookmark.
 */
@ExtendWith(VertxExtension.class)
class Http2HealthCheckTest {

  static final long INTERVAL_MILLIS = 200;
  static final long TIMEOUT_MILLIS = 500;

  Vertx vertx;
  SelfSignedCertificate certificate;
  HttpServer apiServer;
  ServerSocket relay;
  Thread relayAcceptor;
  final List<Socket> relayed = new CopyOnWriteArrayList<>();
  volatile boolean frozen;
  final AtomicReference<HttpServerResponse> watchResponse = new AtomicReference<>();
  final AtomicInteger pingsAnswered = new AtomicInteger();
  KubernetesApi api;

  @BeforeEach
  void start(Vertx vertx) throws IOException {
    this.vertx = vertx;
    certificate = SelfSignedCertificate.create("localhost");
    // Generous handshake time: a first TLS handshake on a loaded machine (cold JIT) can be slow.
    apiServer = Await.result(vertx.createHttpServer(new HttpServerOptions().setSsl(true).setUseAlpn(true)
        .setSslHandshakeTimeout(60).setSslHandshakeTimeoutUnit(TimeUnit.SECONDS)
        .setKeyCertOptions(certificate.keyCertOptions())).requestHandler(request -> {
          // The connection answers PINGs by itself; the handler only counts them.
          request.connection().pingHandler(data -> pingsAnswered.incrementAndGet());
          HttpServerResponse response = request.response().setChunked(true).putHeader("Content-Type", "application/json");
          response.write(new JsonObject().put("type", "ADDED").put("object", new JsonObject().put("metadata",
              new JsonObject().put("name", "a").put("resourceVersion", "11"))).encode() + "\n");
          watchResponse.set(response);
        }).listen(0, "127.0.0.1"));
    relay = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    relayAcceptor = new Thread(this::relay, "relay-acceptor");
    relayAcceptor.start();
    KubernetesSettings settings = new KubernetesSettings(URI.create("https://localhost:" + relay.getLocalPort()), "test", null,
        Path.of(certificate.certificatePath()));
    api = new KubernetesApi(vertx, settings, new Http2HealthCheck(vertx, INTERVAL_MILLIS, TIMEOUT_MILLIS));
  }

  /**
   * Relays bytes both ways until frozen; a frozen relay keeps both connections open and silent. Plain
   * sockets on threads of its own: a relay of Vert.x sockets sometimes held the client's first bytes
   * unflushed (Vert.x 5.0.7), and the TLS handshake behind it never began.
   */
  void relay() {
    try {
      while (true) {
        Socket client = relay.accept();
        Socket server = new Socket(InetAddress.getLoopbackAddress(), apiServer.actualPort());
        relayed.add(client);
        relayed.add(server);
        pump(client, server);
        pump(server, client);
      }
    } catch (IOException closed) {
      // The relay was closed: the test is over.
    }
  }

  void pump(Socket from, Socket to) {
    Thread pump = new Thread(() -> {
      byte[] bytes = new byte[16_384];
      try {
        InputStream in = from.getInputStream();
        OutputStream out = to.getOutputStream();
        for (int n = in.read(bytes); n >= 0; n = in.read(bytes)) {
          if (!frozen) {
            out.write(bytes, 0, n);
          }
        }
      } catch (IOException closed) {
        // One side closed: the pump ends.
      }
    }, "relay-pump");
    pump.setDaemon(true);
    pump.start();
  }

  void freeze() {
    frozen = true;
  }

  @AfterEach
  void stop() throws IOException, InterruptedException {
    Await.result(api.close());
    relay.close();
    for (Socket socket : relayed) {
      socket.close();
    }
    relayAcceptor.join(Await.DEADLINE.toMillis());
    Await.result(apiServer.close());
    certificate.delete();
  }

  @Test
  void aWatchOverHttp2LivesWhilePingsAreAnsweredAndEndsWhenTheyAreNot() {
    List<JsonObject> events = new CopyOnWriteArrayList<>();
    ListWatch.Watch watch = Await.result(api.services("a=b").watch("10", 300, events::add));
    Await.until("the first watch event", () -> events.size() == 1 && watchResponse.get() != null, () -> "events " + events);

    // Several answered PINGs later the connection is still up and still delivers.
    Await.until("three answered PINGs", () -> pingsAnswered.get() >= 3, () -> pingsAnswered + " pings answered");
    watchResponse.get().write(new JsonObject().put("type", "BOOKMARK").put("object", new JsonObject().put("metadata",
        new JsonObject().put("resourceVersion", "12"))).encode() + "\n");
    Await.until("the bookmark", () -> events.size() == 2, () -> "events " + events);
    assertFalse(watch.ended().isComplete());

    freeze();
    Await.until("the frozen watch to end", () -> watch.ended().isComplete(), () -> "the frozen watch is still open");

    assertTrue(watch.ended().failed(), "a dead connection fails the watch, so the reflector re-lists");
    assertEquals("BOOKMARK", events.get(1).getString("type"));
  }
}
