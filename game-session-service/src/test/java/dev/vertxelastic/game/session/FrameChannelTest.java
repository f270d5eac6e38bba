package dev.vertxelastic.game.session;

import dev.vertxelastic.platform.testing.Await;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.ClientWebSocket;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Frames encoded once and written under Vert.x, against a real server and a real WebSocket client. */
class FrameChannelTest {

  private final Vertx vertx = Vertx.vertx();

  @AfterEach
  void stop() {
    Await.result(vertx.close());
  }

  @Test
  void framesOfEveryLengthFormArriveWholeAndInOrderWithVertxOwnWrites() {
    // 7-bit, 16-bit and 64-bit payload lengths (RFC 6455 §5.2), then a frame Vert.x writes itself.
    List<String> texts = List.of("{\"type\":\"state\",\"tick\":1}", "é".repeat(200), "x".repeat(70_000));
    Promise<ServerWebSocket> upgraded = Promise.promise();
    HttpServer server = Await.result(vertx.createHttpServer().requestHandler(request -> request.toWebSocket().onSuccess(socket -> {
      FrameChannel channel = FrameChannel.of(request.connection());
      if (channel == null || !channel.onEventLoop()) {
        upgraded.fail("no frame channel on the connection's event loop: " + channel);
        return;
      }
      for (String text : texts) {
        byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
        SharedTextFrame frame = SharedTextFrame.of(utf8, 0, utf8.length);
        channel.write(frame.wire());
        frame.release();
      }
      socket.writeTextMessage("written by Vert.x");
      upgraded.complete(socket);
    })).listen(0, "127.0.0.1"));

    List<String> received = new CopyOnWriteArrayList<>();
    WebSocketClient client = vertx.createWebSocketClient(new WebSocketClientOptions().setMaxFrameSize(128 * 1024).setMaxMessageSize(128 * 1024));
    ClientWebSocket socket = client.webSocket();
    socket.textMessageHandler(received::add);
    Await.result(socket.connect(server.actualPort(), "127.0.0.1", "/"));
    Await.result(upgraded.future());
    Await.until("four messages", () -> received.size() >= 4, received::toString);
    assertEquals(List.of(texts.get(0), texts.get(1), texts.get(2), "written by Vert.x"), received);
  }

  @Test
  void aChannelWhoseClientStopsReadingStopsBeingWritableAndTheClientThenGetsEveryFrame() {
    byte[] payload = "y".repeat(64 * 1024).getBytes(StandardCharsets.US_ASCII);
    Promise<Integer> written = Promise.promise();
    HttpServer server = Await.result(vertx.createHttpServer().requestHandler(request -> request.toWebSocket().onSuccess(socket -> {
      FrameChannel channel = FrameChannel.of(request.connection());
      if (channel == null) {
        written.fail("no frame channel");
        return;
      }
      SharedTextFrame frame = SharedTextFrame.of(payload, 0, payload.length);
      int count = 0;
      // Bounded: loopback buffers hold a few megabytes, far below 400 frames of 64 KB.
      while (channel.writable() && count < 400) {
        channel.write(frame.wire());
        count++;
      }
      frame.release();
      written.complete(channel.writable() ? -1 : count);
    })).listen(0, "127.0.0.1"));

    List<Integer> lengths = new CopyOnWriteArrayList<>();
    ClientWebSocket socket = vertx.createWebSocketClient(new WebSocketClientOptions()
        .setMaxFrameSize(payload.length).setMaxMessageSize(payload.length)).webSocket();
    socket.textMessageHandler(text -> lengths.add(text.length()));
    Await.result(socket.connect(server.actualPort(), "127.0.0.1", "/"));
    socket.pause();
    int count = Await.result(written.future());
    assertTrue(count > 0, "the channel stopped being writable while the client did not read");
    socket.resume();
    Await.until(count + " frames", () -> lengths.size() >= count, () -> lengths.size() + " frames");
    assertEquals(count, lengths.size());
    assertTrue(lengths.stream().allMatch(length -> length == payload.length));
  }
}
