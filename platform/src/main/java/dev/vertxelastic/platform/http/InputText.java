package dev.vertxelastic.platform.http;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * What text from a client may contain: valid Unicode (no unpaired surrogates) without control
 * characters, and for bytes, strict UTF-8 (no overlong forms, no encoded surrogates).
 */
public final class InputText {

  private InputText() {
  }

  /**
   * Why {@code value} cannot be taken as text, or null when it can. Control characters (C0, DEL, C1)
   * are refused; {@code lineBreaks} lets tab, line feed and carriage return through (multi-line text).
   */
  public static String flaw(String value, boolean lineBreaks) {
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (Character.isHighSurrogate(c) && i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        return "must be valid Unicode text (it has an unpaired surrogate)";
      } else if (Character.getType(c) == Character.CONTROL && !(lineBreaks && (c == '\t' || c == '\n' || c == '\r'))) {
        return lineBreaks ? "must not contain control characters other than tab and line breaks"
            : "must not contain control characters";
      }
    }
    return null;
  }

  /** Decodes {@code bytes} as UTF-8, refusing every malformed sequence instead of replacing it. */
  public static String decodeUtf8(ByteBuffer bytes) throws CharacterCodingException {
    CharBuffer chars = StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT)
        .decode(bytes);
    return chars.toString();
  }

  public static String decodeUtf8(byte[] bytes) throws CharacterCodingException {
    for (byte b : bytes) {
      if (b < 0) {
        return decodeUtf8(ByteBuffer.wrap(bytes));
      }
    }
    // ASCII, the usual case, is UTF-8 as it is: no decoder to set up.
    return new String(bytes, StandardCharsets.US_ASCII);
  }
}
