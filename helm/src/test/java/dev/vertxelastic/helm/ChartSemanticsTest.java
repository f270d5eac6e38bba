package dev.vertxelastic.helm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vertxelastic.helm.Manifests.Manifest;
import dev.vertxelastic.helm.Manifests.PodTemplate;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/** What the chart promises beyond valid objects, checked on every values variant. */
class ChartSemanticsTest {

  static final List<String> VARIANTS = Chart.VARIANTS;

  @ParameterizedTest
  @FieldSource("VARIANTS")
  void everyContainerHasRequestsLimitsProbesAndTheSecurityContext(String variant) {
    for (PodTemplate pod : Chart.render(variant).pods()) {
      assertEquals(Boolean.TRUE, Tree.at(pod.spec(), "securityContext", "runAsNonRoot"), () -> pod + " may run as root");
      assertEquals("RuntimeDefault", Tree.at(pod.spec(), "securityContext", "seccompProfile", "type"), pod::toString);
      for (Map<String, Object> c : pod.containers()) {
        String where = pod + ", container " + c.get("name");
        for (String kind : List.of("requests", "limits")) {
          assertNotNull(Tree.at(c, "resources", kind, "cpu"), () -> where + " has no cpu " + kind);
          assertNotNull(Tree.at(c, "resources", kind, "memory"), () -> where + " has no memory " + kind);
        }
        if (!pod.isHook()) {
          for (String probe : List.of("startupProbe", "readinessProbe", "livenessProbe")) {
            assertNotNull(c.get(probe), () -> where + " has no " + probe);
          }
        }
        Map<String, Object> security = Tree.map(c.get("securityContext"));
        assertEquals(Boolean.FALSE, security.get("allowPrivilegeEscalation"), where);
        assertEquals(Boolean.TRUE, security.get("readOnlyRootFilesystem"), where);
        assertEquals(Boolean.TRUE, security.get("runAsNonRoot"), where);
        assertEquals(List.of("ALL"), Tree.at(security, "capabilities", "drop"), where);
        assertEquals("RuntimeDefault", Tree.at(security, "seccompProfile", "type"), where);
      }
    }
  }

  @ParameterizedTest
  @FieldSource("VARIANTS")
  void applicationProbesUseTheHealthEndpointsAndTheJvmSizesItsHeapFromTheLimit(String variant) {
    Manifests manifests = Chart.render(variant);
    for (String component : List.of("gateway", "edu", "game")) {
      Map<String, Object> c = ChartRenderingTest.container(manifests, component);
      String port = "gateway".equals(component) ? "management" : "http";
      assertEquals("/health/ready", Tree.at(c, "readinessProbe", "httpGet", "path"), component);
      assertEquals("/health/live", Tree.at(c, "livenessProbe", "httpGet", "path"), component);
      assertEquals(port, Tree.at(c, "readinessProbe", "httpGet", "port"), component);
      assertTrue(String.valueOf(Tree.at(ChartRenderingTest.env(manifests, component, "JAVA_TOOL_OPTIONS"), "value"))
          .contains("MaxRAMPercentage"), component);
      assertTrue(Tree.list(c.get("volumeMounts")).stream().anyMatch(m -> "/tmp".equals(Tree.map(m).get("mountPath"))),
          () -> component + " has no writable /tmp under its read-only root");
    }
  }

  @ParameterizedTest
  @FieldSource("VARIANTS")
  void everyHpaTargetsAnExistingDeploymentThatLeavesReplicasToIt(String variant) {
    Manifests manifests = Chart.render(variant);
    for (Manifest hpa : manifests.ofKind("HorizontalPodAutoscaler")) {
      assertEquals("Deployment", hpa.at("spec", "scaleTargetRef", "kind"), hpa::toString);
      Manifest target = manifests.find("Deployment", String.valueOf(hpa.at("spec", "scaleTargetRef", "name")))
          .orElseThrow(() -> new AssertionError(hpa + " targets a Deployment that is not rendered"));
      assertNull(target.at("spec", "replicas"), () -> target + " sets replicas, which fights its HPA on every upgrade");
      assertNotNull(hpa.at("spec", "behavior", "scaleUp"), () -> hpa + " has no scale-up behavior");
      int up = ((Number) hpa.at("spec", "behavior", "scaleUp", "stabilizationWindowSeconds")).intValue();
      int down = ((Number) hpa.at("spec", "behavior", "scaleDown", "stabilizationWindowSeconds")).intValue();
      assertTrue(up < down, () -> hpa + " should scale up faster than down");
    }
  }

