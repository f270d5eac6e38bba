package dev.vertxelastic.localstack;

import dev.vertxelastic.platform.testing.Await;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ClientWebSocket;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

/** A test client of the running stack: real HTTP and WebSocket connections to the gateway. */
final class StackClient {

  final Vertx vertx;
  final WebClient http;
  // Referenced by this and by every player: Vert.x closes a client that nothing references any more
  // (its Cleaner), and one dropped right after connect() could be closed mid-handshake.
  final WebSocketClient sockets;
  final int port;

  StackClient(Vertx vertx, int port) {
    this.vertx = vertx;
    this.http = WebClient.create(vertx);
    this.sockets = vertx.createWebSocketClient();
    this.port = port;
  }

  HttpResponse<Buffer> get(String path) {
    return Await.result(http.get(port, "127.0.0.1", path).send());
  }

  HttpResponse<Buffer> post(String path, String token, JsonObject body) {
    var request = http.post(port, "127.0.0.1", path);
    if (token != null) {
      request.putHeader("Authorization", "Bearer " + token);
    }
    return Await.result(request.sendJsonObject(body));
  }

  String guestToken(String name) {
    HttpResponse<Buffer> r = post("/api/auth/guest", null, new JsonObject().put("name", name));
    assertEquals(201, r.statusCode(), r.bodyAsString());
    return r.bodyAsJsonObject().getString("token");
  }

  Player join(String wsPath, String token) {
    Player player = new Player(sockets);
    ClientWebSocket socket = sockets.webSocket();
    // The handlers are on before the connection exists: no frame (the welcome) can come first.
    socket.textMessageHandler(text -> player.frames.add(new JsonObject(text)));
    socket.closeHandler(v -> player.closed.complete(socket.closeStatusCode()));
    player.socket = Await.result(socket.connect(new WebSocketConnectOptions().setHost("127.0.0.1").setPort(port)
        .setURI(wsPath + "?token=" + token)));
    return player;
  }

  /** One player's connection: frames arrive in a queue the test reads with deadlines. */
  static final class Player {
    final BlockingQueue<JsonObject> frames = new LinkedBlockingQueue<>();
    /** The close code the server sent (null when the connection dropped without a close frame). */
    final CompletableFuture<Short> closed = new CompletableFuture<>();
    /** Its client, referenced for as long as the player is (see {@link StackClient#sockets}). */
    final WebSocketClient client;
    WebSocket socket;

    Player(WebSocketClient client) {
      this.client = client;
    }

    JsonObject next(Predicate<JsonObject> wanted, String what) throws InterruptedException {
      long deadline = System.nanoTime() + Await.DEADLINE.toNanos();
      while (true) {
        long left = deadline - System.nanoTime();
        JsonObject frame = left > 0 ? frames.poll(left, TimeUnit.NANOSECONDS) : null;
        if (frame == null) {
          fail("no frame within " + Await.DEADLINE + ": " + what);
        }
        if (wanted.test(frame)) {
          return frame;
        }
      }
    }

    JsonObject next(String type) throws InterruptedException {
      return next(f -> type.equals(f.getString("type")), "a '" + type + "' frame");
    }

    void send(JsonObject frame) {
      Await.result(socket.writeTextMessage(frame.encode()));
    }
  }
}
