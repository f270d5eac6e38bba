package dev.vertxelastic.platform.http;

import org.junit.jupiter.api.Test;

import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Strict UTF-8 decoding of client bytes. */
class InputTextTest {

  @Test
  void asciiAndValidUtf8DecodeToTheirText() throws CharacterCodingException {
    for (String text : new String[] {"", "{\"type\":\"input\",\"seq\":1,\"dx\":0,\"dy\":-1}", "\u0000\u007f", "é€𝄞 mixed"}) {
      assertEquals(text, InputText.decodeUtf8(text.getBytes(StandardCharsets.UTF_8)));
    }
  }

  @Test
  void malformedSequencesAreRefusedNotReplaced() {
    byte[][] malformed = {
        {(byte) 0xC0, (byte) 0xAF},                           // overlong '/'
        {(byte) 0xED, (byte) 0xA0, (byte) 0x80},              // an encoded surrogate
        {'a', (byte) 0xE2, (byte) 0x82},                      // truncated
        {(byte) 0x80},                                        // a lone continuation byte
        {(byte) 0xF5, (byte) 0x80, (byte) 0x80, (byte) 0x80}, // beyond U+10FFFF
    };
    for (byte[] bytes : malformed) {
      assertThrows(CharacterCodingException.class, () -> InputText.decodeUtf8(bytes));
    }
  }
}
