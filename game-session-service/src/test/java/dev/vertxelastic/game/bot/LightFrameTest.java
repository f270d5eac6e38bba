package dev.vertxelastic.game.bot;

import io.vertx.core.buffer.Buffer;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class LightFrameTest {

  @Test
  void aStateIsReadUpToItsTick() {
    Buffer state = Buffer.buffer("{\"type\":\"state\",\"tick\":12345,\"phase\":\"running\",\"players\":[]}");
    assertEquals(LightFrame.STATE, LightFrame.kind(state));
    assertEquals(12345, LightFrame.tick(state));
    assertEquals(-1, LightFrame.pongTime(state));
  }

  @Test
  void aPongIsReadUpToTheEchoedTime() {
    Buffer pong = Buffer.buffer("{\"type\":\"pong\",\"t\":987654321012}");
    assertEquals(LightFrame.PONG, LightFrame.kind(pong));
    assertEquals(987654321012L, LightFrame.pongTime(pong));
    assertEquals(-1, LightFrame.tick(pong));
  }

  @Test
  void anythingElseIsLeftToAFullParse() {
    for (String other : new String[] {"{\"type\":\"welcome\",\"playerId\":\"a\"}", "{\"tick\":1,\"type\":\"state\"}",
        "{\"type\":\"state\"", "", "{\"type\":\"pong\",\"t\":\"x\"}"}) {
      Buffer frame = Buffer.buffer(other);
      if (LightFrame.kind(frame) != LightFrame.OTHER) {
        assertEquals(-1, LightFrame.pongTime(frame), other);
      }
    }
    assertEquals(LightFrame.OTHER, LightFrame.kind(Buffer.buffer("{\"type\":\"welcome\"}")));
    assertEquals(LightFrame.OTHER, LightFrame.kind(Buffer.buffer("{\"type\":\"state\"")));
  }
}
