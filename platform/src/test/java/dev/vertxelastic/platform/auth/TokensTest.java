package dev.vertxelastic.platform.auth;

import dev.vertxelastic.platform.config.ConfigException;
import dev.vertxelastic.platform.config.Env;
import dev.vertxelastic.platform.http.Problem;
import dev.vertxelastic.platform.testing.Await;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@ExtendWith(VertxExtension.class)
class TokensTest {

  static final String SECRET = "0123456789abcdef0123456789abcdef-test";

  @Test
  void anIssuedTokenVerifiesToTheSamePrincipal(Vertx vertx, VertxTestContext test) {
    Tokens tokens = new Tokens(vertx, SECRET, Duration.ofMinutes(5));
    Principal ada = new Principal("u-1", "ada", List.of(Principal.LEARNER, Principal.INSTRUCTOR));
    Tokens.IssuedToken issued = tokens.issue(ada);
    tokens.verify(issued.token()).onComplete(test.succeeding(p -> test.verify(() -> {
      assertEquals(ada, p);
      assertTrue(p.hasRole(Principal.INSTRUCTOR));
      test.completeNow();
    })));
  }

  @Test
  void aTokenSignedWithAnotherSecretIsA401(Vertx vertx, VertxTestContext test) {
    String foreign = new Tokens(vertx, SECRET + "-other", Duration.ofMinutes(5)).issue(new Principal("u", "x", List.of())).token();
    new Tokens(vertx, SECRET, Duration.ofMinutes(5)).verify(foreign).onComplete(test.failing(err -> test.verify(() -> {
      assertEquals(401, ((Problem) err).status());
      test.completeNow();
    })));
  }

  static String signed(JsonObject claims) {
    return SignedTokens.hs256(SECRET, claims);
  }

  static JsonObject without(JsonObject claims, String name) {
    JsonObject copy = claims.copy();
    copy.remove(name);
    return copy;
  }

  @Test
  void aCorrectlySignedTokenWithMalformedClaimsIsA401(Vertx vertx) {
    Tokens tokens = new Tokens(vertx, SECRET, Duration.ofMinutes(5));
    JsonObject good = SignedTokens.learnerClaims("u-1");
    assertEquals("u-1", Await.result(tokens.verify(signed(good))).userId());
    List<JsonObject> malformed = List.of(
        good.copy().put("exp", "never"),
        good.copy().put("iat", "yesterday"),
        good.copy().put("nbf", new JsonObject()),
        good.copy().put("sub", 42),
        good.copy().putNull("sub"),
        without(good, "sub"),
        good.copy().put("roles", "instructor"),
        good.copy().put("name", new JsonArray()));
    for (JsonObject claims : malformed) {
      Throwable failure = Await.failure(tokens.verify(signed(claims)));
      assertEquals(401, assertInstanceOf(Problem.class, failure, claims.encode()).status());
    }
  }

  @Test
  void aShortSecretIsRejectedWithoutPrintingIt() {
    ConfigException e = assertThrows(ConfigException.class, () -> Tokens.secret(Env.of(Map.of("JWT_SECRET", "short-secret"))));
    assertTrue(e.getMessage().contains("JWT_SECRET"));
    assertTrue(!e.getMessage().contains("short-secret"));
  }

  @Test
  void withoutJwtSecretALocalSecretIsGeneratedOnceAndReused(@TempDir Path dir) throws Exception {
    Env env = Env.of(Map.of("JWT_SECRET_FILE", dir.resolve("secret").toString()));
    String first = Tokens.secret(env);
    assertTrue(first.length() >= 32);
    assertEquals(first, Tokens.secret(env));
    assertEquals(first, Files.readString(dir.resolve("secret")).trim());
  }
}
