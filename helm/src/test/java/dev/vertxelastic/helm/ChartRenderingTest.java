package dev.vertxelastic.helm;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vertxelastic.helm.Manifests.Manifest;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

class ChartRenderingTest {

  static final List<String> VARIANTS = Chart.VARIANTS;

  @ParameterizedTest
  @FieldSource("VARIANTS")
  void everyRenderedObjectPassesStrictKubernetesModelValidation(String variant) {
    Manifests manifests = Chart.render(variant);

    assertFalse(manifests.all().isEmpty(), variant + " rendered nothing");
    assertAll(manifests.all().stream().map(m -> (Executable) () -> KubernetesModels.validate(m)));
  }

  @ParameterizedTest
  @FieldSource("VARIANTS")
  void everyObjectNameIsADnsLabelAndCarriesTheStandardLabels(String variant) {
    for (Manifest m : Chart.render(variant).all()) {
      assertTrue(m.name().matches("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?"), () -> m + " has an invalid name");
      for (String label : List.of("app.kubernetes.io/name", "app.kubernetes.io/instance", "app.kubernetes.io/component",
          "app.kubernetes.io/version", "app.kubernetes.io/managed-by", "helm.sh/chart")) {
        assertTrue(m.labels().containsKey(label), () -> m + " lacks the label " + label);
      }
      assertNull(m.at("metadata", "namespace"), () -> m + " hard-codes a namespace; Helm and kubectl -n set it");
    }
  }

  @Test
  void modelValidationRejectsAFieldTheApiDoesNotKnow() {
    Manifest deployment = Chart.render("defaults").get("Deployment", Chart.componentName("game"));
    Map<String, Object> object = new java.util.LinkedHashMap<>(deployment.object());
    Map<String, Object> spec = new java.util.LinkedHashMap<>(Tree.map(object.get("spec")));
    spec.put("replica", 3);
    object.put("spec", spec);

    AssertionError error = assertThrows(AssertionError.class, () -> KubernetesModels.validate(new Manifest(object, "")));
    assertTrue(error.getMessage().contains("replica"), error::getMessage);
  }

  @Test
  void autoscalingOffRendersNoHpaAndFixedReplicas() {
    Manifests manifests = Chart.render("autoscaling-off");

    assertTrue(manifests.ofKind("HorizontalPodAutoscaler").isEmpty());
    assertEquals(3, manifests.get("Deployment", Chart.componentName("gateway")).at("spec", "replicas"));
    assertEquals(2, manifests.get("Deployment", Chart.componentName("edu")).at("spec", "replicas"));
    assertEquals(4, manifests.get("Deployment", Chart.componentName("game")).at("spec", "replicas"));
  }

  @Test
  void defaultsScaleEveryComponentWithAnHpaAndRunAnInChartPostgresql() {
    Manifests manifests = Chart.render("defaults");

    assertEquals(3, manifests.ofKind("HorizontalPodAutoscaler").size());
    Manifest postgres = manifests.get("StatefulSet", Chart.componentName("postgresql"));
    assertEquals("1Gi", postgres.at("spec", "volumeClaimTemplates", 0, "spec", "resources", "requests", "storage"));
    assertTrue(manifests.find("Ingress", Chart.componentName("gateway")).isEmpty());
    assertTrue(manifests.ofKind("ServiceMonitor").isEmpty());
  }

  @Test
  void externalDatabaseReplacesTheInChartPostgresql() {
    Manifests manifests = Chart.render("external-database");

    assertTrue(manifests.ofKind("StatefulSet").isEmpty());
    Map<String, Object> password = env(manifests, "edu", "DB_PASSWORD");
    assertEquals("edu-db-credentials", Tree.at(password, "valueFrom", "secretKeyRef", "name"));
    assertEquals("pg-password", Tree.at(password, "valueFrom", "secretKeyRef", "key"));
    Manifest database = manifests.get("Secret", Chart.componentName("database"));
    assertEquals("postgresql://edu-db.example.internal:6432/courses", decode(database.at("data", "url")));
    assertEquals("edu_app", decode(database.at("data", "username")));
    assertFalse(Tree.map(database.at("data")).containsKey("password"), "the chart must not hold an external password");
    Manifest policy = manifests.get("NetworkPolicy", Chart.componentName("edu"));
    assertEquals("10.20.0.0/16", policy.at("spec", "egress", 0, "to", 0, "ipBlock", "cidr"));
    assertEquals(6432, policy.at("spec", "egress", 0, "ports", 0, "port"));
  }

  @Test
  void ingressOnRoutesTheHostToTheGatewayService() {
    Manifest ingress = Chart.render("ingress-on").get("Ingress", Chart.componentName("gateway"));

    assertEquals("nginx", ingress.at("spec", "ingressClassName"));
    assertEquals("play.vertx-elastic.dev", ingress.at("spec", "rules", 0, "host"));
    assertEquals(Chart.componentName("gateway"), ingress.at("spec", "rules", 0, "http", "paths", 0, "backend", "service", "name"));
    assertEquals("http", ingress.at("spec", "rules", 0, "http", "paths", 0, "backend", "service", "port", "name"));
    assertEquals("vertx-elastic-tls", ingress.at("spec", "tls", 0, "secretName"));
  }

