package dev.vertxelastic.game;

import dev.vertxelastic.platform.testing.Await;
import io.vertx.core.http.WebSocket;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * A real WebSocket player that records every frame (with its arrival time) and lets a test wait,
 * with a deadline, for the next matching one. It can also chase items on its own, to score.
 */
final class TestPlayer {

  final WebSocket socket;
  private final List<JsonObject> frames = new ArrayList<>();
  private final List<Long> arrivals = new ArrayList<>();
  private int cursor;
  private Short closeStatus;
  private String chasing;
  private long inputSeq;

  TestPlayer(WebSocket socket) {
    this.socket = socket;
    socket.textMessageHandler(text -> received(new JsonObject(text)));
    socket.closeHandler(v -> closed(socket.closeStatusCode() == null ? -1 : socket.closeStatusCode()));
  }

  private synchronized void received(JsonObject frame) {
    frames.add(frame);
    arrivals.add(System.nanoTime());
    if (chasing != null && "state".equals(frame.getString("type"))) {
      steerToNearestItem(frame);
    }
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

  /** From now on, on every state frame, steers {@code playerId} towards the nearest item. */
  synchronized void chaseItems(String playerId) {
    chasing = playerId;
  }

  /** Stops chasing and stands still. */
  synchronized void standStill() {
    chasing = null;
    send(new JsonObject().put("type", "input").put("seq", ++inputSeq).put("dx", 0).put("dy", 0));
  }

  private void steerToNearestItem(JsonObject state) {
    JsonObject me = playerIn(state, chasing);
    if (me == null) {
      return;
    }
    JsonObject nearest = null;
    double best = Double.MAX_VALUE;
    for (Object o : state.getJsonArray("items")) {
      JsonObject item = (JsonObject) o;
      double d = Math.hypot(item.getDouble("x") - me.getDouble("x"), item.getDouble("y") - me.getDouble("y"));
      if (d < best) {
        best = d;
        nearest = item;
      }
    }
    if (nearest != null && best > 0) {
      send(new JsonObject().put("type", "input").put("seq", ++inputSeq)
          .put("dx", (nearest.getDouble("x") - me.getDouble("x")) / best)
          .put("dy", (nearest.getDouble("y") - me.getDouble("y")) / best));
    }
  }

  /** The next frame after the last one returned that matches, waiting up to {@link Await#DEADLINE}. */
  synchronized JsonObject await(String what, Predicate<JsonObject> matches) throws InterruptedException {
    return frames.get(awaitIndex(what, matches));
  }

  /** Like {@link #await} but returns the frame's position, for {@link #arrivalNanos}. */
  synchronized int awaitIndex(String what, Predicate<JsonObject> matches) throws InterruptedException {
    long deadline = System.nanoTime() + Await.DEADLINE.toNanos();
    while (true) {
      while (cursor < frames.size()) {
        int index = cursor++;
        if (matches.test(frames.get(index))) {
          return index;
        }
      }
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        fail("no " + what + " frame within " + Await.DEADLINE + "; last frames: "
            + frames.subList(Math.max(0, frames.size() - 3), frames.size()));
      }
      wait(Math.max(1, left / 1_000_000));
    }
  }

  synchronized long arrivalNanos(int index) {
    return arrivals.get(index);
  }

  synchronized JsonObject frameAt(int index) {
    return frames.get(index);
  }

  /** Skips every frame received so far: the next wait sees only newer ones. */
  synchronized void skipReceived() {
    cursor = frames.size();
  }

  /** When each frame so far that matches arrived (System.nanoTime). */
  synchronized List<Long> arrivalsOf(Predicate<JsonObject> matches) {
    List<Long> times = new ArrayList<>();
    for (int i = 0; i < frames.size(); i++) {
      if (matches.test(frames.get(i))) {
        times.add(arrivals.get(i));
      }
    }
    return times;
  }

  JsonObject awaitType(String type) throws InterruptedException {
    return await(type, f -> type.equals(f.getString("type")));
  }

  JsonObject awaitState(String what, Predicate<JsonObject> matches) throws InterruptedException {
    return await(what, f -> "state".equals(f.getString("type")) && matches.test(f));
  }

  /** The close status once the server closed the connection, waiting up to {@link Await#DEADLINE}. */
  synchronized short awaitClose() throws InterruptedException {
    long deadline = System.nanoTime() + Await.DEADLINE.toNanos();
    while (closeStatus == null) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        fail("the connection was not closed within " + Await.DEADLINE);
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
