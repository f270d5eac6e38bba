package dev.vertxelastic.loadtest;

import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Simulation;

import java.time.Duration;

import static io.gatling.javaapi.core.CoreDsl.constantUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.global;
import static io.gatling.javaapi.core.CoreDsl.rampUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.scenario;

/**
 * Guests browse, search and open courses at a ramping then constant arrival rate.
 *
 * <pre>./mvnw -pl loadtest gatling:test -Dgatling.simulationClass=dev.vertxelastic.loadtest.CatalogSimulation -DbaseUrl=http://localhost:8080 -DusersPerSec=10 -DdurationSeconds=60</pre>
 */
public class CatalogSimulation extends Simulation {

  static final double USERS_PER_SEC = Double.parseDouble(System.getProperty("usersPerSec", "5"));
  static final Duration DURATION = Duration.ofSeconds(Integer.getInteger("durationSeconds", 30));
  static final int P99_MS = Integer.getInteger("p99Ms", 1000);

  final ScenarioBuilder learners = scenario("learner").exec(Chains.SIGN_IN, Chains.BROWSE);

  {
    setUp(learners.injectOpen(
        rampUsersPerSec(1).to(USERS_PER_SEC).during(Duration.ofSeconds(10)),
        constantUsersPerSec(USERS_PER_SEC).during(DURATION)))
        .protocols(Chains.protocol())
        .assertions(
            global().failedRequests().count().is(0L),
            global().responseTime().percentile(99.0).lt(P99_MS));
  }
}
