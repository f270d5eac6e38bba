package dev.vertxelastic.helm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vertxelastic.helm.Manifests.Manifest;
import dev.vertxelastic.helm.Manifests.PodTemplate;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The optional values: images, existing secrets, tracing, placement and metadata, the helm test, several releases. */
class ChartOptionsTest {

  @Test
  void imagesTakeTheirOwnRegistryOrTheGlobalOneAndADigestPinsThem() {
    Manifests manifests = Chart.render("gitops");

    assertEquals("registry.example.com/team/vertx-elastic/api-gateway@sha256:" + "2".repeat(64),
        ChartRenderingTest.container(manifests, "gateway").get("image"));
    assertEquals("mirror.example.com/hub/vertx-elastic/edu-course-service:0.1.0", ChartRenderingTest.container(manifests, "edu").get("image"));
    assertEquals("mirror.example.com/hub/postgres@sha256:" + "1".repeat(64), manifests.get("StatefulSet", Chart.componentName("postgresql"))
        .at("spec", "template", "spec", "containers", 0, "image"));
    assertEquals("registry.example.com/tools/curl:8.12.0", testPod(manifests).at("spec", "containers", 0, "image"));
    assertEquals("curlimages/curl:8.11.1", testPod(Chart.render("defaults")).at("spec", "containers", 0, "image"));
  }

  @Test
  void imagePullSecretsReachEveryPod() {
    for (PodTemplate pod : Chart.render("custom-resources").pods()) {
      assertEquals(List.of(Map.of("name", "registry-credentials")), pod.spec().get("imagePullSecrets"), pod::toString);
    }
  }

  @Test
  void theGitOpsPathRendersNoSecretAndTheSameObjectsEveryTime() {
    String first = Chart.template("gitops", Map.of());
    Manifests manifests = Manifests.parse(first);

    assertEquals(first, Chart.template("gitops", Map.of()), "helm template / Argo CD must render the same objects every time");
    assertTrue(manifests.ofKind("Secret").stream().noneMatch(s -> s.annotations().containsKey("vertx-elastic.dev/generated")));
    assertTrue(manifests.find("Secret", Chart.componentName("jwt")).isEmpty());
    Manifest database = manifests.get("Secret", Chart.componentName("database"));
    assertEquals(Set.of("url", "username"), Tree.map(database.at("data")).keySet(), "the password stays in its own Secret");
    for (String component : List.of("edu")) {
      assertEquals(Map.of("name", "vertx-elastic-postgresql", "key", "pg-password"),
          Tree.at(ChartRenderingTest.env(manifests, component, "DB_PASSWORD"), "valueFrom", "secretKeyRef"));
    }
    Manifest postgres = manifests.get("StatefulSet", Chart.componentName("postgresql"));
    assertTrue(Tree.list(postgres.at("spec", "template", "spec", "containers", 0, "env")).stream().map(Tree::map)
        .anyMatch(e -> "POSTGRES_PASSWORD".equals(e.get("name"))
            && "vertx-elastic-postgresql".equals(Tree.at(e, "valueFrom", "secretKeyRef", "name"))));
  }

  @Test
  void instructorAccountsComeFromTheirSecretAsAFileOrElseTheSharedPassword() {
    Manifests gitops = Chart.render("gitops");
    Map<String, Object> gateway = ChartRenderingTest.container(gitops, "gateway");
    assertEquals("/etc/vertx-elastic/instructors/accounts.txt", ChartRenderingTest.env(gitops, "gateway", "INSTRUCTOR_ACCOUNTS_FILE").get("value"));
    assertTrue(Tree.list(gateway.get("env")).stream().noneMatch(e -> "INSTRUCTOR_PASSWORD".equals(Tree.map(e).get("name"))));
    assertTrue(Tree.list(gateway.get("volumeMounts")).stream().map(Tree::map)
        .anyMatch(m -> "/etc/vertx-elastic/instructors".equals(m.get("mountPath")) && Boolean.TRUE.equals(m.get("readOnly"))));
    Map<String, Object> volume = Tree.list(ChartLifecycleTest.podSpec(gitops, "gateway").get("volumes")).stream().map(Tree::map)
        .filter(v -> "instructors".equals(v.get("name"))).findFirst().orElseThrow();
    assertEquals("vertx-elastic-instructors", Tree.at(volume, "secret", "secretName"));
    assertEquals("accounts.txt", Tree.at(volume, "secret", "items", 0, "key"));

    Map<String, Object> password = ChartRenderingTest.env(Chart.render("defaults"), "gateway", "INSTRUCTOR_PASSWORD");
    assertEquals(Map.of("name", Chart.componentName("jwt"), "key", "instructor-password", "optional", true),
        Tree.at(password, "valueFrom", "secretKeyRef"), "until per-instructor accounts land, the shared password path stays as it was");
  }

