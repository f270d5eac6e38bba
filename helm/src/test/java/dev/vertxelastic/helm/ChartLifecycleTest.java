package dev.vertxelastic.helm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vertxelastic.helm.Manifests.Manifest;
import dev.vertxelastic.helm.Manifests.PodTemplate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/** How pods stop and are probed: drains, preStop hooks, grace periods, probe timeouts, the management port. */
class ChartLifecycleTest {

  static final List<String> VARIANTS = Chart.VARIANTS;

  @ParameterizedTest
  @FieldSource("VARIANTS")
  void theGatewayGracePeriodCoversItsPreStopSleepDrainDeadlineAndShutdown(String variant) {
    Manifests manifests = Chart.render(variant);
    Map<String, Object> spec = podSpec(manifests, "gateway");
    long grace = ((Number) spec.get("terminationGracePeriodSeconds")).longValue();
    long sleep = preStopSleep(manifests, "gateway");
    long drain = seconds(ChartRenderingTest.env(manifests, "gateway", "GATEWAY_DRAIN_DEADLINE"));
    long shutdown = seconds(ChartRenderingTest.env(manifests, "gateway", "SHUTDOWN_TIMEOUT"));

    assertTrue(grace > sleep + drain + shutdown, () -> "grace " + grace + "s must exceed " + sleep + "+" + drain + "+" + shutdown);
  }

  @Test
  void theGatewayDrainDeadlineIsADurationTheServicesParse() {
    Manifests manifests = Chart.render("defaults");

    assertEquals("150s", Tree.at(ChartRenderingTest.env(manifests, "gateway", "GATEWAY_DRAIN_DEADLINE"), "value"));
    assertEquals(10L, preStopSleep(manifests, "gateway"));
    assertEquals(190, podSpec(manifests, "gateway").get("terminationGracePeriodSeconds"));
    assertEquals(30L, preStopSleep(Chart.render("scheduling"), "gateway"));
  }

  @ParameterizedTest
  @FieldSource("VARIANTS")
  void eduGracePeriodCoversItsPreStopSleepAndShutdown(String variant) {
    Manifests manifests = Chart.render(variant);
    long grace = ((Number) podSpec(manifests, "edu").get("terminationGracePeriodSeconds")).longValue();
    long sleep = preStopSleep(manifests, "edu");
    long shutdown = seconds(ChartRenderingTest.env(manifests, "edu", "SHUTDOWN_TIMEOUT"));

    assertTrue(grace > sleep + shutdown, () -> "grace " + grace + "s must exceed " + sleep + "+" + shutdown);
  }

  @Test
  void gatewayAndEduUseTheKubeletsOwnSleepSoTheImagesNeedNoShell() {
    Manifests manifests = Chart.render("defaults");
    for (String component : List.of("gateway", "edu")) {
      Map<String, Object> preStop = Tree.map(Tree.at(ChartRenderingTest.container(manifests, component), "lifecycle", "preStop"));
      assertEquals(List.of("sleep"), List.copyOf(preStop.keySet()), component);
    }
    assertEquals(5L, preStopSleep(manifests, "edu"));
    assertNull(ChartRenderingTest.container(Chart.render("scheduling"), "edu").get("lifecycle"), "0 seconds: no hook at all");
  }

  @Test
  void theChartNeedsKubernetes130ForThePreStopSleepAction() {
    IllegalStateException error = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
        () -> Chart.template(Chart.RELEASE, "v1.29.9", "defaults", Map.of()));

    assertTrue(error.getMessage().contains(">=1.30.0-0"), error::getMessage);
    assertFalse(Chart.template(Chart.RELEASE, "v1.34.1", "defaults", Map.of()).isBlank());
  }

  @ParameterizedTest
  @FieldSource("VARIANTS")
  void everyProbeHasAnExplicitTimeout(String variant) {
    for (PodTemplate pod : Chart.render(variant).pods()) {
      for (Map<String, Object> c : pod.containers()) {
        for (String probe : List.of("startupProbe", "readinessProbe", "livenessProbe")) {
          if (c.containsKey(probe)) {
            assertNotNull(Tree.at(c, probe, "timeoutSeconds"), () -> pod + ", " + c.get("name") + ": " + probe + " relies on the 1 s default");
          }
        }
      }
    }
    int timeout = "scheduling".equals(variant) ? 5 : 3;
    assertEquals(timeout, Tree.at(ChartRenderingTest.container(Chart.render(variant), "gateway"), "livenessProbe", "timeoutSeconds"));
  }

  @ParameterizedTest
  @FieldSource("VARIANTS")
  void backendsHaveAManagementPortThatNoServiceOrNetworkPolicyOpens(String variant) {
    Manifests manifests = Chart.render(variant);
    for (String component : List.of("edu", "game")) {
      Map<String, Object> container = ChartRenderingTest.container(manifests, component);
      assertTrue(Tree.list(container.get("ports")).stream().map(Tree::map)
          .anyMatch(p -> "management".equals(p.get("name")) && Integer.valueOf(9080).equals(p.get("containerPort"))), component);
      assertEquals("9080", Tree.at(ChartRenderingTest.env(manifests, component, "MANAGEMENT_PORT"), "value"), component);
      Manifest service = manifests.get("Service", Chart.componentName(component));
      assertTrue(Tree.list(service.at("spec", "ports")).stream().map(Tree::map)
          .noneMatch(p -> "management".equals(p.get("targetPort")) || Integer.valueOf(9080).equals(p.get("targetPort"))), service::toString);
      if (manifests.find("NetworkPolicy", Chart.componentName(component)).isPresent()) {
        Manifest policy = manifests.get("NetworkPolicy", Chart.componentName(component));
        assertTrue(Tree.list(policy.at("spec", "ingress")).stream()
            .flatMap(rule -> Tree.list(Tree.map(rule).get("ports")).stream())
            .allMatch(p -> Integer.valueOf(8080).equals(Tree.map(p).get("port"))), () -> policy + " admits more than port 8080");
      }
    }
  }

  @Test
  void aStoppingGamePodStartsItsDrainOnTheManagementPortBeforeSigterm() {
    Map<String, Object> game = ChartRenderingTest.container(Chart.render("defaults"), "game");
    List<?> command = Tree.list(Tree.at(game, "lifecycle", "preStop", "exec", "command"));

    assertEquals("/bin/bash", command.get(0), "the temurin base image has bash; the drain is a POST, which an httpGet hook cannot send");
    assertTrue(String.valueOf(command.get(2)).contains("exec 3<>/dev/tcp/127.0.0.1/9080"), command::toString);
    assertTrue(String.valueOf(command.get(2)).contains("POST /admin/drain HTTP/1.1"), command::toString);
  }

  static Map<String, Object> podSpec(Manifests manifests, String component) {
    return Tree.map(manifests.get("Deployment", Chart.componentName(component)).at("spec", "template", "spec"));
  }

  private static long preStopSleep(Manifests manifests, String component) {
    Object seconds = Tree.at(ChartRenderingTest.container(manifests, component), "lifecycle", "preStop", "sleep", "seconds");
    return seconds == null ? 0 : ((Number) seconds).longValue();
  }

  private static long seconds(Map<String, Object> env) {
    String value = String.valueOf(env.get("value"));
    assertTrue(value.matches("[0-9]+s"), () -> env + " is not a duration in seconds the services parse (Env.duration)");
    return Long.parseLong(value.substring(0, value.length() - 1));
  }
}
