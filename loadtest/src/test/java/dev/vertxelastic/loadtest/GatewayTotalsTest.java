package dev.vertxelastic.loadtest;

import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;

class GatewayTotalsTest {

  private static GatewayTotals.Reading reading(long requests, long errors, Map<String, Long> served) {
    return new GatewayTotals.Reading(served, new GatewayTraffic(requests, errors, new TreeMap<>(Map.of(0.1, requests, Double.POSITIVE_INFINITY, requests))));
  }

  @Test
  void podsAreSummedAndAPodThatGoesKeepsWhatItCounted() {
    GatewayTotals totals = new GatewayTotals();
    totals.add(Map.of("gw-a", reading(10, 0, Map.of("edu-1", 10L)), "gw-b", reading(4, 1, Map.of("edu-1", 4L))));
    // gw-a is gone (rollout restart), gw-c is new and starts from zero.
    GatewayTotals.Reading now = totals.add(Map.of("gw-b", reading(6, 1, Map.of("edu-1", 5L, "edu-2", 1L)),
        "gw-c", reading(3, 0, Map.of("edu-2", 3L))));

    assertEquals(10 + 6 + 3, now.traffic().requests());
    assertEquals(1, now.traffic().serverErrors());
    assertEquals(Map.of("edu-1", 15L, "edu-2", 4L), now.served());
    assertEquals(19L, now.traffic().buckets().get(Double.POSITIVE_INFINITY));
  }

  @Test
  void aCounterThatWentBackCountsFromZero() {
    GatewayTotals totals = new GatewayTotals();
    totals.add(Map.of("gw-a", reading(10, 0, Map.of("edu-1", 10L))));
    GatewayTotals.Reading now = totals.add(Map.of("gw-a", reading(2, 0, Map.of("edu-1", 2L))));

    assertEquals(12, now.traffic().requests());
    assertEquals(Map.of("edu-1", 12L), now.served());
  }
}