  @Test
  void customResourcesReachTheContainers() {
    Manifests manifests = Chart.render("custom-resources");
    Map<String, Object> gateway = container(manifests, "gateway");
    Map<String, Object> game = container(manifests, "game");

    assertEquals("registry.example.com/vertx-elastic/api-gateway:0.2.0", gateway.get("image"));
    assertEquals(Map.of("cpu", "1", "memory", "1Gi"), Tree.at(gateway, "resources", "requests"));
    assertEquals(Map.of("cpu", "3", "memory", "1536Mi"), Tree.at(game, "resources", "limits"));
    assertEquals("300s", Tree.at(env(manifests, "game", "GAME_DRAIN_DEADLINE"), "value"));
    assertEquals(400, manifests.get("Deployment", Chart.componentName("game")).at("spec", "template", "spec", "terminationGracePeriodSeconds"));
    assertEquals("shared-jwt", Tree.at(env(manifests, "edu", "JWT_SECRET"), "valueFrom", "secretKeyRef", "name"));
    assertEquals("signing-key", Tree.at(env(manifests, "edu", "JWT_SECRET"), "valueFrom", "secretKeyRef", "key"));
    assertTrue(manifests.find("Secret", Chart.componentName("jwt")).isEmpty(), "an existing JWT secret replaces the generated one");
    assertEquals("fast-ssd", manifests.get("StatefulSet", Chart.componentName("postgresql"))
        .at("spec", "volumeClaimTemplates", 0, "spec", "storageClassName"));
  }

  @Test
  void serviceMonitorsScrapeEveryComponentWhenEnabled() {
    Manifests manifests = Chart.render("service-monitor-on");
    List<Manifest> monitors = manifests.ofKind("ServiceMonitor");

    assertEquals(3, monitors.size());
    for (Manifest monitor : monitors) {
      assertEquals("kube-prometheus-stack", monitor.labels().get("release"));
      Map<String, Object> selector = Tree.map(monitor.at("spec", "selector", "matchLabels"));
      String port = String.valueOf(monitor.at("spec", "endpoints", 0, "port"));
      assertTrue(manifests.ofKind("Service").stream().anyMatch(s -> s.labels().entrySet().containsAll(selector.entrySet())
              && Tree.list(s.at("spec", "ports")).stream().anyMatch(p -> port.equals(Tree.map(p).get("name")))),
          () -> monitor + " selects no Service with a port named " + port);
      assertEquals("/metrics", monitor.at("spec", "endpoints", 0, "path"));
      assertEquals(true, monitor.at("spec", "endpoints", 0, "honorLabels"), "the gateway's `service` label must not become exported_service");
      assertEquals(List.of("app.kubernetes.io/component", "app.kubernetes.io/part-of"), monitor.at("spec", "podTargetLabels"));
    }
    assertTrue(manifests.pods().stream().allMatch(p -> !Tree.map(p.owner().at("spec", "template", "metadata", "annotations"))
        .containsKey("prometheus.io/scrape")), "scrape annotations are off when the operator scrapes");
  }

  @Test
  void notesPrintPasteableCommandsToReachTheGateway() {
    String notes = Chart.notes("defaults");

    assertTrue(notes.contains("kubectl -n vertx-elastic port-forward service/demo-vertx-elastic-gateway 8080:80 &"), notes);
    assertTrue(notes.contains("helm test demo -n vertx-elastic"), notes);
    assertTrue(notes.contains("kubectl -n vertx-elastic get hpa -w"), notes);
    assertTrue(Chart.notes("ingress-on").contains("https://play.vertx-elastic.dev/api/auth/guest"));
    assertTrue(notes.contains("kubectl -n vertx-elastic get secret demo-vertx-elastic-jwt -o jsonpath='{.data.instructor-password}' | base64 -d; echo"), notes);
    assertTrue(Chart.notes("gitops").contains("The accounts come from the Secret vertx-elastic-instructors (key accounts.txt"));
  }

  static Map<String, Object> container(Manifests manifests, String component) {
    return Tree.map(manifests.get("Deployment", Chart.componentName(component))
        .at("spec", "template", "spec", "containers", 0));
  }

  static Map<String, Object> env(Manifests manifests, String component, String name) {
    return Tree.list(container(manifests, component).get("env")).stream().map(Tree::map)
        .filter(e -> name.equals(e.get("name"))).findFirst()
        .orElseThrow(() -> new AssertionError(component + " has no env " + name));
  }

  static String decode(Object base64) {
    return new String(Base64.getDecoder().decode(String.valueOf(base64)), StandardCharsets.UTF_8);
  }
}
