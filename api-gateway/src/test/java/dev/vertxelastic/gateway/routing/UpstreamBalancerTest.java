package dev.vertxelastic.gateway.routing;

import dev.vertxelastic.platform.discovery.Endpoint;
import dev.vertxelastic.platform.discovery.Route;
import dev.vertxelastic.platform.http.Problem;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class UpstreamBalancerTest {

  static Endpoint endpoint(String instance, int port, boolean ready, boolean serving) {
    return new Endpoint("games", instance, "10.0.0.1", port, ready, serving);
  }

  final Map<String, Integer> busy = new HashMap<>();
  final Set<String> ejected = new HashSet<>();
  final UpstreamBalancer balancer = new UpstreamBalancer(Set.of("games"),
      e -> busy.getOrDefault(e.instance(), 0), e -> ejected.contains(e.instance()));
  final Route games = new Route("games", "games", List.of(
      endpoint("game-a", 1001, true, true),
      endpoint("game-b", 1002, false, true),
      endpoint("game-c", 1003, true, true),
      endpoint("game-d", 1004, false, false)));

  Set<String> chosenOver(Route route, int times) {
    Set<String> chosen = new HashSet<>();
    for (int i = 0; i < times; i++) {
      chosen.add(balancer.choose(route, new UpstreamPath(route.segment(), null)).instance());
    }
    return chosen;
  }

  @Test
  void onlyReadyEndpointsTakeNewRequests() {
    assertEquals(Set.of("game-a", "game-c"), chosenOver(games, 200));
  }

  @Test
  void theLessBusyOfTwoEndpointsIsChosen() {
    busy.put("game-a", 5);

    assertEquals(Set.of("game-c"), chosenOver(games, 50));
  }

  @Test
  void ejectedEndpointsAreSkippedWhileOthersAreReady() {
    ejected.add("game-c");

    assertEquals(Set.of("game-a"), chosenOver(games, 50));
  }

  @Test
  void aRetryAvoidsTheEndpointThatFailed() {
    Endpoint first = games.endpoints().get(0);

    for (int i = 0; i < 20; i++) {
      assertNotEquals(first, balancer.choose(games, new UpstreamPath("games", null), first));
    }
  }

  @Test
  void stickyResourceGoesToItsServingHostEvenWhenNotReady() {
    assertEquals("game-b", balancer.choose(games, new UpstreamPath("games", "game-b.abcdefghij")).instance());
  }

  @Test
  void stickyResourceOfAGoneHostIsGoneWhileANotReadyListedHostStillGetsIt() {
    Problem gone = assertThrows(Problem.class, () -> balancer.choose(games, new UpstreamPath("games", "game-z.abcdefghij")));

    assertEquals(410, gone.status());
    assertTrue(gone.detail().contains("game-z, which is gone"));
    // Full or draining: neither ready nor serving, still the host of its games.
    assertEquals("game-d", balancer.choose(games, new UpstreamPath("games", "game-d.abcdefghij")).instance());
  }

  @Test
  void aLoneUpstreamWithoutAnInstanceIdHostsEveryStickyResource() {
    Endpoint unnamed = endpoint(Endpoint.unnamed("10.0.0.1", 1001), 1001, true, true);
    Route route = new Route("games", "games", List.of(unnamed));

    assertEquals(unnamed, balancer.choose(route, new UpstreamPath("games", "game-1.abcdefghij")));
  }

  @Test
  void upstreamsWithoutInstanceIdsCannotHostAStickyResourceAndTheProblemSaysWhy() {
    Route route = new Route("games", "games", List.of(endpoint(Endpoint.unnamed("10.0.0.1", 1001), 1001, true, true),
        endpoint(Endpoint.unnamed("10.0.0.1", 1002), 1002, true, true)));

    Problem gone = assertThrows(Problem.class, () -> balancer.choose(route, new UpstreamPath("games", "game-1.abcdefghij")));

    assertEquals(410, gone.status());
    assertTrue(gone.detail().contains("games=<instance id>@http://host:port"), gone.detail());
  }

  @Test
  void resourceIdsOfOtherRoutesDoNotPinAnInstance() {
    Route courses = new Route("courses", "games", games.endpoints());

    assertEquals(Set.of("game-a", "game-c"), chosenOver(courses, 200));
  }

  @Test
  void routeWithoutReadyEndpointsIsUnavailable() {
    Route draining = new Route("games", "games", List.of(endpoint("game-b", 1002, false, true)));

    Problem problem = assertThrows(Problem.class, () -> balancer.choose(draining, new UpstreamPath("games", "quick-match")));

    assertEquals(503, problem.status());
    assertEquals("1", problem.headers().get("Retry-After"));
  }
}