  @Test
  void theGameHpaAlsoScalesOnConnectedPlayersPerPod() {
    Manifest hpa = Chart.render("defaults").get("HorizontalPodAutoscaler", Chart.componentName("game"));

    List<Map<String, Object>> pods = Tree.list(hpa.at("spec", "metrics")).stream().map(Tree::map)
        .filter(m -> "Pods".equals(m.get("type"))).toList();
    assertEquals(1, pods.size());
    assertEquals("game_players_connected", Tree.at(pods.get(0), "pods", "metric", "name"));
    assertEquals("AverageValue", Tree.at(pods.get(0), "pods", "target", "type"));
  }

  @ParameterizedTest
  @FieldSource("VARIANTS")
  void theGameGracePeriodExceedsItsDrainDeadline(String variant) {
    Manifests manifests = Chart.render(variant);
    Manifest game = manifests.get("Deployment", Chart.componentName("game"));
    long grace = ((Number) game.at("spec", "template", "spec", "terminationGracePeriodSeconds")).longValue();
    Duration drain = duration(Tree.at(ChartRenderingTest.env(manifests, "game", "GAME_DRAIN_DEADLINE"), "value"));
    Duration shutdown = duration(Tree.at(ChartRenderingTest.env(manifests, "game", "SHUTDOWN_TIMEOUT"), "value"));

    assertTrue(grace > drain.plus(shutdown).toSeconds(),
        () -> "grace " + grace + "s must exceed the drain " + drain + " plus the shutdown " + shutdown);
    List<?> preStop = Tree.list(game.at("spec", "template", "spec", "containers", 0, "lifecycle", "preStop", "exec", "command"));
    assertTrue(String.valueOf(preStop.get(preStop.size() - 1)).contains("POST /admin/drain"), "the preStop hook starts the drain");
    assertTrue(String.valueOf(preStop.get(preStop.size() - 1)).contains("/dev/tcp/127.0.0.1/9080"),
        "on the pod's own management port, over its loopback");
    assertTrue(manifests.find("PodDisruptionBudget", Chart.componentName("game")).isPresent());
  }

  @Test
  void theGatewayRoleGrantsExactlyReadAccessToServicesAndEndpointSlices() {
    Manifests manifests = Chart.render("defaults");

    assertEquals(2, manifests.ofKind("Role").size(), "the gateway's discovery Role and the game's deletion-cost Role");
    assertTrue(manifests.ofKind("ClusterRole").isEmpty() && manifests.ofKind("ClusterRoleBinding").isEmpty());
    assertEquals(Set.of("/services:get", "/services:list", "/services:watch",
            "discovery.k8s.io/endpointslices:get", "discovery.k8s.io/endpointslices:list", "discovery.k8s.io/endpointslices:watch"),
        grants(manifests, Chart.componentName("gateway") + "-discovery", "gateway"));
  }

  @Test
  void gamePodsMayOnlyGetAndPatchPodsToKeepTheirDeletionCost() {
    Manifests manifests = Chart.render("defaults");

    assertEquals(Set.of("/pods:patch"), grants(manifests, Chart.componentName("game") + "-deletion-cost", "game"));
    assertEquals("true", Tree.at(ChartRenderingTest.env(manifests, "game", "POD_DELETION_COST"), "value"));
    assertEquals("metadata.name", Tree.at(ChartRenderingTest.env(manifests, "game", "POD_NAME"), "valueFrom", "fieldRef", "fieldPath"));
    Manifest account = manifests.get("ServiceAccount", Chart.componentName("game"));
    assertEquals(true, account.object().get("automountServiceAccountToken"));
    Manifest policy = manifests.get("NetworkPolicy", Chart.componentName("game"));
    assertEquals(List.of(443, 6443), Tree.list(policy.at("spec", "egress", 0, "ports")).stream().map(p -> Tree.map(p).get("port")).toList(),
        "game pods reach the API server");

    Manifests off = Chart.render("scheduling");
    assertTrue(off.find("Role", Chart.componentName("game") + "-deletion-cost").isEmpty());
    assertTrue(Tree.list(ChartRenderingTest.container(off, "game").get("env")).stream()
        .noneMatch(e -> "POD_DELETION_COST".equals(Tree.map(e).get("name"))));
    assertEquals(false, off.get("ServiceAccount", Chart.componentName("game")).object().get("automountServiceAccountToken"));
    assertEquals(List.of("Ingress"), off.get("NetworkPolicy", Chart.componentName("game")).at("spec", "policyTypes"));
  }

