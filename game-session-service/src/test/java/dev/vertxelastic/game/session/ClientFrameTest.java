package dev.vertxelastic.game.session;

import dev.vertxelastic.platform.http.InputText;
import io.vertx.core.buffer.Buffer;
import org.junit.jupiter.api.Test;

import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
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

  private static final String[] SEEDS = {
      "{\"type\":\"input\",\"seq\":3,\"dx\":-1,\"dy\":0.25}",
      " { \"type\" : \"input\" ,\n\t\"seq\" : 12 , \"dx\" : 0.7071067811865476 , \"dy\" : -0.7071067811865476 }\r\n",
      "{\"type\":\"ping\",\"t\":1764400000123}",
      "{\"type\":\"ping\",\"t\":-2147483649,\"t\":2147483647}",
      "{\"seq\":1e2,\"dx\":1E-2,\"dy\":-0.0,\"type\":\"input\",\"extra\":null,\"on\":true,\"off\":false}",
      "{\"type\":\"input\",\"seq\":123456789012345678,\"dx\":0,\"dy\":0}",
      "{\"type\":\"input\",\"seq\":9007199254740991,\"dx\":1,\"dy\":-1}",
      "{\"type\":\"fire\",\"name\":\"ada lovelace\"}",
      "{\"type\":\"input\",\"seq\":[1],\"dx\":{},\"dy\":\"up\"}",
      "/* c */ {\"type\":\"ping\",\"t\":1} // end",
      "{\"type\":\"in\\u0070ut\",\"seq\":1,\"dx\":0,\"dy\":0}",
      "{\"type\":\"ping\",\"t\":\"caf\u00e9\"}",
      "{}",
  };
  private static final String EDITS = "{}[]\":,.-+eE0123456789 \t\n/*\\atrufslnpig";

  /** What reading a frame gives: the frame (with its number types), the refusal, or invalid UTF-8. */
  private static String outcome(byte[] utf8, boolean fromBytes) {
    try {
      ClientFrame frame = fromBytes ? ClientFrame.parse(Buffer.buffer(utf8)) : ClientFrame.parse(InputText.decodeUtf8(utf8));
      return frame + (frame instanceof ClientFrame.Ping ping ? " " + ping.t().getClass().getSimpleName() : "");
    } catch (ClientFrame.BadFrame bad) {
      return bad.code() + ": " + bad.getMessage();
    } catch (CharacterCodingException e) {
      return "bad-utf8";
    }
  }

  @Test
  void framesReadFromTheirBytesReadAsTheParserReadsThem() {
    SplittableRandom random = new SplittableRandom(17);
    List<byte[]> frames = new ArrayList<>();
    for (String seed : SEEDS) {
      byte[] bytes = seed.getBytes(StandardCharsets.UTF_8);
      frames.add(bytes);
      for (int i = 0; i < 3_000; i++) {
        frames.add(mutate(bytes, random));
      }
    }
    int flat = 0;
    for (byte[] frame : frames) {
      String text = new String(frame, StandardCharsets.ISO_8859_1);
      assertEquals(outcome(frame, false), outcome(frame, true), text);
      flat += FlatFrame.read(Buffer.buffer(frame)) != null ? 1 : 0;
    }
    // Both ways were taken: the comparison covers the flat reader, not only the parser behind it.
    assertTrue(flat > frames.size() / 10 && flat < frames.size() * 9 / 10, flat + " of " + frames.size() + " read flat");
  }

  @Test
  void onlyFlatAsciiFramesAreReadWithoutTheParser() {
    assertNotNull(FlatFrame.read(Buffer.buffer(SEEDS[0])));
    assertNotNull(FlatFrame.read(Buffer.buffer(SEEDS[1])));
    assertNotNull(FlatFrame.read(Buffer.buffer(SEEDS[4])));
    for (String text : new String[] {SEEDS[8], SEEDS[9], SEEDS[10], SEEDS[11], "{\"t\":01}", "{\"t\":1234567890123456789}",
        "{\"t\":1,}", "{\"t\":1} x", "{\"t\":truex}", "[]", ""}) {
      assertNull(FlatFrame.read(Buffer.buffer(text)), text);
    }
  }

  @Test
  void numbersReadFromTheBytesAreTheDoublesAndIntegersTheJdkReads() {
    SplittableRandom random = new SplittableRandom(29);
    for (int i = 0; i < 50_000; i++) {
      StringBuilder number = new StringBuilder(random.nextBoolean() ? "-" : "");
      number.append(random.nextInt(10) == 0 ? "0" : Long.toString(1 + random.nextLong(1L << random.nextInt(1, 60))));
      boolean integral = random.nextInt(4) == 0;
      if (!integral) {
        number.append('.').append(Long.toString(random.nextLong(1L << random.nextInt(1, 50))));
        if (random.nextBoolean()) {
          number.append(random.nextBoolean() ? 'e' : 'E').append(random.nextBoolean() ? "-" : "").append(random.nextInt(40));
        }
      }
      FlatFrame frame = FlatFrame.read(Buffer.buffer("{\"t\":" + number + "}"));
      if (frame == null) {
        continue;
      }
      Object expected = integral ? jacksonInteger(Long.parseLong(number.toString())) : (Object) Double.parseDouble(number.toString());
      assertEquals(expected, frame.t, number.toString());
    }
  }

  /** An integer as Jackson gives it: an {@code Integer} when it fits, else a {@code Long}. */
  private static Object jacksonInteger(long value) {
    return value == (int) value ? (Object) (int) value : (Object) value;
  }

  /** One to three random edits: a byte inserted, removed or replaced (now and then one outside printable ASCII). */
  private static byte[] mutate(byte[] bytes, SplittableRandom random) {
    byte[] out = bytes;
    for (int edits = 1 + random.nextInt(3); edits > 0; edits--) {
      int at = random.nextInt(out.length + 1);
      byte b = random.nextInt(20) == 0 ? (byte) random.nextInt(256) : (byte) EDITS.charAt(random.nextInt(EDITS.length()));
      int kind = out.length == 0 ? 0 : random.nextInt(3);
      byte[] next = new byte[out.length + (kind == 0 ? 1 : kind == 1 ? -1 : 0)];
      if (kind == 0) {
        System.arraycopy(out, 0, next, 0, at);
        next[at] = b;
        System.arraycopy(out, at, next, at + 1, out.length - at);
      } else {
        at = Math.min(at, out.length - 1);
        System.arraycopy(out, 0, next, 0, at);
        if (kind == 1) {
          System.arraycopy(out, at + 1, next, at, out.length - at - 1);
        } else {
          System.arraycopy(out, 0, next, 0, out.length);
          next[at] = b;
        }
      }
      out = next;
    }
    return out;
  }
}
