package dev.vertxelastic.platform.http;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Random;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The hand-written parts of an access line: escaped string fields, and generated request ids. */
class AccessLogFieldTest {

  @Test
  void aFieldIsEscapedAsAJsonString() {
    String hostile = "/api/\"courses\"\\x\u0001\ttab\u00e9\u2028";
    StringBuilder line = new StringBuilder("{");
    AccessLog.field(line, "path", hostile).append(',');
    AccessLog.field(line, "remote", null).append('}');
    JsonObject parsed = new JsonObject(line.toString());
    assertEquals(hostile, parsed.getString("path"));
    assertTrue(parsed.containsKey("remote"));
    assertNull(parsed.getString("remote"));
  }

  @Test
  void aPlainFieldIsWrittenAsItIs() {
    StringBuilder line = new StringBuilder();
    AccessLog.field(line, "path", "/api/courses/kubernetes-fundamentals");
    assertEquals("\"path\":\"/api/courses/kubernetes-fundamentals\"", line.toString());
  }

  @Test
  void aTimestampReadsAsTheInstantsOwnText() {
    Instant base = Instant.parse("2026-11-29T10:27:08Z");
    for (int nanos : new int[] {0, 1, 999_999_999, 120_000_000, 123_000_000, 123_456_000, 123_456_789, 5_000, 1_000_000, 7}) {
      Instant instant = base.plusNanos(nanos);
      assertEquals(instant.toString(), AccessLog.timestamp(new StringBuilder(), instant).toString());
    }
    Random random = new Random(17);
    for (int i = 0; i < 10_000; i++) {
      // Seconds that repeat and seconds that do not, back and forth, across years.
      Instant instant = Instant.ofEpochSecond(base.getEpochSecond() + random.nextInt(3) * (i % 7 == 0 ? 40_000_000L : 1),
          random.nextInt(4) == 0 ? random.nextInt(1000) * 1_000_000 : random.nextInt(1_000_000_000));
      assertEquals(instant.toString(), AccessLog.timestamp(new StringBuilder(), instant).toString());
    }
  }

  @Test
  void aGeneratedRequestIdIsARandomVersion4Uuid() {
    UUID id = UUID.fromString(RequestIds.randomId());
    assertEquals(4, id.version());
    assertEquals(2, id.variant());
    assertNotEquals(RequestIds.randomId(), RequestIds.randomId());
  }
}
