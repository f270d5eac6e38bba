package dev.vertxelastic.game.session;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;

sealed interface ClientFrame {

  /** The largest {@code seq}: the largest integer a JavaScript client can count to exactly (2^53 - 1). */
  long MAX_SEQ = (1L << 53) - 1;

  record Input(long seq, double dx, double dy) implements ClientFrame {
    public Input {
      if (seq < 0 || seq > MAX_SEQ || !unit(dx) || !unit(dy)) {
        throw new IllegalArgumentException("seq must be 0.." + MAX_SEQ + " and dx, dy in -1..1");
      }
    }
  }

  record Ping(Number t) implements ClientFrame {
  }

  final class BadFrame extends RuntimeException {
    private final String code;

    BadFrame(String code, String message) {
      super(message, null, false, false);
      this.code = code;
    }

    String code() {
      return code;
    }
  }

  /** Client frames are tiny (about 60 characters); anything longer is refused before it is parsed. */
  int MAX_CHARS = 1024;

  /** Parses one text frame, throwing {@link BadFrame} that says every thing wrong with it. */
  static ClientFrame parse(String text) {
    if (text.length() > MAX_CHARS) {
      throw new BadFrame("too-big", "A frame may be at most " + MAX_CHARS + " characters.");
    }
    JsonObject json;
    try {
      json = new JsonObject(text);
    } catch (DecodeException | ClassCastException e) {
      throw new BadFrame("bad-json", "A frame must be a JSON object.");
    }
    Object type = json.getValue("type");
    if (!(type instanceof String name)) {
      throw new BadFrame("unknown-type", "A frame needs a string \"type\": input or ping.");
    }
    return switch (name) {
      case "input" -> input(json);
      case "ping" -> ping(json);
      default -> throw new BadFrame("unknown-type", "Unknown frame type \"" + name + "\": use input or ping.");
    };
  }

  private static Input input(JsonObject json) {
    List<String> errors = new ArrayList<>();
    Object seq = json.getValue("seq");
    Object dx = json.getValue("dx");
    Object dy = json.getValue("dy");
    if (!isSeq(seq)) {
      errors.add("seq must be an integer from 0 to " + MAX_SEQ);
    }
    if (!(dx instanceof Number n && unit(n.doubleValue()))) {
      errors.add("dx must be a number from -1 to 1");
    }
    if (!(dy instanceof Number n && unit(n.doubleValue()))) {
      errors.add("dy must be a number from -1 to 1");
    }
    if (!errors.isEmpty()) {
      throw new BadFrame("bad-input", String.join("; ", errors) + ".");
    }
    return new Input(((Number) seq).longValue(), ((Number) dx).doubleValue(), ((Number) dy).doubleValue());
  }

  private static Ping ping(JsonObject json) {
    if (!(json.getValue("t") instanceof Number t && Double.isFinite(t.doubleValue()))) {
      throw new BadFrame("bad-input", "t must be a number.");
    }
    return new Ping(t);
  }

  /** An integer in 0..MAX_SEQ; a BigInteger or BigDecimal (what JSON gives for huge numbers) never is. */
  private static boolean isSeq(Object value) {
    if (value instanceof Integer || value instanceof Long) {
      long n = ((Number) value).longValue();
      return n >= 0 && n <= MAX_SEQ;
    }
    if (value instanceof Double || value instanceof Float) {
      double d = ((Number) value).doubleValue();
      return d == Math.rint(d) && d >= 0 && d <= MAX_SEQ;
    }
    return false;
  }

  private static boolean unit(double v) {
    return v >= -1 && v <= 1;
  }
}
