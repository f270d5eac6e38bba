package dev.vertxelastic.gateway;

import dev.vertxelastic.platform.auth.Principal;
import dev.vertxelastic.platform.auth.Tokens;
import dev.vertxelastic.platform.runtime.ServiceRuntime;
import dev.vertxelastic.platform.testing.Await;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code POST /api/auth/instructor} exchanges the configured password for an instructor token. */
@ExtendWith(VertxExtension.class)
class InstructorTokenTest {

  static ServiceRuntime<GatewayVerticle> gateway;
  static WebClient client;
  static Tokens tokens;
  static int port;

  @BeforeAll
  static void start(Vertx vertx) {
    gateway = Gateways.start("gateway-instructor", Map.of());
    port = gateway.verticle().actualPort();
    client = WebClient.create(vertx);
    tokens = new Tokens(vertx, Gateways.SECRET, Duration.ofHours(1));
  }

  @AfterAll
  static void stop() {
    Await.result(gateway.stop());
  }

  static HttpResponse<Buffer> post(JsonObject body) {
    return Await.result(client.post(port, "127.0.0.1", "/api/auth/instructor").sendJsonObject(body));
  }

  @Test
  void theRightPasswordGivesAnInstructorTokenWithAStableUserId() {
    HttpResponse<Buffer> first = post(new JsonObject().put("name", "Grace").put("password", Gateways.INSTRUCTOR_PASSWORD));
    assertEquals(201, first.statusCode(), first.bodyAsString());
    Principal p = Await.result(tokens.verify(first.bodyAsJsonObject().getString("token")));
    assertEquals(List.of(Principal.LEARNER, Principal.INSTRUCTOR), p.roles());
    assertEquals("instructor-grace", p.userId());
    HttpResponse<Buffer> again = post(new JsonObject().put("name", "Grace").put("password", Gateways.INSTRUCTOR_PASSWORD));
    assertEquals(p.userId(), again.bodyAsJsonObject().getString("userId"), "the same instructor keeps owning their courses");
  }

  @Test
  void withoutAnyPasswordInstructorSignInIsOffButTheGatewayRuns() {
    // No variable, and a password file that cannot be created (as on a read-only root file system).
    ServiceRuntime<GatewayVerticle> bare = Gateways.start("gateway-no-instructor",
        Map.of("INSTRUCTOR_PASSWORD", "", "INSTRUCTOR_PASSWORD_FILE", "/proc/vertx-elastic/instructor-password"));
    try {
      HttpResponse<Buffer> r = Await.result(client.post(bare.verticle().actualPort(), "127.0.0.1", "/api/auth/instructor")
          .sendJsonObject(new JsonObject().put("name", "Grace").put("password", "anything-at-all")));
      assertEquals(503, r.statusCode(), r.bodyAsString());
      assertEquals("application/problem+json", r.getHeader("Content-Type"));
      assertEquals(201, Await.result(client.post(bare.verticle().actualPort(), "127.0.0.1", "/api/auth/guest")
          .sendJsonObject(new JsonObject().put("name", "ada"))).statusCode());
    } finally {
      Await.result(bare.stop());
    }
  }

  @Test
  void aWrongOrMissingPasswordIsRefusedWithoutEchoingIt() {
    HttpResponse<Buffer> wrong = post(new JsonObject().put("name", "Grace").put("password", "guess-123456"));
    assertEquals(401, wrong.statusCode());
    assertEquals("application/problem+json", wrong.getHeader("Content-Type"));
    assertFalse(wrong.bodyAsString().contains("guess-123456"));
    HttpResponse<Buffer> missing = post(new JsonObject().put("name", "Grace"));
    assertEquals(400, missing.statusCode());
    assertTrue(missing.bodyAsString().contains("\"field\":\"password\""), missing.bodyAsString());
  }
}