  /** The grants of a Role as apiGroup/resource:verb, after checking its binding names the component's ServiceAccount. */
  private static Set<String> grants(Manifests manifests, String role, String component) {
    Manifest binding = manifests.get("RoleBinding", role);
    assertEquals(role, binding.at("roleRef", "name"));
    assertEquals(Chart.componentName(component), binding.at("subjects", 0, "name"));
    assertEquals(Chart.NAMESPACE, binding.at("subjects", 0, "namespace"));
    return Tree.list(manifests.get("Role", role).at("rules")).stream().map(Tree::map)
        .flatMap(rule -> Tree.list(rule.get("apiGroups")).stream().flatMap(group -> Tree.list(rule.get("resources")).stream()
            .flatMap(resource -> Tree.list(rule.get("verbs")).stream().map(verb -> group + "/" + resource + ":" + verb))))
        .collect(Collectors.toSet());
  }

  @ParameterizedTest
  @FieldSource("VARIANTS")
  void onlyTheGatewayAndGamePodsThatKeepTheirDeletionCostGetAnApiToken(String variant) {
    Manifests manifests = Chart.render(variant);
    boolean gameToken = Tree.list(ChartRenderingTest.container(manifests, "game").get("env")).stream()
        .anyMatch(e -> "POD_DELETION_COST".equals(Tree.map(e).get("name")));
    for (PodTemplate pod : manifests.pods()) {
      String component = String.valueOf(pod.labels().get("app.kubernetes.io/component"));
      boolean token = "gateway".equals(component) || ("game".equals(component) && gameToken);
      assertEquals(token, pod.spec().get("automountServiceAccountToken"), pod::toString);
    }
  }

  @ParameterizedTest
  @FieldSource("VARIANTS")
  void everyServiceTargetPortNamesAContainerPortOfItsPods(String variant) {
    Manifests manifests = Chart.render(variant);
    for (Manifest service : manifests.ofKind("Service")) {
      Map<String, Object> selector = Tree.map(service.at("spec", "selector"));
      List<PodTemplate> pods = manifests.pods().stream().filter(p -> !p.isHook() && p.matches(selector)).toList();
      assertFalse(pods.isEmpty(), () -> service + " selects no pods");
      for (Object port : Tree.list(service.at("spec", "ports"))) {
        Object target = Tree.map(port).get("targetPort");
        assertTrue(target instanceof String, () -> service + " should target a named port, not " + target);
        for (PodTemplate pod : pods) {
          assertTrue(pod.containers().stream().flatMap(c -> Tree.list(c.get("ports")).stream())
              .anyMatch(p -> target.equals(Tree.map(p).get("name"))), () -> service + ": " + pod + " has no port " + target);
        }
      }
    }
  }

  @ParameterizedTest
  @FieldSource("VARIANTS")
  void routedServicesCarryTheDiscoveryLabelsAndTheGatewayIsNotRouted(String variant) {
    Manifests manifests = Chart.render(variant);
    Map<String, Set<String>> routes = Map.of("edu", Set.of("courses", "learners"), "game", Set.of("games"));

    for (Map.Entry<String, Set<String>> expected : routes.entrySet()) {
      Map<String, Object> labels = manifests.get("Service", Chart.componentName(expected.getKey())).labels();
      assertEquals("http-endpoint", labels.get("service-type"));
      assertEquals("vertx-elastic", labels.get("app.kubernetes.io/part-of"));
      assertEquals(expected.getValue(), routeSegments(labels), expected.getKey());
    }
    for (Manifest service : manifests.ofKind("Service")) {
      String component = String.valueOf(service.labels().get("app.kubernetes.io/component"));
      if (!routes.containsKey(component)) {
        assertNull(service.labels().get("service-type"), () -> service + " must not be routed");
        assertTrue(routeSegments(service.labels()).isEmpty(), () -> service + " must not be routed");
      }
    }
  }

