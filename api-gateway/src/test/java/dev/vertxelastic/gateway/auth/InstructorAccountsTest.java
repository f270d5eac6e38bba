package dev.vertxelastic.gateway.auth;

import dev.vertxelastic.gateway.GatewayVerticle;
import dev.vertxelastic.gateway.Gateways;
import dev.vertxelastic.platform.auth.Tokens;
import dev.vertxelastic.platform.config.ConfigException;
import dev.vertxelastic.platform.config.Env;
import dev.vertxelastic.platform.http.Problems;
import dev.vertxelastic.platform.runtime.ServiceRuntime;
import dev.vertxelastic.platform.testing.Await;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Each instructor signs in with a password of their own, under one canonical name; nobody can sign in as another. */
@ExtendWith(VertxExtension.class)
class InstructorAccountsTest {

  static final String GRACE = "grace's own long password";
  static final String ALAN = "alan's very own password";
  static ServiceRuntime<GatewayVerticle> gateway;
  static WebClient client;
  static Tokens tokens;

  @BeforeAll
  static void start(Vertx vertx, @TempDir Path dir) throws Exception {
    Path accounts = dir.resolve("instructors");
    Files.writeString(accounts, "# name:hash\ngrace:" + InstructorAccounts.hash(GRACE) + "\n\nAlan Turing:" + InstructorAccounts.hash(ALAN) + "\n");
    gateway = Gateways.start("gateway-accounts", Map.of("INSTRUCTOR_ACCOUNTS_FILE", accounts.toString()));
    client = WebClient.create(vertx);
    tokens = new Tokens(vertx, Gateways.SECRET, Duration.ofHours(1));
  }

  @AfterAll
  static void stop() {
    Await.result(gateway.stop());
  }

  static HttpResponse<Buffer> signIn(String name, String password) {
    return Await.result(client.post(gateway.verticle().actualPort(), "127.0.0.1", "/api/auth/instructor")
        .sendJsonObject(new JsonObject().put("name", name).put("password", password)));
  }

  static String userId(HttpResponse<Buffer> response) {
    assertEquals(201, response.statusCode(), response.bodyAsString());
    return Await.result(tokens.verify(response.bodyAsJsonObject().getString("token"))).userId();
  }

  @Test
  void everySpellingOfANameIsOneAccountWithItsOwnPassword() {
    for (String name : List.of("grace", "GRACE", "Grace", " grace", "grace ", "\uff47\uff52\uff41\uff43\uff45")) {
      assertEquals("instructor-grace", userId(signIn(name, GRACE)), name);
    }
    for (String name : List.of("Alan Turing", "alan_turing", "ALAN.TURING", "alan-turing")) {
      assertEquals("instructor-alan-turing", userId(signIn(name, ALAN)), name);
    }
  }

  @Test
  void nobodySignsInAsAnotherInstructor() {
    for (HttpResponse<Buffer> refused : List.of(signIn("grace", ALAN), signIn("alan turing", GRACE),
        signIn("mallory", GRACE), signIn("GRACE", GRACE + " "))) {
      assertEquals(401, refused.statusCode(), refused.bodyAsString());
      assertEquals(Problems.CONTENT_TYPE, refused.getHeader("Content-Type"));
      assertEquals("The instructor password is wrong.", refused.bodyAsJsonObject().getString("detail"));
      assertFalse(refused.bodyAsString().contains(GRACE));
    }
  }

  @Test
  void aBurstOfSignInsIsAnsweredWith429BeyondAFewChecksAtOnce(Vertx vertx) {
    int size = 5 * InstructorLogin.MAX_CHECKS_IN_FLIGHT;
    // One connection per request, so that they all arrive at once.
    WebClient parallel = WebClient.create(vertx, new WebClientOptions(), new PoolOptions().setHttp1MaxSize(size));
    List<Future<HttpResponse<Buffer>>> burst = new ArrayList<>();
    for (int i = 0; i < size; i++) {
      burst.add(parallel.post(gateway.verticle().actualPort(), "127.0.0.1", "/api/auth/instructor")
          .sendJsonObject(new JsonObject().put("name", "grace").put("password", "guess number " + i)));
    }
    Await.result(Future.join(burst));
    Map<Integer, Long> statuses = burst.stream().collect(Collectors.groupingBy(f -> f.result().statusCode(), Collectors.counting()));
    assertTrue(statuses.containsKey(429) && statuses.keySet().stream().allMatch(s -> s == 401 || s == 429), statuses.toString());
    burst.forEach(f -> assertEquals(Problems.CONTENT_TYPE, f.result().getHeader("Content-Type")));
    assertEquals("instructor-grace", userId(signIn("grace", GRACE)), "sign-in works again after the burst");
  }

  @Test
  void namesOutsideTheSafeCharacterSetAreA400NamingTheField() {
    // Cyrillic 'а' looks like 'a'; NUL and controls are refused by the body reader.
    for (String name : List.of("gr\u0430ce", "grace\u0000", "gr\u200bace", "grace!", "", " ", "x".repeat(41))) {
      HttpResponse<Buffer> r = signIn(name, GRACE);
      assertEquals(400, r.statusCode(), name + " -> " + r.bodyAsString());
      assertEquals("name", r.bodyAsJsonObject().getJsonArray("errors").getJsonObject(0).getString("field"), name);
    }
  }

  @Test
  void canonicalNamesFoldCaseWidthAndSeparators() {
    assertEquals(Optional.of(new InstructorName("grace-hopper")), InstructorName.of("  Grace   Hopper "));
    assertEquals(Optional.of(new InstructorName("grace-hopper")), InstructorName.of("grace._-hopper"));
    assertEquals(Optional.empty(), InstructorName.of("-"));
    assertEquals(Optional.empty(), InstructorName.of("\u0130stanbul"));
  }

  @Test
  void aBadAccountsFileFailsTheStartNamingTheVariableButNotTheHash(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("instructors");
    for (String content : List.of("grace:plain-text-password\n", "grace:$pbkdf2$x\n", "grace:$pbkdf2$it=many$c2FsdA$aGFzaA\n",
        "grace:$pbkdf2$it=9$c2FsdA$aGFzaA\nGrace:$pbkdf2$it=9$c2FsdA$aGFzaA\nGrace:$pbkdf2$y\n", "# nobody\n", "gr\u0430ce:$pbkdf2$x\n")) {
      Files.writeString(file, content);
      Env env = Env.of(Map.of("HTTP_PORT", "0", "MANAGEMENT_PORT", "0", "JWT_SECRET", Gateways.SECRET,
          "INSTRUCTOR_ACCOUNTS_FILE", file.toString()));
      ConfigException e = assertThrows(ConfigException.class, () -> new GatewayVerticle(env), content);
      assertTrue(e.getMessage().contains("INSTRUCTOR_ACCOUNTS_FILE"), e.getMessage());
      assertFalse(e.getMessage().contains("plain-text-password") || e.getMessage().contains("$pbkdf2$x"), e.getMessage());
    }
  }
}
