package dev.vertxelastic.helm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The `helm test` pod's script, as the chart renders it, run with the machine's sh and curl against
 * a stand-in gateway on the loopback that answers like the real one (or, for the failure cases, does not).
 */
class HelmTestScriptTest {

  private static final String TOKEN = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJoZWxtdGVzdCJ9.c2ln";

  @Test
  void theScriptPassesWhenTheCatalogAnswersAndAGuestCreatesAGame() throws Exception {
    Result result = run(Map.of());

    assertEquals(0, result.exit(), result::output);
    assertTrue(result.output().contains("every service answers through the gateway"), result::output);
  }

  @Test
  void theScriptFailsWhenTheGameServiceIsNotRouted() throws Exception {
    Result result = run(Map.of("POST /api/games", new Reply(503, "{\"title\":\"no route\"}")));

    assertNotEquals(0, result.exit(), result::output);
    assertTrue(result.output().contains("returned error: 503"), result::output);
  }

  @Test
  void theScriptFailsWhenTheCatalogAnswersSomethingElse() throws Exception {
    Result result = run(Map.of("GET /api/courses", new Reply(200, "{\"status\":\"UP\"}")));

    assertNotEquals(0, result.exit(), result::output);
    assertTrue(result.output().contains("FAILED: expected \"items\""), result::output);
  }

  private record Reply(int status, String body) {
  }

  private record Result(int exit, String output) {
  }

  private static Result run(Map<String, Reply> overrides) throws Exception {
    assumeTrue(Files.isExecutable(Path.of("/bin/sh")) && onPath("curl"), "needs sh and curl");
    Map<String, Reply> replies = new java.util.HashMap<>(Map.of(
        "GET /health/ready", new Reply(200, "{\"status\":\"UP\"}"),
        "GET /api/courses", new Reply(200, "{\"items\":[{\"id\":\"kubernetes-fundamentals\"}],\"page\":0,\"size\":1,\"total\":1}"),
        "POST /api/auth/guest", new Reply(201, "{\"token\": \"" + TOKEN + "\",\"userId\":\"u1\",\"name\":\"helmtest\"}"),
        "POST /api/games", new Reply(201, "{\"id\":\"g1\",\"wsPath\":\"/ws/games/g1\",\"maxPlayers\":2,\"players\":0,\"state\":\"waiting\"}")));
    replies.putAll(overrides);
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", exchange -> answer(exchange, replies));
    server.start();
    try {
      String url = "http://127.0.0.1:" + server.getAddress().getPort();
      ProcessBuilder builder = new ProcessBuilder(List.of("/bin/sh", "-c", script())).redirectErrorStream(true);
      builder.environment().putAll(Map.of("GATEWAY_URL", url, "MANAGEMENT_URL", url, "RETRIES", "0"));
      Process process = builder.start();
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertTrue(process.waitFor(60, TimeUnit.SECONDS), "the script hangs");
      return new Result(process.exitValue(), output);
    } finally {
      server.stop(0);
    }
  }

  private static void answer(HttpExchange exchange, Map<String, Reply> replies) throws IOException {
    String key = exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath();
    Reply reply = replies.getOrDefault(key, new Reply(404, "{}"));
    if ("POST /api/games".equals(key) && !("Bearer " + TOKEN).equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
      reply = new Reply(401, "{\"title\":\"no token\"}");
    }
    byte[] body = reply.body().getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().add("Content-Type", "application/json");
    exchange.sendResponseHeaders(reply.status(), body.length);
    exchange.getResponseBody().write(body);
    exchange.close();
  }

  /** The script exactly as the rendered test pod runs it. */
  private static String script() {
    Manifests.Manifest pod = Chart.render("defaults").get("Pod", Chart.componentName("test"));
    return String.valueOf(pod.at("spec", "containers", 0, "command", 2));
  }

  private static boolean onPath(String command) {
    return Stream.of(System.getenv().getOrDefault("PATH", "").split(":")).anyMatch(dir -> Files.isExecutable(Path.of(dir, command)));
  }
}
