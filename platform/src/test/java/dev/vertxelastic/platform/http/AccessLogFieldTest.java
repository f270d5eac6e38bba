package dev.vertxelastic.platform.http;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

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
  void aGeneratedRequestIdIsARandomVersion4Uuid() {
    UUID id = UUID.fromString(RequestIds.randomId());
    assertEquals(4, id.version());
    assertEquals(2, id.variant());
    assertNotEquals(RequestIds.randomId(), RequestIds.randomId());
  }
}
