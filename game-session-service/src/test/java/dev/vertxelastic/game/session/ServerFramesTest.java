package dev.vertxelastic.game.session;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.math.BigInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ServerFramesTest {

  @Test
  void aPongIsThePingsTimeAsVertxWouldEncodeIt() {
    String[] pings = {"1", "1764400000123", "-7", "0.5", "-2.5e-7", "1e300", "123456789012345678901234567890", "1.5E+300"};
    for (String t : pings) {
      Number time = ((ClientFrame.Ping) ClientFrame.parse("{\"type\":\"ping\",\"t\":" + t + "}")).t();
      assertEquals(new JsonObject().put("type", "pong").put("t", time).encode(), ServerFrames.pong(time), t);
    }
    for (Number time : new Number[] {new BigInteger("-98765432109876543210"), new BigDecimal("1E+400"), 3.0f}) {
      assertEquals(new JsonObject().put("type", "pong").put("t", time).encode(), ServerFrames.pong(time), time.toString());
    }
  }
}
