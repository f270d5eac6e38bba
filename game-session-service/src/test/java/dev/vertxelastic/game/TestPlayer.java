package dev.vertxelastic.game;

import io.vertx.core.http.WebSocket;
import io.vertx.core.json.JsonObject;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.fail;

/** A real WebSocket player that records every frame and lets a test wait, with a deadline, for the next matching one. */
final class TestPlayer {

  static final Duration WAIT = Duration.ofSeconds(5);
  final WebSocket socket;
  private final List<JsonObject> frames = new ArrayList<>();
  private int cursor;
  private Short closeStatus;

  TestPlayer(WebSocket socket) {
    this.socket = socket;
    socket.textMessageHandler(text -> received(new JsonObject(text)));
    socket.closeHandler(v -> closed(socket.closeStatusCode() == null ? -1 : socket.closeStatusCode()));
  }

  private synchronized void received(JsonObject frame) {
    frames.add(frame);
    notifyAll();
  }

  private synchronized void closed(short status) {
    closeStatus = status;
    notifyAll();
  }

  void send(JsonObject frame) {
    socket.writeTextMessage(frame.encode());
  }

  void sendText(String text) {
    socket.writeTextMessage(text);
  }

  /** The next frame after the last one returned that matches, waiting up to {@link #WAIT}. */
  synchronized JsonObject await(String what, Predicate<JsonObject> matches) throws InterruptedException {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (true) {
      while (cursor < frames.size()) {
        JsonObject frame = frames.get(cursor++);
        if (matches.test(frame)) {
          return frame;
        }
      }
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        fail("no " + what + " frame within " + WAIT + "; last frames: "
            + frames.subList(Math.max(0, frames.size() - 3), frames.size()));
      }
      wait(Math.max(1, left / 1_000_000));
    }
  }

  JsonObject awaitType(String type) throws InterruptedException {
    return await(type, f -> type.equals(f.getString("type")));
  }

  /** The close status once the server closed the connection, waiting up to {@link #WAIT}. */
  synchronized short awaitClose() throws InterruptedException {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (closeStatus == null) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        fail("the connection was not closed within " + WAIT);
      }
      wait(Math.max(1, left / 1_000_000));
    }
    return closeStatus;
  }

  static JsonObject playerIn(JsonObject state, String playerId) {
    return state.getJsonArray("players").stream().map(JsonObject.class::cast)
        .filter(p -> playerId.equals(p.getString("id"))).findFirst().orElse(null);
  }
}
