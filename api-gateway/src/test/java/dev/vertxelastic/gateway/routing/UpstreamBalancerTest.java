package dev.vertxelastic.gateway.routing;

import dev.vertxelastic.platform.discovery.Endpoint;
import dev.vertxelastic.platform.discovery.Route;
import dev.vertxelastic.platform.http.Problem;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class UpstreamBalancerTest {

  static Endpoint endpoint(String instance, int port, boolean ready, boolean serving) {
    return new Endpoint("games", instance, "10.0.0.1", port, ready, serving);
  }

  final UpstreamBalancer balancer = new UpstreamBalancer(Set.of("games"));
  final Route games = new Route("games", "games", List.of(
      endpoint("game-a", 1001, true, true),
      endpoint("game-b", 1002, false, true),
      endpoint("game-c", 1003, true, true),
      endpoint("game-d", 1004, false, false)));

  @Test
  void roundRobinUsesOnlyReadyEndpointsInTurn() {
    List<String> chosen = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      chosen.add(balancer.choose(games, new UpstreamPath("games", null)).instance());
    }

    assertEquals(List.of("game-a", "game-c", "game-a", "game-c"), chosen);
  }

  @Test
  void stickyResourceGoesToItsServingHostEvenWhenNotReady() {
    assertEquals("game-b", balancer.choose(games, new UpstreamPath("games", "game-b.abcdefghij")).instance());
  }

  @Test
  void stickyResourceOfAGoneOrStoppedHostIsNotFound() {
    Problem gone = assertThrows(Problem.class, () -> balancer.choose(games, new UpstreamPath("games", "game-z.abcdefghij")));
    Problem stopped = assertThrows(Problem.class, () -> balancer.choose(games, new UpstreamPath("games", "game-d.abcdefghij")));

    assertEquals(404, gone.status());
    assertTrue(gone.detail().startsWith("game not found"));
    assertEquals(404, stopped.status());
  }

  @Test
  void resourceIdsOfOtherRoutesDoNotPinAnInstance() {
    Route courses = new Route("courses", "games", games.endpoints());

    assertEquals("game-a", balancer.choose(courses, new UpstreamPath("courses", "game-c.abcdefghij")).instance());
  }

  @Test
  void routeWithoutReadyEndpointsIsUnavailable() {
    Route draining = new Route("games", "games", List.of(endpoint("game-b", 1002, false, true)));

    Problem problem = assertThrows(Problem.class, () -> balancer.choose(draining, new UpstreamPath("games", "quick-match")));

    assertEquals(503, problem.status());
    assertEquals("1", problem.headers().get("Retry-After"));
  }
}
