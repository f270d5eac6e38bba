package dev.vertxelastic.game.session;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.vertxelastic.game.engine.Arena;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * The {@code state} frame of one session, encoded once per tick and sent to all of its players: written
 * straight to UTF-8 into a scratch buffer that is reused from tick to tick, then copied once into
 * the WebSocket frame every player's connection sends (see {@link SharedTextFrame}).
 * <p>
 * {@code {"type":"state","tick","phase","remainingSeconds"?,"players":[{"id","name","x","y","score","ack"?,"away"?}],"items":[{"id","x","y"}]}}:
 * {@code ack} is the {@code seq} of the last input the server applied for that player (absent
 * before their first), so a client can reconcile its prediction; {@code away} marks a seat that
 * waits for its player to reconnect. {@code tick} comes second, so a light client finds it
 * without parsing the frame.
 */
final class StateFrames {

  private static final JsonFactory JSON = new JsonFactory();
  /** Below 10^7 (10^8 tenths) a double prints without an exponent: "-9999999.9" at most. */
  private static final long MAX_PLAIN_TENTHS = 100_000_000L;
  private static final int MAX_TENTHS_CHARS = 11;

  private final Scratch scratch = new Scratch();
  private final char[] digits = new char[MAX_TENTHS_CHARS];
  private final GameMetrics metrics;
  private long lastSentAt = -1;

  StateFrames(GameMetrics metrics) {
    this.metrics = metrics;
  }

  /**
   * Encodes the session's state at {@code now} once and sends it to every seat; records the frame's
   * size and the time since the session's previous one ({@code game_state_interval_seconds}).
   */
  void broadcast(Arena arena, SessionState phase, long remainingMillis, Map<String, Seat> seats, long now) {
    SharedTextFrame frame = encode(arena, phase, remainingMillis, seats);
    try {
      metrics.stateEncoded(scratch.size());
      if (lastSentAt >= 0) {
        metrics.stateInterval(now - lastSentAt);
      }
      lastSentAt = now;
      for (Seat seat : seats.values()) {
        seat.send("state", frame);
      }
    } finally {
      frame.release();
    }
  }

  /** Encodes the session's state now; {@code remainingMillis} is negative when no match is running. */
  SharedTextFrame encode(Arena arena, SessionState phase, long remainingMillis, Map<String, Seat> seats) {
    scratch.reset();
    try (JsonGenerator json = JSON.createGenerator(scratch, JsonEncoding.UTF8)) {
      json.writeStartObject();
      json.writeStringField("type", "state");
      json.writeNumberField("tick", arena.tick());
      json.writeStringField("phase", phase.wireName());
      if (remainingMillis >= 0) {
        json.writeNumberField("remainingSeconds", (remainingMillis + 999) / 1000);
      }
      json.writeArrayFieldStart("players");
      for (Arena.Player p : arena.players()) {
        json.writeStartObject();
        json.writeStringField("id", p.id());
        json.writeStringField("name", p.name());
        writeTenths(json, "x", p.x(), digits);
        writeTenths(json, "y", p.y(), digits);
        json.writeNumberField("score", p.score());
        Seat seat = seats.get(p.id());
        if (seat != null && seat.ack() >= 0) {
          json.writeNumberField("ack", seat.ack());
        }
        if (seat != null && !seat.connected()) {
          json.writeBooleanField("away", true);
        }
        json.writeEndObject();
      }
      json.writeEndArray();
      json.writeArrayFieldStart("items");
      for (Arena.Item item : arena.items()) {
        json.writeStartObject();
        json.writeStringField("id", item.id());
        writeTenths(json, "x", item.x(), digits);
        writeTenths(json, "y", item.y(), digits);
        json.writeEndObject();
      }
      json.writeEndArray();
      json.writeEndObject();
    } catch (IOException e) {
      // Writing to memory does not fail.
      throw new UncheckedIOException(e);
    }
    return scratch.frame();
  }

  /**
   * Writes {@code field} as {@link ServerFrames#round}{@code (v)}, the same number, from its digits in
   * {@code digits} rather than through a string per coordinate (two per player and item, 20 times a second).
   */
  static void writeTenths(JsonGenerator json, String field, double v, char[] digits) throws IOException {
    long tenths = Math.round(v * 10);
    if (tenths >= MAX_PLAIN_TENTHS || tenths <= -MAX_PLAIN_TENTHS) {
      json.writeNumberField(field, ServerFrames.round(v));
      return;
    }
    long rest = Math.abs(tenths);
    int start = digits.length;
    digits[--start] = (char) ('0' + rest % 10);
    digits[--start] = '.';
    rest /= 10;
    do {
      digits[--start] = (char) ('0' + rest % 10);
      rest /= 10;
    } while (rest > 0);
    if (tenths < 0) {
      digits[--start] = '-';
    }
    json.writeFieldName(field);
    json.writeRawValue(digits, start, digits.length - start);
  }

  /** A byte array output stream whose array outlives {@link #reset()}. */
  private static final class Scratch extends ByteArrayOutputStream {
    Scratch() {
      super(2048);
    }

    SharedTextFrame frame() {
      return SharedTextFrame.of(buf, 0, count);
    }
  }
}
