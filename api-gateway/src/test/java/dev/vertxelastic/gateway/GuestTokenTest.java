package dev.vertxelastic.gateway;

import dev.vertxelastic.platform.auth.Principal;
import dev.vertxelastic.platform.auth.Tokens;
import dev.vertxelastic.platform.runtime.ServiceRuntime;
import dev.vertxelastic.platform.testing.Await;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code POST /api/auth/guest} on a real gateway. */
@ExtendWith(VertxExtension.class)
class GuestTokenTest {

  static ServiceRuntime<GatewayVerticle> gateway;
  static WebClient client;
  static Tokens tokens;
  static int port;

  @BeforeAll
  static void start(Vertx vertx) {
    gateway = Gateways.start("gateway-guest", Map.of());
    port = gateway.verticle().actualPort();
    client = WebClient.create(vertx);
    tokens = new Tokens(vertx, Gateways.SECRET, Duration.ofHours(1));
  }

  @AfterAll
  static void stop() {
    Await.result(gateway.stop());
  }

  static HttpResponse<Buffer> post(String contentType, String body) {
    return Await.result(client.post(port, "127.0.0.1", "/api/auth/guest")
        .putHeader("Content-Type", contentType).sendBuffer(Buffer.buffer(body)));
  }

  static void assertProblem(HttpResponse<Buffer> response, int status) {
    assertEquals(status, response.statusCode(), response.bodyAsString());
    assertEquals("application/problem+json", response.getHeader("Content-Type"));
  }

  @Test
  void guestGetsAVerifiableLearnerToken() {
    HttpResponse<Buffer> response = post("application/json", "{\"name\":\"  Ada L. \"}");

    assertEquals(201, response.statusCode(), response.bodyAsString());
    JsonObject body = response.bodyAsJsonObject();
    assertEquals("Ada L.", body.getString("name"));
    assertTrue(body.getString("userId").matches("u-[0-9a-f]{16}"), body.getString("userId"));
    assertTrue(Instant.parse(body.getString("expiresAt")).isAfter(Instant.now()));
    Principal principal = Await.result(tokens.verify(body.getString("token")));
    assertEquals(body.getString("userId"), principal.userId());
    assertEquals("Ada L.", principal.name());
    assertEquals(List.of(Principal.LEARNER), principal.roles());
  }

  @Test
  void everyGuestGetsANewUserId() {
    String first = post("application/json", "{\"name\":\"ada\"}").bodyAsJsonObject().getString("userId");
    String second = post("application/json; charset=utf-8", "{\"name\":\"ada\"}").bodyAsJsonObject().getString("userId");

    assertNotEquals(first, second);
  }

  @Test
  void badNamesAreRejectedNamingTheField() {
    for (String body : List.of("{}", "{\"name\":\"\"}", "{\"name\":\"   \"}", "{\"name\":42}",
        "{\"name\":\"" + "a".repeat(41) + "\"}", "{\"name\":\"<script>\"}")) {
      HttpResponse<Buffer> response = post("application/json", body);
      assertProblem(response, 400);
      JsonArray errors = response.bodyAsJsonObject().getJsonArray("errors");
      assertEquals(1, errors.size(), body);
      assertEquals("name", errors.getJsonObject(0).getString("field"), body);
    }
  }

  @Test
  void nameOfFortyLettersDigitsAndPunctuationIsAccepted() {
    String name = "Zoë_9.x-" + "a".repeat(32);

    HttpResponse<Buffer> response = post("application/json", new JsonObject().put("name", name).encode());

    assertEquals(201, response.statusCode(), response.bodyAsString());
    assertEquals(name, response.bodyAsJsonObject().getString("name"));
  }

  @Test
  void nonJsonBodyIsUnsupportedMediaType() {
    assertProblem(post("text/plain", "name=ada"), 415);
  }

  @Test
  void malformedJsonOrANonObjectIsABadRequest() {
    assertProblem(post("application/json", "{\"name\":"), 400);
    assertProblem(post("application/json", "[\"ada\"]"), 400);
    assertProblem(post("application/json", ""), 400);
  }

  @Test
  void aBodyThatIsNotStrictUtf8OrHasControlCharactersIsABadRequest() {
    Buffer overlong = Buffer.buffer("{\"name\":\"ada").appendBytes(new byte[] {(byte) 0xc0, (byte) 0xae}).appendString("\"}");
    assertProblem(Await.result(client.post(port, "127.0.0.1", "/api/auth/guest")
        .putHeader("Content-Type", "application/json").sendBuffer(overlong)), 400);
    for (String name : List.of("ada\\u0000", "ada\\u001b[2J", "\\ud800ada")) {
      HttpResponse<Buffer> r = post("application/json", "{\"name\":\"" + name + "\"}");
      assertProblem(r, 400);
      assertEquals("name", r.bodyAsJsonObject().getJsonArray("errors").getJsonObject(0).getString("field"), name);
    }
  }
}
