package dev.vertxelastic.gateway.discovery;

import dev.vertxelastic.platform.discovery.Endpoint;
import dev.vertxelastic.platform.discovery.Route;
import dev.vertxelastic.platform.kubernetes.KubernetesSettings;
import dev.vertxelastic.platform.testing.Await;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;

import static dev.vertxelastic.gateway.discovery.FakeKubernetesApi.SERVICES;
import static dev.vertxelastic.gateway.discovery.FakeKubernetesApi.SLICES;
import static dev.vertxelastic.gateway.discovery.Objects.endpoint;
import static dev.vertxelastic.gateway.discovery.Objects.service;
import static dev.vertxelastic.gateway.discovery.Objects.slice;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Kubernetes registry against the fake API server: the route table follows labelled Services
 * and their EndpointSlices, and converges after each of the bridge's known failure cases (how soon,
 * with its back-off, is ReflectorTest's to say, on a driven clock).
 */
@ExtendWith(VertxExtension.class)
class KubernetesRegistryTest {

  Vertx vertx;
  FakeKubernetesApi api;
  KubernetesRegistry registry;
  Path tokenFile;

  @BeforeEach
  void start(Vertx vertx, @TempDir Path dir) throws IOException {
    this.vertx = vertx;
    tokenFile = dir.resolve("token");
    Files.writeString(tokenFile, "token-1\n");
    api = Await.result(FakeKubernetesApi.start(vertx, "test", "token-1"));
    api.apply(SERVICES, service("edu-course-service", 80, "courses", "learners"));
    api.apply(SERVICES, service("game-session-service", 80, "games"));
    api.apply(SLICES, slice("edu-course-service-a", "edu-course-service", 8081, endpoint("edu-1", "10.0.0.1", true, true, false)));
    api.apply(SLICES, slice("game-session-service-a", "game-session-service", 8082, endpoint("game-1", "10.0.0.2", true, true, false)));
  }

  @AfterEach
  void stop() {
    if (registry != null) {
      Await.result(registry.close());
    }
    Await.result(api.close());
  }

  KubernetesRegistry startRegistry() {
    return startRegistry(null);
  }

  KubernetesRegistry startRegistry(String release) {
    registry = new KubernetesRegistry(vertx, new KubernetesSettings(URI.create(api.url()), "test", tokenFile, null), release);
    Await.result(registry.start());
    return registry;
  }

  Set<String> instances(String segment) {
    Route route = registry.routes().get(segment);
    return route == null ? Set.of() : Set.copyOf(route.endpoints().stream().map(Endpoint::instance).toList());
  }

  void converges(String what, BooleanSupplier condition) {
    Await.until(what, condition::getAsBoolean, () -> "routes " + registry.routes() + "; health " + registry.health());
  }

  @Test
  void labelledServicesBuildTheRouteTableWithTheirPods() {
    startRegistry();

    assertEquals(Set.of("courses", "learners", "games"), registry.routes().keySet());
    Route courses = registry.routes().get("courses");
    assertEquals("edu-course-service", courses.service());
    assertEquals(List.of(new Endpoint("edu-course-service", "edu-1", "10.0.0.1", 8081, true, true)), courses.endpoints());
    assertTrue(registry.health().getBoolean("healthy"));
  }

  @Test
  void aNewServiceIsRoutedAndADeletedOneIsNotWithoutARestart() {
    startRegistry();
    api.apply(SERVICES, service("quiz-service", 80, "quizzes"));
    converges("quizzes routed", () -> registry.routes().containsKey("quizzes"));

    api.delete(SERVICES, "quiz-service");
    converges("quizzes gone", () -> !registry.routes().containsKey("quizzes"));
  }

  @Test
  void servicesWithoutTheRoutingLabelsAreIgnored() {
    JsonObject unlabelled = service("other", 80, "other");
    unlabelled.getJsonObject("metadata").getJsonObject("labels").remove("app.kubernetes.io/part-of");
    api.apply(SERVICES, unlabelled);
    startRegistry();

    assertFalse(registry.routes().containsKey("other"));
  }

  @Test
  void endpointConditionsSeveralSlicesAndVanishingSlicesAreFollowed() {
    startRegistry();
    api.apply(SLICES, slice("edu-course-service-b", "edu-course-service", 8091,
        endpoint("edu-2", "10.0.0.3", false, true, true), endpoint("edu-3", "10.0.0.4", false, false, false)));
    converges("three pods", () -> instances("courses").size() == 3);

    Map<String, Endpoint> byPod = registry.routes().get("courses").endpoints().stream()
        .collect(Collectors.toMap(Endpoint::instance, e -> e));
    assertTrue(byPod.get("edu-1").ready());
    assertFalse(byPod.get("edu-2").ready(), "terminating is not ready");
    assertTrue(byPod.get("edu-2").serving(), "terminating but serving");
    assertFalse(byPod.get("edu-3").serving());
    assertEquals(8091, byPod.get("edu-2").port());

    api.delete(SLICES, "edu-course-service-b");
    converges("slice gone", () -> instances("courses").equals(Set.of("edu-1")));
  }