  @Test
  void eduRollsWhenTheChartManagedDatabaseSettingsChange() {
    String key = "checksum/database";
    Object external = podAnnotations(Chart.render("external-database"), "edu").get(key);
    Object moved = podAnnotations(Manifests.parse(Chart.template("external-database", Map.of("externalDatabase.host", "db2.example.internal"))), "edu").get(key);
    Object defaults = podAnnotations(Chart.render("defaults"), "edu").get(key);

    assertTrue(String.valueOf(defaults).matches("[0-9a-f]{64}"), String.valueOf(defaults));
    assertNotEquals(external, moved);
    assertEquals(defaults, podAnnotations(Manifests.parse(Chart.template("defaults", Map.of())), "edu").get(key),
        "no random secret in the checksum: plain renders (k8s/rendered, GitOps) stay stable");
  }

  @Test
  void tracesAreExportedToTheCollectorThroughItsOwnNetworkPolicy() {
    Manifests gitops = Chart.render("gitops");
    for (String component : List.of("gateway", "edu", "game")) {
      assertEquals("https://otlp.example.com/otlp", ChartRenderingTest.env(gitops, component, "OTEL_EXPORTER_OTLP_ENDPOINT").get("value"));
      assertEquals("0.25", ChartRenderingTest.env(gitops, component, "OTEL_TRACES_SAMPLER_ARG").get("value"));
      assertEquals(Map.of("name", "vertx-elastic-otlp", "key", "headers"),
          Tree.at(ChartRenderingTest.env(gitops, component, "OTEL_EXPORTER_OTLP_HEADERS"), "valueFrom", "secretKeyRef"));
    }
    Manifest policy = gitops.get("NetworkPolicy", "demo-vertx-elastic-tracing");
    assertEquals("203.0.113.0/24", policy.at("spec", "egress", 0, "to", 0, "ipBlock", "cidr"));
    assertEquals(443, policy.at("spec", "egress", 0, "ports", 0, "port"), "https without a port: 443");
    assertEquals(List.of("gateway", "edu", "game"), policy.at("spec", "podSelector", "matchExpressions", 0, "values"));

    Manifests inCluster = Manifests.parse(Chart.template("defaults", Map.of("tracing.otlpEndpoint", "http://otel-collector.observability:4318")));
    Manifest collector = inCluster.get("NetworkPolicy", "demo-vertx-elastic-tracing");
    assertEquals(4318, collector.at("spec", "egress", 0, "ports", 0, "port"));
    assertEquals("opentelemetry-collector", collector.at("spec", "egress", 0, "to", 0, "podSelector", "matchLabels", "app.kubernetes.io/name"));
    assertEquals(Map.of(), collector.at("spec", "egress", 0, "to", 0, "namespaceSelector"), "any namespace by default");

    Manifests off = Chart.render("defaults");
    assertTrue(off.find("NetworkPolicy", "demo-vertx-elastic-tracing").isEmpty());
    assertTrue(Tree.list(ChartRenderingTest.container(off, "gateway").get("env")).stream()
        .noneMatch(e -> String.valueOf(Tree.map(e).get("name")).startsWith("OTEL_")), "no endpoint: nothing exported");
  }

