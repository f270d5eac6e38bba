package dev.vertxelastic.game.session;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;

sealed interface ClientFrame {

  record Input(long seq, double dx, double dy) implements ClientFrame {
    public Input {
      if (seq < 0 || !unit(dx) || !unit(dy)) {
        throw new IllegalArgumentException("seq must be >= 0 and dx, dy in -1..1");
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
    if (!(seq instanceof Number n && isWhole(n) && n.doubleValue() >= 0)) {
      errors.add("seq must be a non-negative integer");
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

  private static boolean isWhole(Number n) {
    double d = n.doubleValue();
    return Double.isFinite(d) && d == Math.rint(d) && d <= Long.MAX_VALUE;
  }

  private static boolean unit(double v) {
    return v >= -1 && v <= 1;
  }
}
