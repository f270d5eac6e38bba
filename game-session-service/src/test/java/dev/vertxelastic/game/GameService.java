package dev.vertxelastic.game;

import dev.vertxelastic.platform.auth.Principal;
import dev.vertxelastic.platform.auth.Tokens;
import dev.vertxelastic.platform.config.Env;
import dev.vertxelastic.platform.runtime.ServiceRuntime;
import dev.vertxelastic.platform.testing.Await;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ClientWebSocket;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.UpgradeRejectedException;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

/**
 * A game-session-service started the way {@code main} starts it, on port 0, with real HTTP and
 * WebSocket clients, and a sessions' clock the test skips ahead ({@link #clock}).
 */
final class GameService implements AutoCloseable {

  static final String SECRET = "a-test-signing-secret-of-more-than-32-chars";
  static final String INSTANCE = "game-test.pod-1";
  final ServiceRuntime<GameSessionVerticle> runtime;
  final WebClient http;
  final WebSocketClient ws;
  final Tokens tokens;
  final SkipAheadClock clock;

  private GameService(Vertx vertx, ServiceRuntime<GameSessionVerticle> runtime, SkipAheadClock clock) {
    this.runtime = runtime;
    this.clock = clock;
    this.http = WebClient.create(vertx);
    this.ws = vertx.createWebSocketClient();
    this.tokens = new Tokens(vertx, SECRET, Duration.ofMinutes(10));
  }

  static GameService start(Vertx vertx, Map<String, String> env) {
    // A short drain deadline: closing a service whose test left a match running must not wait for the match.
    Map<String, String> values = new HashMap<>(Map.of("HTTP_PORT", "0", "MANAGEMENT_PORT", "0", "INSTANCE_ID", INSTANCE,
        "JWT_SECRET", SECRET, "GAME_DRAIN_DEADLINE", "200ms"));
    values.putAll(env);
    SkipAheadClock clock = new SkipAheadClock();
    return new GameService(vertx, Await.result(ServiceRuntime.start(Env.of(values), e -> new GameSessionVerticle(e, clock))), clock);
  }

  int port() {
    return runtime.verticle().actualPort();
  }

  String token(String userId) {
    return tokens.issue(new Principal(userId, "name-" + userId, List.of(Principal.LEARNER))).token();
  }

  HttpResponse<Buffer> get(String path) {
    return Await.result(http.get(port(), "127.0.0.1", path).send());
  }

  /** A request to the management port (where {@code /admin} lives). */
  HttpResponse<Buffer> management(HttpMethod method, String path) {
    return Await.result(http.request(method, runtime.verticle().actualManagementPort(), "127.0.0.1", path).send());
  }

  HttpResponse<Buffer> post(String path, String token, String contentType, String body) {
    HttpRequest<Buffer> request = http.post(port(), "127.0.0.1", path);
    if (token != null) {
      request.bearerTokenAuthentication(token);
    }
    if (contentType != null) {
      request.putHeader("Content-Type", contentType);
    }
    return Await.result(body == null ? request.send() : request.sendBuffer(Buffer.buffer(body)));
  }

  /** A running two-player game: its id and its players, both past their welcome. */
  record Game(String id, TestPlayer first, TestPlayer second) {
  }

  Game runningGame(String firstUser, String secondUser) throws InterruptedException {
    String id = createGame("host-" + firstUser, 4).getString("id");
    TestPlayer first = join(id, firstUser);
    TestPlayer second = join(id, secondUser);
    first.awaitType("welcome");
    second.awaitType("welcome");
    first.awaitState("running state", f -> "running".equals(f.getString("phase")));
    second.awaitState("running state", f -> "running".equals(f.getString("phase")));
    return new Game(id, first, second);
  }

  /** Creates a game as {@code userId} and returns its JSON. */
  JsonObject createGame(String userId, int maxPlayers) {
    HttpResponse<Buffer> r = post("/api/games", token(userId), "application/json", new JsonObject().put("maxPlayers", maxPlayers).encode());
    assertEquals(201, r.statusCode(), r.bodyAsString());
    return r.bodyAsJsonObject();
  }

  TestPlayer join(String sessionId, String userId) {
    ClientWebSocket socket = ws.webSocket();
    // The player's handlers are on before the connection exists: no frame (the welcome) can come first.
    TestPlayer player = new TestPlayer(socket);
    Await.result(socket.connect(port(), "127.0.0.1", "/ws/games/" + sessionId + "?token=" + token(userId)));
    return player;
  }

  /** The rejection of a WebSocket upgrade to {@code uri}; fails if the upgrade succeeds. */
  UpgradeRejectedException refused(String uri) {
    return assertInstanceOf(UpgradeRejectedException.class, Await.failure(ws.connect(port(), "127.0.0.1", uri)));
  }

  String metrics() {
    HttpResponse<Buffer> r = get("/metrics");
    assertEquals(200, r.statusCode());
    return r.bodyAsString();
  }

  /** The value of an untagged sample in a Prometheus scrape, or NaN when absent. */
  static double sample(String scrape, String name) {
    return scrape.lines()
        .filter(l -> l.startsWith(name + " ") || l.startsWith(name + "{"))
        .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
        .findFirst().orElse(Double.NaN);
  }

  /** The value of the sample of {@code name} carrying {@code label} (e.g. {@code reason="rate-limited"}), or NaN. */
  static double sample(String scrape, String name, String label) {
    return scrape.lines()
        .filter(l -> l.startsWith(name + "{") && l.contains(label))
        .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
        .findFirst().orElse(Double.NaN);
  }

  @Override
  public void close() {
    Await.result(runtime.stop());
  }
}
