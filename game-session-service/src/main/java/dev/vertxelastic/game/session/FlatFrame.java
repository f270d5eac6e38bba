package dev.vertxelastic.game.session;

import io.vertx.core.buffer.Buffer;

/**
 * The fields of a client frame read straight from its bytes, without a JSON parser, when the frame is
 * what clients send many times a second: one flat JSON object in ASCII, strings without escapes,
 * numbers of at most 18 (integers) or 32 characters, no comments. Anything else is not read here
 * ({@link #read} returns null) and goes to the JSON parser, so every frame reads the same either way:
 * a value as Jackson gives it (an {@code Integer}, else a {@code Long}, or a {@code Double}), a
 * repeated field as its last value. It allocates only the values it keeps.
 */
final class FlatFrame {

  /** Integers of up to 18 characters fit a long; a JavaScript double prints in at most 24. */
  private static final int MAX_INTEGER_CHARS = 18;
  private static final int MAX_NUMBER_CHARS = 32;
  private static final Object NOT_FLAT = new Object();
  private static final byte[] TYPE = {'t', 'y', 'p', 'e'};
  private static final byte[] SEQ = {'s', 'e', 'q'};
  private static final byte[] DX = {'d', 'x'};
  private static final byte[] DY = {'d', 'y'};
  private static final byte[] T = {'t'};
  private static final byte[] INPUT = {'i', 'n', 'p', 'u', 't'};
  private static final byte[] PING = {'p', 'i', 'n', 'g'};
  private static final double[] POWERS_OF_TEN = {
      1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};

  private final Buffer bytes;
  private final int end;
  private int at;
  Object type;
  Object seq;
  Object dx;
  Object dy;
  Object t;

  private FlatFrame(Buffer bytes) {
    this.bytes = bytes;
    this.end = bytes.length();
  }

  /** The frame's fields, or null when it is not a flat ASCII object (or not one at all): the parser decides then. */
  static FlatFrame read(Buffer bytes) {
    if (bytes.length() > ClientFrame.MAX_CHARS) {
      return null;
    }
    FlatFrame frame = new FlatFrame(bytes);
    return frame.object() ? frame : null;
  }

  private boolean object() {
    if (!take('{')) {
      return false;
    }
    if (!take('}')) {
      do {
        skipSpace();
        int nameStart = at + 1;
        if (!string()) {
          return false;
        }
        int nameEnd = at - 1;
        if (!take(':')) {
          return false;
        }
        Object value = value();
        if (value == NOT_FLAT) {
          return false;
        }
        keep(nameStart, nameEnd, value);
      } while (take(','));
      if (!take('}')) {
        return false;
      }
    }
    skipSpace();
    return at == end;
  }

  private void keep(int nameStart, int nameEnd, Object value) {
    if (named(nameStart, nameEnd, TYPE)) {
      type = value;
    } else if (named(nameStart, nameEnd, SEQ)) {
      seq = value;
    } else if (named(nameStart, nameEnd, DX)) {
      dx = value;
    } else if (named(nameStart, nameEnd, DY)) {
      dy = value;
    } else if (named(nameStart, nameEnd, T)) {
      t = value;
    }
  }

  private boolean named(int start, int stop, byte[] name) {
    if (stop - start != name.length) {
      return false;
    }
    for (int i = 0; i < name.length; i++) {
      if (bytes.getByte(start + i) != name[i]) {
        return false;
      }
    }
    return true;
  }

  /** Skips white space, then takes {@code expected} if it comes next. */
  private boolean take(char expected) {
    skipSpace();
    if (at < end && bytes.getByte(at) == expected) {
      at++;
      return true;
    }
    return false;
  }

  private void skipSpace() {
    while (at < end) {
      byte b = bytes.getByte(at);
      if (b != ' ' && b != '\t' && b != '\n' && b != '\r') {
        return;
      }
      at++;
    }
  }

  /** A quoted string of printable ASCII without escapes; leaves {@code at} after its closing quote. */
  private boolean string() {
    if (!take('"')) {
      return false;
    }
    for (; at < end; at++) {
      byte b = bytes.getByte(at);
      if (b == '"') {
        at++;
        return true;
      }
      if (b < 0x20 || b > 0x7E || b == '\\') {
        return false;
      }
    }
    return false;
  }