  @Test
  void podsSpreadOverNodesAndZonesByDefaultSelectingTheirOwnComponent() {
    Manifests manifests = Chart.render("defaults");
    for (String component : List.of("gateway", "edu", "game")) {
      List<Map<String, Object>> spread = Tree.list(ChartLifecycleTest.podSpec(manifests, component).get("topologySpreadConstraints"))
          .stream().map(Tree::map).toList();
      assertEquals(List.of("kubernetes.io/hostname", "topology.kubernetes.io/zone"), spread.stream().map(c -> c.get("topologyKey")).toList());
      for (Map<String, Object> constraint : spread) {
        assertEquals("ScheduleAnyway", constraint.get("whenUnsatisfiable"), "a single-node cluster must still schedule");
        assertEquals(Map.of("app.kubernetes.io/name", "vertx-elastic", "app.kubernetes.io/instance", "demo", "app.kubernetes.io/component", component),
            Tree.at(constraint, "labelSelector", "matchLabels"));
        assertEquals(List.of("pod-template-hash"), constraint.get("matchLabelKeys"));
      }
    }
    Manifests scheduling = Chart.render("scheduling");
    assertEquals(Map.of("app.kubernetes.io/component", "gateway"),
        Tree.at(ChartLifecycleTest.podSpec(scheduling, "gateway"), "topologySpreadConstraints", 0, "labelSelector", "matchLabels"),
        "a labelSelector of the values is kept as it is");
    assertNull(ChartLifecycleTest.podSpec(scheduling, "edu").get("topologySpreadConstraints"));
  }

  @Test
  void placementAndMetadataValuesReachTheirObjects() {
    Manifests manifests = Chart.render("scheduling");
    Map<String, Object> gateway = ChartLifecycleTest.podSpec(manifests, "gateway");
    Map<String, Object> labels = Tree.map(manifests.get("Deployment", Chart.componentName("gateway")).at("spec", "template", "metadata", "labels"));

    assertEquals("vertx-elastic-critical", gateway.get("priorityClassName"));
    assertEquals("vertx-elastic-standard", ChartLifecycleTest.podSpec(manifests, "edu").get("priorityClassName"));
    assertEquals("vertx-elastic-critical", manifests.get("StatefulSet", Chart.componentName("postgresql")).at("spec", "template", "spec", "priorityClassName"));
    assertEquals("platform", labels.get("team"));
    assertEquals("gateway", labels.get("app.kubernetes.io/component"), "the chart's own labels win: the selectors must keep matching");
    assertEquals("platform", podAnnotations(manifests, "gateway").get("example.com/owner"));
    assertEquals("nlb", manifests.get("Service", Chart.componentName("gateway")).annotations().get("service.beta.kubernetes.io/aws-load-balancer-type"));
    assertEquals("false", manifests.get("Service", Chart.componentName("game")).annotations().get("example.com/scrape"));
    assertEquals("arn:aws:iam::123456789012:role/gateway",
        manifests.get("ServiceAccount", Chart.componentName("gateway")).annotations().get("eks.amazonaws.com/role-arn"));
    assertEquals("50", ChartRenderingTest.env(manifests, "gateway", "GATEWAY_POOL_SIZE").get("value"));
    assertTrue(Tree.list(gateway.get("volumes")).stream().map(Tree::map).anyMatch(v -> "ca".equals(v.get("name"))));
    assertEquals(List.of("/tmp", "/etc/ssl/corporate"), Tree.list(ChartRenderingTest.container(manifests, "gateway").get("volumeMounts"))
        .stream().map(m -> Tree.map(m).get("mountPath")).toList());
    assertNull(ChartLifecycleTest.podSpec(Chart.render("defaults"), "gateway").get("priorityClassName"));
  }

