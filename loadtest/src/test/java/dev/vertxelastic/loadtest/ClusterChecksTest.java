package dev.vertxelastic.loadtest;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ClusterChecksTest {

  private final Phases phases = new Phases().add("run", Duration.ofSeconds(60));
  private final ElasticityTimeline timeline = new ElasticityTimeline(new StackProbe(), "http://127.0.0.1:9", null, null, phases, () -> 5);
  private final Instant start = Instant.now();

  private static ClusterProbe.Pod game(String name, int cost, boolean deleting) {
    return new ClusterProbe.Pod(name, "game", "198.18.64.9", true, Instant.EPOCH, deleting, cost);
  }

  private static ClusterProbe.Pod edu(String name, Instant readySince) {
    return new ClusterProbe.Pod(name, "edu", "198.18.64.8", true, readySince, false, 0);
  }

  private static ClusterProbe.Pod gateway(String name, Instant readySince) {
    return new ClusterProbe.Pod(name, "gateway", "198.18.64.7", true, readySince, false, 0);
  }

  private ClusterProbe.Pod oldEdu() {
    return edu("demo-edu-old", start.minusSeconds(60));
  }

  private ArrayNode newEduPods() {
    ArrayNode pods = new ObjectMapper().createArrayNode();
    new ClusterChecks(timeline).newPods("edu", pods);
    return pods;
  }

  private void sample(double t, Map<String, Long> served, ClusterProbe.Pod... pods) {
    timeline.add(new ElasticityTimeline.Sample(t, "run", Map.of(), served, GatewayTraffic.NONE, Map.of(), List.of(pods), 5));
  }

  @Test
  void gamePodsThatLeaveAreComparedWithTheCostsOfThoseThatStay() {
    sample(0, Map.of(), game("g-empty", 0, false), game("g-busy", 3, false), game("g-full", 5, false));
    // g-empty goes between two samples; then g-busy drains for two samples while g-full stays.
    sample(3, Map.of(), game("g-busy", 3, false), game("g-full", 5, false));
    sample(6, Map.of(), game("g-busy", 3, true), game("g-full", 5, false));
    sample(9, Map.of(), game("g-busy", 3, true), game("g-full", 5, false));
    sample(12, Map.of(), game("g-full", 5, false));
    ArrayNode exits = new ObjectMapper().createArrayNode();

    new ClusterChecks(timeline).exits("game", exits);

    assertEquals(2, exits.size(), exits.toString());
    assertEquals("g-busy", exits.get(0).path("pod").asText());
    assertTrue(exits.get(0).path("cheapest").asBoolean(), exits.toString());
    assertEquals(3.0, exits.get(0).path("goneAfterSeconds").asDouble());
    assertEquals("g-empty", exits.get(1).path("pod").asText());
    assertEquals("[3,5]", exits.get(1).path("costsOfPodsThatStayed").toString());
    assertTrue(exits.get(1).path("goneBetweenSamples").asBoolean());
  }

  @Test
  void aPodThatLeavesBeforeACheaperOneIsNotTheCheapest() {
    sample(0, Map.of(), game("g-a", 0, false), game("g-b", 4, false));
    sample(3, Map.of(), game("g-a", 0, false), game("g-b", 4, true));
    ArrayNode exits = new ObjectMapper().createArrayNode();

    new ClusterChecks(timeline).exits("game", exits);

    assertFalse(exits.get(0).path("cheapest").asBoolean(), exits.toString());
  }

  @Test
  void aNewPodsShareIsMeasuredFromReadyOverTheNextTwoSeconds() {
    Instant ready = start.plusSeconds(10);
    sample(0, Map.of("demo-edu-old", 0L), oldEdu());
    sample(10, Map.of("demo-edu-old", 100L, "demo-edu-new", 0L), oldEdu(), edu("demo-edu-new", ready));
    sample(12.5, Map.of("demo-edu-old", 130L, "demo-edu-new", 10L), oldEdu(), edu("demo-edu-new", ready));
    ArrayNode pods = newEduPods();

    assertEquals(1, pods.size(), pods.toString());
    assertEquals("demo-edu-new", pods.get(0).path("pod").asText());
    assertEquals(0.25, pods.get(0).path("share").asDouble(), pods.toString());
    assertTrue(pods.get(0).path("ok").asBoolean());
  }

  @Test
  void aNewPodOfAComponentThatNothingCountsPerPodGetsAReasonNotAShareOfZero() {
    Instant ready = start.plusSeconds(10);
    ClusterProbe.Pod old = gateway("demo-gateway-old", start.minusSeconds(60));
    ClusterProbe.Pod added = gateway("demo-gateway-new", ready);
    sample(0, Map.of("demo-edu-old", 0L), old, oldEdu());
    sample(10, Map.of("demo-edu-old", 100L), old, added, oldEdu());
    sample(12.5, Map.of("demo-edu-old", 130L), old, added, oldEdu());
    ArrayNode pods = new ObjectMapper().createArrayNode();

    new ClusterChecks(timeline).newPods("gateway", pods);

    assertEquals(1, pods.size(), pods.toString());
    assertEquals("demo-gateway-new", pods.get(0).path("pod").asText());
    assertEquals(10.0, pods.get(0).path("readyAtSeconds").asDouble(), 0.5, pods.toString());
    assertTrue(pods.get(0).path("share").isNull(), pods.toString());
    assertFalse(pods.get(0).has("ok"), pods.toString());
    assertEquals("no per-pod counts for gateway pods", pods.get(0).path("why").asText());
  }

  @Test
  void samplesSecondsApartStillGiveTheNewPodAWindow() {
    Instant ready = start.plusSeconds(10);
    sample(0, Map.of("demo-edu-old", 0L), oldEdu());
    sample(11, Map.of("demo-edu-old", 100L, "demo-edu-new", 5L), oldEdu(), edu("demo-edu-new", ready));
    sample(15, Map.of("demo-edu-old", 150L, "demo-edu-new", 55L), oldEdu(), edu("demo-edu-new", ready));
    ArrayNode pods = newEduPods();

    assertEquals(15.0, pods.get(0).path("windowSeconds").asDouble(), pods.toString());
    assertEquals(0.268, pods.get(0).path("windowShare").asDouble(), pods.toString());
    // 10 of the window's 15 s were before Ready: the old pod's 150 count for 50 after it, 55 / (55 + 50).
    assertEquals(0.524, pods.get(0).path("share").asDouble(), pods.toString());
  }
}
