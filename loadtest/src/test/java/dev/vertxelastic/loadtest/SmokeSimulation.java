package dev.vertxelastic.loadtest;

import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.PopulationBuilder;
import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Simulation;
import io.gatling.javaapi.http.HttpProtocolBuilder;

import java.time.Duration;

import static io.gatling.javaapi.core.CoreDsl.StringBody;
import static io.gatling.javaapi.core.CoreDsl.atOnceUsers;
import static io.gatling.javaapi.core.CoreDsl.constantUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.global;
import static io.gatling.javaapi.core.CoreDsl.jsonPath;
import static io.gatling.javaapi.core.CoreDsl.pause;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;
import static io.gatling.javaapi.http.HttpDsl.ws;

/**
 * Under a minute, for CI and a first look: guests get a token, browse the catalog, open a course,
 * create a game and play it briefly over WebSocket. Fails on any failed request or a slow p99.
 *
 * <pre>./mvnw -pl loadtest gatling:test -Dgatling.simulationClass=dev.vertxelastic.loadtest.SmokeSimulation -DbaseUrl=http://localhost:8080</pre>
 */
public class SmokeSimulation extends Simulation {

  static final String BASE_URL = System.getProperty("baseUrl", "http://localhost:8080");
  static final int USERS_PER_SEC = Integer.getInteger("usersPerSec", 2);
  static final Duration DURATION = Duration.ofSeconds(Integer.getInteger("durationSeconds", 20));
  static final int P99_MS = Integer.getInteger("p99Ms", 1500);

  // Gatling's default warm-up calls a public site: warm up against the target instead.
  final HttpProtocolBuilder protocol = http
      .baseUrl(BASE_URL)
      .wsBaseUrl(BASE_URL.replaceFirst("^http", "ws"))
      .warmUp(BASE_URL + "/api/courses?size=1")
      .acceptHeader("application/json")
      .contentTypeHeader("application/json")
      .userAgentHeader("vertx-elastic-gatling");

  final ChainBuilder signIn = exec(http("guest token").post("/api/auth/guest")
      .body(StringBody("{\"name\":\"smoke-#{userId}\"}"))
      .check(status().is(201), jsonPath("$.token").saveAs("token")));

  final ChainBuilder browse = exec(
      http("list courses").get("/api/courses?page=1&size=10")
          .check(status().is(200), jsonPath("$.items[0].id").saveAs("courseId")),
      http("search courses").get("/api/courses?q=data").check(status().is(200)),
      http("open course").get("/api/courses/#{courseId}").check(status().is(200), jsonPath("$.lessons[0].id").exists()));

  final ChainBuilder play = exec(
      http("create game").post("/api/games").header("Authorization", "Bearer #{token}")
          .body(StringBody("{\"maxPlayers\":4}"))
          .check(status().is(201), jsonPath("$.id").saveAs("gameId")),
      ws("join game").connect("/ws/games/#{gameId}?token=#{token}")
          .await(5).on(ws.checkTextMessage("welcome").matching(jsonPath("$.type").is("welcome")).check(jsonPath("$.playerId").exists())),
      ws("move").sendText("{\"type\":\"input\",\"seq\":1,\"dx\":1,\"dy\":0}")
          .await(5).on(ws.checkTextMessage("state").matching(jsonPath("$.type").is("state")).check(jsonPath("$.tick").exists())),
      ws("ping").sendText("{\"type\":\"ping\",\"t\":1}")
          .await(5).on(ws.checkTextMessage("pong").matching(jsonPath("$.type").is("pong")).check(jsonPath("$.t").is("1"))),
      pause(Duration.ofMillis(200)),
      ws("leave game").close());

  final ScenarioBuilder learner = scenario("learner").exec(session -> session.set("userId", session.userId()))
      .exec(signIn, browse);
  final ScenarioBuilder player = scenario("player").exec(session -> session.set("userId", session.userId()))
      .exec(signIn, play);

  final PopulationBuilder learners = learner.injectOpen(atOnceUsers(1), constantUsersPerSec(USERS_PER_SEC).during(DURATION));
  final PopulationBuilder players = player.injectOpen(atOnceUsers(1), constantUsersPerSec(Math.max(1, USERS_PER_SEC / 2)).during(DURATION));

  {
    setUp(learners, players)
        .protocols(protocol)
        .assertions(
            global().failedRequests().count().is(0L),
            global().responseTime().percentile(99.0).lt(P99_MS));
  }
}
