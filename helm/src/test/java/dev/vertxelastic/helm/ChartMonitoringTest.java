package dev.vertxelastic.helm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonParser;
import dev.vertxelastic.helm.Manifests.Manifest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The PrometheusRule and the Grafana dashboard ConfigMap: off by default, rendered from files/ when enabled. */
class ChartMonitoringTest {

  static final Set<String> ALERTS = Set.of("GatewayCircuitOpen", "GatewayUpstreamNoReadyEndpoint", "GatewayErrorRatioHigh",
      "GatewayLatencyP99AboveSlo", "GameSessionsDropped", "GameStateFramesLate", "EduDatabasePoolExhausted", "VertxElasticTargetDown", "HpaAtMaxReplicas");

  @Test
  void neitherRulesNorDashboardRenderByDefault() {
    Manifests manifests = Chart.render("defaults");

    assertTrue(manifests.ofKind("PrometheusRule").isEmpty());
    assertTrue(manifests.ofKind("ConfigMap").isEmpty());
  }

  @Test
  void theEnabledPrometheusRuleCarriesEveryAlertWithTheSloFromValues() {
    Manifest rule = Chart.render("monitoring-on").get("PrometheusRule", Chart.componentName("alerts"));

    assertEquals("monitoring.coreos.com/v1", rule.apiVersion());
    assertEquals("kube-prometheus-stack", rule.labels().get("release"));
    assertEquals("monitoring", rule.labels().get("app.kubernetes.io/component"));
    Map<String, Map<String, Object>> alerts = alerts(rule);
    assertEquals(ALERTS, alerts.keySet());
    assertTrue(String.valueOf(alerts.get("GatewayLatencyP99AboveSlo").get("expr")).strip().endsWith("> 0.25"),
        () -> "the SLO comes from metrics.prometheusRule.gatewayP99Seconds: " + alerts.get("GatewayLatencyP99AboveSlo"));
    String hpaRule = String.valueOf(alerts.get("HpaAtMaxReplicas").get("expr"));
    for (Manifest hpa : Chart.render("defaults").ofKind("HorizontalPodAutoscaler")) {
      assertTrue(hpaRule.contains(hpa.name()), () -> "the HPA rule must watch " + hpa.name() + ": " + hpaRule);
    }
    assertTrue(hpaRule.contains("namespace=\"" + Chart.NAMESPACE + "\""), hpaRule);
    assertFalse(rule.text().contains("__"), () -> "a placeholder was left unfilled:\n" + rule.text());
  }

  @Test
  void everyAlertHasASeveritySummaryDescriptionAndRunbook() {
    Manifest rule = Chart.render("monitoring-on").get("PrometheusRule", Chart.componentName("alerts"));

    alerts(rule).forEach((name, alert) -> {
      assertTrue(Set.of("critical", "warning").contains(Tree.at(alert, "labels", "severity")), name + " has no severity");
      for (String annotation : List.of("summary", "description", "runbook_url")) {
        assertFalse(String.valueOf(Tree.at(alert, "annotations", annotation)).isBlank(), name + " lacks " + annotation);
      }
      assertTrue(String.valueOf(Tree.at(alert, "annotations", "runbook_url")).endsWith("#" + name.toLowerCase()),
          name + "'s runbook_url must point at its README section");
    });
  }

  @Test
  void theEnabledDashboardConfigMapCarriesTheSidecarLabelAndTheChartsDashboard() throws IOException {
    Manifest map = Chart.render("monitoring-on").get("ConfigMap", Chart.componentName("dashboard"));
    String file = Files.readString(Chart.directory().resolve("files/dashboards/vertx-elastic.json"), StandardCharsets.UTF_8);

    assertEquals("v1", map.apiVersion());
    assertEquals("1", map.labels().get("grafana_dashboard"));
    assertEquals("vertx-elastic", map.annotations().get("grafana_folder"));
    String json = String.valueOf(map.at("data", "vertx-elastic.json"));
    assertEquals(file.strip(), json.strip());
    assertEquals("vertx-elastic", JsonParser.parseString(json).getAsJsonObject().get("uid").getAsString());
  }

  @Test
  void theSidecarLabelIsConfigurable() {
    Manifest map = Manifests.parse(Chart.template("defaults", Map.of(
        "metrics.grafanaDashboard.enabled", "true", "metrics.grafanaDashboard.labels.team", "games")))
        .get("ConfigMap", Chart.componentName("dashboard"));

    assertEquals("games", map.labels().get("team"));
    assertEquals("1", map.labels().get("grafana_dashboard"));
  }

  @Test
  void unknownKeysUnderTheMonitoringValuesAreRejectedByTheSchema() {
    for (String key : List.of("metrics.prometheusRule.severity", "metrics.grafanaDashboard.folder")) {
      IllegalStateException error = assertThrows(IllegalStateException.class,
          () -> Chart.template("defaults", Map.of(key, "x")));
      String unknown = key.substring(key.lastIndexOf('.') + 1);
      assertTrue(error.getMessage().contains("additional properties '" + unknown + "' not allowed"), error::getMessage);
    }
  }

  @Test
  void aNonPositiveSloIsRejectedByTheSchema() {
    IllegalStateException error = assertThrows(IllegalStateException.class,
        () -> Chart.template("defaults", Map.of("metrics.prometheusRule.gatewayP99Seconds", "0")));

    assertTrue(error.getMessage().contains("gatewayP99Seconds"), error::getMessage);
  }

  private static Map<String, Map<String, Object>> alerts(Manifest rule) {
    return Tree.list(rule.at("spec", "groups")).stream()
        .flatMap(g -> Tree.list(Tree.map(g).get("rules")).stream())
        .map(Tree::map)
        .collect(Collectors.toMap(r -> String.valueOf(r.get("alert")), r -> r));
  }
}
