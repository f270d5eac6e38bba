package dev.vertxelastic.loadtest;

import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Simulation;

import java.time.Duration;

import static io.gatling.javaapi.core.CoreDsl.constantUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.global;
import static io.gatling.javaapi.core.CoreDsl.scenario;

/**
 * Players get tokens, quick-match and play over WebSocket (inputs, state frames, pings) for
 * {@code playSeconds}. Fails on any failed request or a game cut by the server.
 *
 * <pre>./mvnw -pl loadtest gatling:test -Dgatling.simulationClass=dev.vertxelastic.loadtest.GameSimulation -DbaseUrl=http://localhost:8080 -DplayersPerSec=2 -DdurationSeconds=30</pre>
 */
public class GameSimulation extends Simulation {

  static final double PLAYERS_PER_SEC = Double.parseDouble(System.getProperty("playersPerSec", "1"));
  static final Duration DURATION = Duration.ofSeconds(Integer.getInteger("durationSeconds", 30));
  static final int P99_MS = Integer.getInteger("p99Ms", 1000);

  final ScenarioBuilder players = scenario("player").exec(Chains.SIGN_IN, Chains.PLAY_GAME);

  {
    setUp(players.injectOpen(constantUsersPerSec(PLAYERS_PER_SEC).during(DURATION)))
        .protocols(Chains.protocol())
        .assertions(
            global().failedRequests().count().is(0L),
            global().responseTime().percentile(99.0).lt(P99_MS));
  }
}