  @Test
  void theHelmTestChecksEveryServiceThroughTheGatewaysPublicService() {
    Manifests manifests = Chart.render("defaults");
    Manifest pod = testPod(manifests);
    Map<String, Object> container = Tree.map(pod.at("spec", "containers", 0));
    String script = String.valueOf(Tree.list(container.get("command")).get(2));
    Map<String, Object> env = Tree.list(container.get("env")).stream().map(Tree::map)
        .collect(Collectors.toMap(e -> String.valueOf(e.get("name")), e -> e.get("value")));

    assertEquals(List.of("/bin/sh", "-c"), Tree.list(container.get("command")).subList(0, 2));
    assertEquals("http://demo-vertx-elastic-gateway:80", env.get("GATEWAY_URL"));
    assertEquals("http://demo-vertx-elastic-gateway-management:9080", env.get("MANAGEMENT_URL"));
    for (String call : List.of("$MANAGEMENT_URL/health/ready", "$GATEWAY_URL/api/courses", "$GATEWAY_URL/api/auth/guest", "$GATEWAY_URL/api/games")) {
      assertTrue(script.contains(call), () -> "the helm test does not call " + call);
    }
    Manifest policy = manifests.get("NetworkPolicy", Chart.componentName("test"));
    assertEquals(List.of(8080, 9080), Tree.list(policy.at("spec", "egress", 0, "ports")).stream().map(p -> Tree.map(p).get("port")).toList());
  }

  @Test
  void twoReleasesInOneNamespaceSelectOnlyTheirOwnPods() {
    Manifests demo = Chart.render("defaults");
    Manifests other = Manifests.parse(Chart.template("other", Chart.KUBE_VERSION, "defaults", Map.of()));
    List<PodTemplate> otherPods = other.pods();

    for (Manifest m : demo.all()) {
      for (Map<String, Object> selector : selectors(m)) {
        assertEquals("demo", selector.get("app.kubernetes.io/instance"), () -> m + " selects pods of any release: " + selector);
        assertTrue(otherPods.stream().noneMatch(p -> p.matches(selector)), () -> m + " selects pods of another release");
      }
    }
    Manifest otherGateway = other.get("Deployment", "other-vertx-elastic-gateway");
    assertTrue(Tree.list(otherGateway.at("spec", "template", "spec", "containers", 0, "env")).stream().map(Tree::map)
            .anyMatch(e -> "GATEWAY_RELEASE".equals(e.get("name")) && "other".equals(e.get("value"))),
        "the gateway routes only to Services of its own release");
    assertEquals("demo", demo.get("Service", Chart.componentName("edu")).labels().get("app.kubernetes.io/instance"));
  }

  /** Every label selector an object carries: Service, workload, PDB, NetworkPolicy (own and peers), ServiceMonitor. */
  private static List<Map<String, Object>> selectors(Manifest m) {
    return switch (m.kind()) {
      case "Service" -> List.of(Tree.map(m.at("spec", "selector")));
      case "Deployment", "StatefulSet", "PodDisruptionBudget", "ServiceMonitor" -> List.of(Tree.map(m.at("spec", "selector", "matchLabels")));
      case "NetworkPolicy" -> {
        List<Map<String, Object>> all = new java.util.ArrayList<>();
        all.add(Tree.map(m.at("spec", "podSelector", "matchLabels")));
        for (String direction : List.of("ingress", "egress")) {
          for (Object rule : Tree.list(m.at("spec", direction))) {
            for (Object peer : Tree.list(Tree.map(rule).getOrDefault("from", Tree.map(rule).get("to")))) {
              Map<String, Object> p = Tree.map(peer);
              if (p.containsKey("podSelector") && !p.containsKey("namespaceSelector")) {
                all.add(Tree.map(Tree.at(p, "podSelector", "matchLabels")));
              }
            }
          }
        }
        yield all;
      }
      default -> List.of();
    };
  }

  private static Manifest testPod(Manifests manifests) {
    return manifests.get("Pod", Chart.componentName("test"));
  }

  private static Map<String, Object> podAnnotations(Manifests manifests, String component) {
    return Tree.map(manifests.get("Deployment", Chart.componentName(component)).at("spec", "template", "metadata", "annotations"));
  }

  @Test
  void podAnnotationsKeepTheScrapeAnnotations() {
    assertFalse(podAnnotations(Chart.render("scheduling"), "gateway").isEmpty());
    assertEquals("9080", podAnnotations(Chart.render("scheduling"), "gateway").get("prometheus.io/port"));
  }
}