  @ParameterizedTest
  @FieldSource("VARIANTS")
  void everyNetworkPolicySelectsExistingPods(String variant) {
    Manifests manifests = Chart.render(variant);
    assertFalse(manifests.ofKind("NetworkPolicy").isEmpty());
    for (Manifest policy : manifests.ofKind("NetworkPolicy")) {
      Map<String, Object> selector = Tree.map(policy.at("spec", "podSelector", "matchLabels"));
      assertFalse(selector.isEmpty(), () -> policy + " should select the release's pods, not the whole namespace");
      assertTrue(manifests.pods().stream().anyMatch(p -> p.matches(selector)), () -> policy + " selects no pod");
      for (Object rule : concat(Tree.list(policy.at("spec", "ingress")), Tree.list(policy.at("spec", "egress")))) {
        for (Object peer : concat(Tree.list(Tree.map(rule).get("from")), Tree.list(Tree.map(rule).get("to")))) {
          Map<String, Object> p = Tree.map(peer);
          if (p.containsKey("podSelector") && !p.containsKey("namespaceSelector")) {
            Map<String, Object> peers = Tree.map(Tree.at(p, "podSelector", "matchLabels"));
            assertTrue(manifests.pods().stream().anyMatch(pod -> pod.matches(peers)), () -> policy + " names peers that no pod matches: " + peers);
          }
        }
      }
    }
  }

  @Test
  void networkPoliciesDenyByDefaultAndOpenOnlyTheStacksFlows() {
    Manifests manifests = Chart.render("defaults");
    Manifest deny = manifests.get("NetworkPolicy", "demo-vertx-elastic-default-deny");
    assertEquals(List.of("Ingress", "Egress"), deny.at("spec", "policyTypes"));
    assertNull(deny.at("spec", "ingress"));
    assertNull(deny.at("spec", "egress"));

    Manifest postgres = manifests.get("NetworkPolicy", Chart.componentName("postgresql"));
    assertEquals(Map.of("app.kubernetes.io/name", "vertx-elastic", "app.kubernetes.io/instance", "demo", "app.kubernetes.io/component", "edu"),
        postgres.at("spec", "ingress", 0, "from", 0, "podSelector", "matchLabels"));
    Manifest game = manifests.get("NetworkPolicy", Chart.componentName("game"));
    assertEquals("gateway", game.at("spec", "ingress", 0, "from", 0, "podSelector", "matchLabels", "app.kubernetes.io/component"));
    assertEquals(8080, game.at("spec", "ingress", 0, "ports", 0, "port"));
    Manifest gateway = manifests.get("NetworkPolicy", Chart.componentName("gateway"));
    assertEquals(List.of(443, 6443), Tree.list(gateway.at("spec", "egress", 0, "ports")).stream().map(p -> Tree.map(p).get("port")).toList());
    Manifest dns = manifests.get("NetworkPolicy", "demo-vertx-elastic-dns");
    assertEquals(Set.of("UDP", "TCP"), Tree.list(dns.at("spec", "egress", 0, "ports")).stream().map(p -> Tree.map(p).get("protocol")).collect(Collectors.toSet()));
  }

  private static Set<String> routeSegments(Map<String, Object> labels) {
    return labels.entrySet().stream()
        .filter(e -> e.getKey().startsWith("route.vertx-elastic.dev/") && "true".equals(e.getValue()))
        .map(e -> e.getKey().substring("route.vertx-elastic.dev/".length()))
        .collect(Collectors.toSet());
  }

  private static List<Object> concat(List<?> a, List<?> b) {
    List<Object> all = new java.util.ArrayList<>(a);
    all.addAll(b);
    return all;
  }

  /** The services' duration format: 500ms, 30s, 2m or plain milliseconds. */
  private static Duration duration(Object value) {
    String s = String.valueOf(value);
    if (s.endsWith("ms")) {
      return Duration.ofMillis(Long.parseLong(s.substring(0, s.length() - 2)));
    } else if (s.endsWith("s")) {
      return Duration.ofSeconds(Long.parseLong(s.substring(0, s.length() - 1)));
    } else if (s.endsWith("m")) {
      return Duration.ofMinutes(Long.parseLong(s.substring(0, s.length() - 1)));
    }
    return Duration.ofMillis(Long.parseLong(s));
  }
}