  private Object value() {
    skipSpace();
    if (at == end) {
      return NOT_FLAT;
    }
    byte first = bytes.getByte(at);
    if (first == '"') {
      int start = at + 1;
      return string() ? text(start, at - 1) : NOT_FLAT;
    }
    if (first == '-' || (first >= '0' && first <= '9')) {
      return number();
    }
    if (literal("true")) {
      return Boolean.TRUE;
    }
    if (literal("false")) {
      return Boolean.FALSE;
    }
    // Objects, arrays and anything else are left to the parser.
    return literal("null") ? null : NOT_FLAT;
  }

  private Object text(int start, int stop) {
    // The two types a client sends, without a new string each time.
    if (named(start, stop, INPUT)) {
      return "input";
    }
    if (named(start, stop, PING)) {
      return "ping";
    }
    return bytes.getString(start, stop, "US-ASCII");
  }

  private boolean literal(String word) {
    if (end - at < word.length()) {
      return false;
    }
    for (int i = 0; i < word.length(); i++) {
      if (bytes.getByte(at + i) != word.charAt(i)) {
        return false;
      }
    }
    at += word.length();
    return true;
  }

  /** JSON's number grammar, strictly: {@code -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?}. */
  private Object number() {
    int start = at;
    boolean integral = true;
    skip('-');
    // A digit after a leading 0 ends the number here, and the object fails to read on it.
    if (!skip('0') && !digits()) {
      return NOT_FLAT;
    }
    if (skip('.')) {
      integral = false;
      if (!digits()) {
        return NOT_FLAT;
      }
    }
    if (skip('e') || skip('E')) {
      integral = false;
      if (!skip('+')) {
        skip('-');
      }
      if (!digits()) {
        return NOT_FLAT;
      }
    }
    if (at - start > (integral ? MAX_INTEGER_CHARS : MAX_NUMBER_CHARS)) {
      return NOT_FLAT;
    }
    return integral ? integer(start, at) : decimal(start, at);
  }

  /** An integer of at most 18 characters, as Jackson gives it: an {@code Integer} when it fits, else a {@code Long}. */
  private Object integer(int start, int stop) {
    boolean negative = bytes.getByte(start) == '-';
    long value = 0;
    for (int i = negative ? start + 1 : start; i < stop; i++) {
      value = value * 10 + (bytes.getByte(i) - '0');
    }
    value = negative ? -value : value;
    return value == (int) value ? (Object) (int) value : (Object) value;
  }

  /**
   * A number with a fraction or an exponent, as {@link Double#parseDouble} reads it. Up to 15 digits
   * (below 2^53) scaled by at most 10^22 are exact doubles, so one division or multiplication rounds
   * them correctly, as the JDK's own fast path does; any other is parsed.
   */
  private Object decimal(int start, int stop) {
    boolean negative = bytes.getByte(start) == '-';
    long digits = 0;
    int count = 0;
    int scale = 0;
    boolean fraction = false;
    int i = negative ? start + 1 : start;
    for (; i < stop; i++) {
      byte b = bytes.getByte(i);
      if (b == '.') {
        fraction = true;
      } else if (b == 'e' || b == 'E') {
        break;
      } else {
        digits = digits * 10 + (b - '0');
        scale -= fraction ? 1 : 0;
        if (++count > 15) {
          return Double.parseDouble(bytes.getString(start, stop, "US-ASCII"));
        }
      }
    }
    int power = scale + exponent(i + 1, stop);
    if (power < -22 || power > 22) {
      return Double.parseDouble(bytes.getString(start, stop, "US-ASCII"));
    }
    double value = power < 0 ? digits / POWERS_OF_TEN[-power] : digits * POWERS_OF_TEN[power];
    return negative ? -value : value;
  }

  /** The exponent written from {@code start} (0 when there is none), capped where it no longer matters. */
  private int exponent(int start, int stop) {
    if (start >= stop) {
      return 0;
    }
    byte sign = bytes.getByte(start);
    int value = 0;
    for (int i = sign == '-' || sign == '+' ? start + 1 : start; i < stop; i++) {
      value = Math.min(value * 10 + (bytes.getByte(i) - '0'), 1000);
    }
    return sign == '-' ? -value : value;
  }

  private boolean skip(char c) {
    if (at < end && bytes.getByte(at) == c) {
      at++;
      return true;
    }
    return false;
  }

  private boolean digit() {
    return at < end && bytes.getByte(at) >= '0' && bytes.getByte(at) <= '9';
  }

  private boolean digits() {
    int start = at;
    while (digit()) {
      at++;
    }
    return at > start;
  }
}
