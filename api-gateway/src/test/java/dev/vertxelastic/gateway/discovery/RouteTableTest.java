package dev.vertxelastic.gateway.discovery;

import dev.vertxelastic.platform.discovery.Endpoint;
import dev.vertxelastic.platform.discovery.Route;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static dev.vertxelastic.gateway.discovery.Objects.endpoint;
import static dev.vertxelastic.gateway.discovery.Objects.service;
import static dev.vertxelastic.gateway.discovery.Objects.slice;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RouteTableTest {

  @Test
  void theSlicePortNamedLikeTheServicePortIsUsed() {
    JsonObject svc = service("edu", 80, "courses");
    JsonObject s = slice("edu-a", "edu", 8080, endpoint("edu-1", "10.0.0.1", true, true, false));
    s.getJsonArray("ports").add(new JsonObject().put("name", "metrics").put("port", 9090));

    Route route = RouteTable.build(List.of(svc), List.of(s), false).get("courses");

    assertEquals(List.of(new Endpoint("edu", "edu-1", "10.0.0.1", 8080, true, true)), route.endpoints());
  }

  @Test
  void anUnnamedServicePortMatchesTheUnnamedSlicePort() {
    JsonObject svc = service("edu", 80, "courses");
    svc.getJsonObject("spec").getJsonArray("ports").getJsonObject(0).remove("name");
    JsonObject s = slice("edu-a", "edu", 8080, endpoint("edu-1", "10.0.0.1", true, true, false));
    s.put("ports", new JsonArray().add(new JsonObject().put("port", 8080)));

    assertEquals(8080, RouteTable.build(List.of(svc), List.of(s), false).get("courses").endpoints().get(0).port());
  }

  @Test
  void aPodInTwoSlicesCountsOnceWithItsBestState() {
    JsonObject svc = service("edu", 80, "courses");
    Map<String, Route> table = RouteTable.build(List.of(svc), List.of(
        slice("edu-a", "edu", 8080, endpoint("edu-1", "10.0.0.1", false, true, true)),
        slice("edu-b", "edu", 8080, endpoint("edu-1", "10.0.0.1", true, true, false))), false);

    assertEquals(1, table.get("courses").endpoints().size());
    assertEquals(true, table.get("courses").endpoints().get(0).ready());
  }

  @Test
  void slicesOfOtherServicesAndLabelsNotSetToTrueAreIgnored() {
    JsonObject svc = service("edu", 80, "courses");
    svc.getJsonObject("metadata").getJsonObject("labels").put("route.vertx-elastic.dev/learners", "false");

    Map<String, Route> table = RouteTable.build(List.of(svc),
        List.of(slice("game-a", "game", 8080, endpoint("game-1", "10.0.0.2", true, true, false))), false);

    assertFalse(table.containsKey("learners"));
    assertEquals(List.of(), table.get("courses").endpoints());
  }

  @Test
  void missingConditionsMeanReadyServingAndNotTerminating() {
    JsonObject e = endpoint("edu-1", "10.0.0.1", true, true, false);
    e.put("conditions", new JsonObject().put("ready", false));

    Endpoint endpoint = RouteTable.build(List.of(service("edu", 80, "courses")), List.of(slice("edu-a", "edu", 8080, e)), false)
        .get("courses").endpoints().get(0);

    assertFalse(endpoint.ready());
    assertTrue(endpoint.serving(), "a nil serving is true, whatever ready says");
  }

  @Test
  void aDualStackServiceListsEachPodOnceInItsPrimaryFamilyAndFqdnSlicesAreIgnored() {
    JsonObject svc = service("edu", 80, "courses");
    JsonObject v4 = slice("edu-v4", "edu", 8080, endpoint("edu-1", "10.0.0.1", true, true, false));
    JsonObject v6 = slice("edu-v6", "edu", 8080, endpoint("edu-1", "fd00::1", true, true, false)).put("addressType", "IPv6");
    JsonObject fqdn = slice("edu-fqdn", "edu", 8080, endpoint("edu-x", "edu.example.com", true, true, false)).put("addressType", "FQDN");

    assertEquals(List.of("10.0.0.1"), hosts(RouteTable.build(List.of(svc), List.of(v6, fqdn, v4), false)));
    svc.getJsonObject("spec").put("ipFamilies", new JsonArray().add("IPv6").add("IPv4"));
    assertEquals(List.of("fd00::1"), hosts(RouteTable.build(List.of(svc), List.of(v6, fqdn, v4), false)));
    assertEquals(List.of(), hosts(RouteTable.build(List.of(service("edu", 80, "courses")), List.of(fqdn), false)));
  }

  @Test
  void ofTwoServicesClaimingOneSegmentTheOldestWinsWhateverItsName() {
    JsonObject older = service("zeta-edu", 80, "courses");
    older.getJsonObject("metadata").put("creationTimestamp", "2025-01-01T00:00:00Z");
    JsonObject newer = service("alpha-edu", 80, "courses", "learners");
    newer.getJsonObject("metadata").put("creationTimestamp", "2026-01-01T00:00:00Z");

    Map<String, Route> table = RouteTable.build(List.of(newer, older), List.of(), false);

    assertEquals("zeta-edu", table.get("courses").service());
    assertEquals("alpha-edu", table.get("learners").service());
    assertEquals(new JsonArray().add(new JsonObject().put("route", "courses").put("chosen", "zeta-edu")
        .put("ignored", new JsonArray().add("alpha-edu")).put("rule", RouteTable.CONFLICT_RULE)), RouteTable.conflicts(List.of(newer, older)));
  }

  static List<String> hosts(Map<String, Route> table) {
    return table.get("courses").endpoints().stream().map(Endpoint::host).toList();
  }
}
