package dev.vertxelastic.localstack;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;

import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

/** A test client of the running stack: real HTTP and WebSocket connections to the gateway. */
final class StackClient {

  static final Duration TIMEOUT = Duration.ofSeconds(10);
  final Vertx vertx;
  final WebClient http;
  final int port;

  StackClient(Vertx vertx, int port) {
    this.vertx = vertx;
    this.http = WebClient.create(vertx);
    this.port = port;
  }

  static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
  }

  HttpResponse<Buffer> get(String path) throws Exception {
    return await(http.get(port, "127.0.0.1", path).send());
  }

  HttpResponse<Buffer> post(String path, String token, JsonObject body) throws Exception {
    var request = http.post(port, "127.0.0.1", path);
    if (token != null) {
      request.putHeader("Authorization", "Bearer " + token);
    }
    return await(request.sendJsonObject(body));
  }

  String guestToken(String name) throws Exception {
    HttpResponse<Buffer> r = post("/api/auth/guest", null, new JsonObject().put("name", name));
    assertEquals(201, r.statusCode(), r.bodyAsString());
    return r.bodyAsJsonObject().getString("token");
  }

  Player join(String wsPath, String token) throws Exception {
    Player player = new Player();
    WebSocketClient client = vertx.createWebSocketClient();
    // The handler is set on the event loop as the upgrade completes, so the welcome frame is not missed.
    player.socket = await(client.connect(new WebSocketConnectOptions().setHost("127.0.0.1").setPort(port)
        .setURI(wsPath + "?token=" + token)).map(ws -> ws.textMessageHandler(text -> player.frames.add(new JsonObject(text)))
            .closeHandler(v -> player.closed.complete(ws.closeStatusCode()))));
    return player;
  }

  /** One player's connection: frames arrive in a queue the test reads with deadlines. */
  static final class Player {
    final BlockingQueue<JsonObject> frames = new LinkedBlockingQueue<>();
    /** The close code the server sent (null when the connection dropped without a close frame). */
    final CompletableFuture<Short> closed = new CompletableFuture<>();
    WebSocket socket;

    JsonObject next(Predicate<JsonObject> wanted, String what) throws InterruptedException {
      long deadline = System.nanoTime() + TIMEOUT.toNanos();
      while (true) {
        long left = deadline - System.nanoTime();
        JsonObject frame = left > 0 ? frames.poll(left, TimeUnit.NANOSECONDS) : null;
        if (frame == null) {
          fail("no frame within " + TIMEOUT + ": " + what);
        }
        if (wanted.test(frame)) {
          return frame;
        }
      }
    }

    JsonObject next(String type) throws InterruptedException {
      return next(f -> type.equals(f.getString("type")), "a '" + type + "' frame");
    }

    void send(JsonObject frame) throws Exception {
      await(socket.writeTextMessage(frame.encode()));
    }
  }
}
