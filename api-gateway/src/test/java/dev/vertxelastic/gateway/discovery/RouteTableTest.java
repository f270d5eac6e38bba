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
}
