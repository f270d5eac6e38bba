package dev.vertxelastic.game.session;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.vertxelastic.platform.http.InputText;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.jackson.JacksonCodec;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
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

  /**
   * Parses one text frame, throwing {@link BadFrame} that says every thing wrong with it. The JSON is
   * read as Vert.x's {@code JsonObject} reads it (its parser: comments allowed, a trailing token
   * refused, numbers of the same types), but as a stream that keeps only the fields a frame has.
   */
  static ClientFrame parse(String text) {
    if (text.length() > MAX_CHARS) {
      throw new BadFrame("too-big", "A frame may be at most " + MAX_CHARS + " characters.");
    }
    Object type = null;
    Object seq = null;
    Object dx = null;
    Object dy = null;
    Object t = null;
    try (JsonParser parser = JacksonCodec.createParser(text)) {
      if (parser.nextToken() != JsonToken.START_OBJECT) {
        throw notAnObject();
      }
      for (String name = parser.nextFieldName(); name != null; name = parser.nextFieldName()) {
        Object value = value(parser, parser.nextToken());
        // A repeated field counts as its last value, as in a JsonObject.
        switch (name) {
          case "type" -> type = value;
          case "seq" -> seq = value;
          case "dx" -> dx = value;
          case "dy" -> dy = value;
          case "t" -> t = value;
          default -> { }
        }
      }
      if (parser.nextToken() != null) {
        throw notAnObject();
      }
    } catch (IOException | DecodeException e) {
      throw notAnObject();
    }
    return of(type, seq, dx, dy, t);
  }

  /**
   * Parses one text frame from its UTF-8 bytes, as {@link #parse(String)} parses its text; a flat frame
   * (what clients send many times a second) without a JSON parser. Throws {@link CharacterCodingException}
   * when the bytes are not valid UTF-8.
   */
  static ClientFrame parse(Buffer utf8) throws CharacterCodingException {
    FlatFrame flat = FlatFrame.read(utf8);
    return flat != null ? of(flat.type, flat.seq, flat.dx, flat.dy, flat.t) : parse(InputText.decodeUtf8(utf8.getBytes()));
  }

  /** The frame that these fields' values (as JSON gives them, null when absent) make; {@link BadFrame} lists what is wrong. */
  private static ClientFrame of(Object type, Object seq, Object dx, Object dy, Object t) {
    if (!(type instanceof String name)) {
      throw new BadFrame("unknown-type", "A frame needs a string \"type\": input or ping.");
    }
    return switch (name) {
      case "input" -> input(seq, dx, dy);
      case "ping" -> ping(t);
      default -> throw new BadFrame("unknown-type", "Unknown frame type \"" + name + "\": use input or ping.");
    };
  }

  private static BadFrame notAnObject() {
    return new BadFrame("bad-json", "A frame must be a JSON object.");
  }

  /** The value at {@code token}: a string, a number, a boolean or null as JSON gives them; an object or array (skipped) as {@link #NESTED}. */
  private static Object value(JsonParser parser, JsonToken token) throws IOException {
    return switch (token) {
      case VALUE_STRING -> parser.getText();
      case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> parser.getNumberValue();
      case VALUE_TRUE -> Boolean.TRUE;
      case VALUE_FALSE -> Boolean.FALSE;
      case START_OBJECT, START_ARRAY -> {
        parser.skipChildren();
        yield NESTED;
      }
      default -> null;
    };
  }

  /** What a field holding an object or an array reads as: neither a string nor a number. */
  Object NESTED = new Object();

  private static Input input(Object seq, Object dx, Object dy) {
    List<String> errors = new ArrayList<>();
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

  private static Ping ping(Object t) {
    if (!(t instanceof Number n && Double.isFinite(n.doubleValue()))) {
      throw new BadFrame("bad-input", "t must be a number.");
    }
    return new Ping(n);
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
