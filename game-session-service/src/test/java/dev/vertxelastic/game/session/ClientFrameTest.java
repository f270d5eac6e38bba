package dev.vertxelastic.game.session;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ClientFrameTest {

  static ClientFrame.BadFrame rejected(String text) {
    return assertThrows(ClientFrame.BadFrame.class, () -> ClientFrame.parse(text), text);
  }

  @Test
  void inputAndPingFramesAreParsed() {
    assertEquals(new ClientFrame.Input(3, -1, 0.25), ClientFrame.parse("{\"type\":\"input\",\"seq\":3,\"dx\":-1,\"dy\":0.25}"));
    assertEquals(42, ((ClientFrame.Ping) ClientFrame.parse("{\"type\":\"ping\",\"t\":42}")).t().intValue());
  }

  @Test
  void textThatIsNotAJsonObjectIsBadJson() {
    for (String text : new String[] {"{", "[1]", "null", "42", "\"input\""}) {
      assertEquals("bad-json", rejected(text).code(), text);
    }
  }

  @Test
  void aMissingOrUnknownTypeIsUnknownType() {
    assertEquals("unknown-type", rejected("{\"seq\":1}").code());
    assertEquals("unknown-type", rejected("{\"type\":7}").code());
    assertEquals("unknown-type", rejected("{\"type\":\"fire\"}").code());
  }

  @Test
  void everyBadFieldOfAnInputIsNamed() {
    ClientFrame.BadFrame bad = rejected("{\"type\":\"input\",\"seq\":-1,\"dx\":5,\"dy\":\"up\"}");
    assertEquals("bad-input", bad.code());
    assertTrue(bad.getMessage().contains("seq") && bad.getMessage().contains("dx") && bad.getMessage().contains("dy"), bad.getMessage());
    assertEquals("bad-input", rejected("{\"type\":\"input\",\"seq\":1.5,\"dx\":0,\"dy\":0}").code());
    assertTrue(rejected("{\"type\":\"input\",\"dx\":0,\"dy\":0}").getMessage().contains("seq"));
    for (String seq : new String[] {"9223372036854775808", "9223372036854775807", "9007199254740992", "1e19", "-0.5"}) {
      assertEquals("bad-input", rejected("{\"type\":\"input\",\"seq\":" + seq + ",\"dx\":0,\"dy\":0}").code(), seq);
    }
    assertEquals(ClientFrame.MAX_SEQ, ((ClientFrame.Input) ClientFrame.parse("{\"type\":\"input\",\"seq\":9007199254740991,\"dx\":0,\"dy\":0}")).seq());
  }

  @Test
  void aPingNeedsANumericTime() {
    assertEquals("bad-input", rejected("{\"type\":\"ping\"}").code());
    assertEquals("bad-input", rejected("{\"type\":\"ping\",\"t\":\"now\"}").code());
  }

  @Test
  void framesAreReadAsVertxReadsAJsonObject() {
    // Comments, as Vert.x's parser allows them; a repeated field counts as its last value; unknown fields,
    // nested ones included, are skipped.
    assertEquals(new ClientFrame.Input(2, 0.5, 0), ClientFrame.parse(
        "/* c */ {\"type\":\"input\",\"seq\":1,\"seq\":2,\"dx\":0.5,\"dy\":0,\"extra\":{\"a\":[1,{\"b\":null}]}} // end"));
    assertEquals(new ClientFrame.Input(3, 0, 0), ClientFrame.parse("{\"seq\":3.0,\"dx\":-0,\"dy\":0,\"type\":\"input\"}"));
    for (String text : new String[] {"{\"type\":\"ping\",\"t\":1} {}", "{\"type\":\"ping\",\"t\":1}]", "{\"type\":\"ping\",\"t\":1",
        "{\"type\":\"ping\" \"t\":1}", "{'type':'ping'}", "{\"type\":\"ping\",\"extra\":[1,}"}) {
      assertEquals("bad-json", rejected(text).code(), text);
    }
    assertEquals("unknown-type", rejected("{\"type\":{\"name\":\"input\"}}").code());
    assertEquals("unknown-type", rejected("{\"type\":[\"input\"],\"type\":null}").code());
    assertEquals("bad-input", rejected("{\"type\":\"input\",\"seq\":[1],\"dx\":{},\"dy\":true}").code());
    assertEquals("bad-input", rejected("{\"type\":\"ping\",\"t\":{\"now\":1}}").code());
  }
}
