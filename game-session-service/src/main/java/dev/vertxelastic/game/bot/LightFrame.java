package dev.vertxelastic.game.bot;

import io.vertx.core.buffer.Buffer;

import java.nio.charset.StandardCharsets;

/**
 * Reads what a light bot needs from a server frame's first bytes, without decoding or parsing it:
 * the server writes {@code type} first, a state's {@code tick} second and a pong's {@code t} second.
 * A frame of another shape is {@link #OTHER}, for the caller to parse in full.
 */
final class LightFrame {

  static final char STATE = 's';
  static final char PONG = 'p';
  static final char OTHER = '?';
  private static final byte[] STATE_TICK = bytes("{\"type\":\"state\",\"tick\":");
  private static final byte[] PONG_T = bytes("{\"type\":\"pong\",\"t\":");

  private LightFrame() {
  }

  /** {@link #STATE}, {@link #PONG} or {@link #OTHER}. */
  static char kind(Buffer frame) {
    if (startsWith(frame, STATE_TICK)) {
      return STATE;
    }
    if (startsWith(frame, PONG_T)) {
      return PONG;
    }
    return OTHER;
  }

  /** A state's tick; -1 if the frame is not a state. */
  static long tick(Buffer frame) {
    return startsWith(frame, STATE_TICK) ? digits(frame, STATE_TICK.length) : -1;
  }

  /** A pong's {@code t} (the bot's own nanoTime, echoed); -1 if the frame is not a pong. */
  static long pongTime(Buffer frame) {
    return startsWith(frame, PONG_T) ? digits(frame, PONG_T.length) : -1;
  }

  private static long digits(Buffer frame, int from) {
    long value = 0;
    int i = from;
    for (; i < frame.length(); i++) {
      byte b = frame.getByte(i);
      if (b < '0' || b > '9') {
        break;
      }
      value = value * 10 + (b - '0');
    }
    return i == from ? -1 : value;
  }

  private static boolean startsWith(Buffer frame, byte[] prefix) {
    if (frame.length() < prefix.length) {
      return false;
    }
    for (int i = 0; i < prefix.length; i++) {
      if (frame.getByte(i) != prefix[i]) {
        return false;
      }
    }
    return true;
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }
}