  @Test
  void aWatchErrorGoneIsFollowedByAReListThatConverges() {
    startRegistry();
    api.expireWatches();
    api.apply(SERVICES, service("quiz-service", 80, "quizzes"));
    api.delete(SERVICES, "game-session-service");

    converges("after ERROR 410", () -> registry.routes().containsKey("quizzes") && !registry.routes().containsKey("games"));
    assertTrue(api.requests.stream().anyMatch(r -> r.startsWith("services list rv=") && !r.equals("services list rv=0")),
        "re-listed: " + api.requests);
  }

  @Test
  void servicesDeletedDuringAWatchOutageDisappear() {
    startRegistry();
    api.down(true);
    api.delete(SERVICES, "game-session-service");
    api.delete(SLICES, "game-session-service-a");
    api.compact();
    api.down(false);

    converges("games gone after the outage", () -> !registry.routes().containsKey("games"));
    assertEquals(Set.of("edu-1"), instances("courses"));
  }

  @Test
  void aPortLessServiceInTheNamespaceBreaksNothing() {
    startRegistry();
    api.apply(SERVICES, service("headless-thing", 0, "things"));
    api.apply(SERVICES, service("quiz-service", 80, "quizzes"));

    converges("quizzes routed next to a port-less service", () -> registry.routes().containsKey("quizzes"));
    assertEquals(List.of(), registry.routes().get("things").endpoints());
    assertEquals(Set.of("edu-1"), instances("courses"));
  }

  @Test
  void aRotatedTokenFileIsReadAgainOnReconnect() throws IOException {
    startRegistry();
    Files.writeString(tokenFile, "token-2\n");
    api.rotateToken("token-2");
    api.dropWatches();
    api.apply(SERVICES, service("quiz-service", 80, "quizzes"));

    converges("quizzes routed with the new token", () -> registry.routes().containsKey("quizzes"));
  }

  @Test
  void withoutAccessToEndpointSlicesTheClusterIpIsUsedAndSaidSo() {
    api.forbid(SLICES, true);
    startRegistry();

    assertEquals(List.of(new Endpoint("edu-course-service", "edu-course-service", "127.0.0.1", 80, true, true)),
        registry.routes().get("courses").endpoints());
    assertTrue(registry.health().getJsonObject("endpointSlices").getString("fallback").startsWith("cluster IP"));
  }

  @Test
  void theBridgeIsReportedAsASecondOpinion() {
    startRegistry();

    converges("the bridge saw the services", () -> registry.health().getJsonObject("bridge").getJsonArray("missingInBridge").isEmpty());
    assertTrue(registry.health().getJsonObject("bridge").getInteger("records") >= 2);
  }

  @Test
  void aGatewayRoutesOnlyToServicesOfItsOwnRelease() {
    api.apply(SERVICES, inRelease(service("blue-edu", 80, "courses"), "blue", "2026-01-01T00:00:00Z"));
    api.apply(SERVICES, inRelease(service("green-edu", 80, "courses"), "green", "2025-01-01T00:00:00Z"));
    startRegistry("blue");

    assertEquals("blue-edu", registry.routes().get("courses").service());
    assertEquals(Set.of("courses"), registry.routes().keySet());
    assertTrue(registry.health().getJsonArray("conflicts").isEmpty());
    assertTrue(api.requests.contains("services list rv=0"));
  }

  @Test
  void twoServicesClaimingOneRouteAreReportedAndTheOldestWins() {
    api.apply(SERVICES, inRelease(service("blue-edu", 80, "courses"), "blue", "2026-01-01T00:00:00Z"));
    api.apply(SERVICES, inRelease(service("green-edu", 80, "courses"), "green", "2025-01-01T00:00:00Z"));
    startRegistry(null);

    assertEquals("green-edu", registry.routes().get("courses").service());
    JsonObject conflict = registry.health().getJsonArray("conflicts").getJsonObject(0);
    assertEquals("courses", conflict.getString("route"));
    assertEquals("green-edu", conflict.getString("chosen"));
    assertEquals(List.of("blue-edu", "edu-course-service"), conflict.getJsonArray("ignored").getList());
  }

  static JsonObject inRelease(JsonObject service, String release, String created) {
    JsonObject metadata = service.getJsonObject("metadata").put("creationTimestamp", created);
    metadata.getJsonObject("labels").put("app.kubernetes.io/instance", release);
    return service;
  }
}
