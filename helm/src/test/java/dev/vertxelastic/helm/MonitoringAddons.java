package dev.vertxelastic.helm;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The plain copies in k8s/addons/ of the chart's monitoring files: the alerting rules as the chart's
 * PrometheusRule renders them with default values (for promtool and a Prometheus outside the operator),
 * and the Grafana dashboard as its ConfigMap carries it (for importing by hand).
 */
final class MonitoringAddons {

  static final String RULES = "vertx-elastic-rules.yaml";
  static final String DASHBOARD = "vertx-elastic-dashboard.json";

  private static final Map<String, String> ENABLED = Map.of(
      "metrics.prometheusRule.enabled", "true", "metrics.grafanaDashboard.enabled", "true");

  private static final String RULES_HEADER = """
      # Generated from helm/vertx-elastic/files/alerts/%s with default values (release %s,
      # namespace %s); do not edit, regenerate with
      #   %s
      """.formatted(RULES, Chart.RELEASE, Chart.NAMESPACE, RenderedManifests.REGENERATE);

  private MonitoringAddons() {
  }

  static Path directory() {
    return Path.of(System.getProperty("k8s.dir", "../k8s")).toAbsolutePath().normalize().resolve("addons");
  }

  /** File name in k8s/addons/ to its expected content. */
  static Map<String, String> expected() {
    Manifests manifests = Manifests.parse(Chart.template("defaults", ENABLED));
    Manifests.Manifest rule = manifests.get("PrometheusRule", Chart.componentName("alerts"));
    Manifests.Manifest dashboard = manifests.get("ConfigMap", Chart.componentName("dashboard"));
    return Map.of(
        RULES, RULES_HEADER + specOf(rule.text()),
        DASHBOARD, dashboard.at("data", "vertx-elastic.json") + "\n");
  }

  /** The text under `spec:`, one indentation level out, comments kept. */
  private static String specOf(String document) {
    List<String> lines = document.lines().toList();
    int spec = lines.indexOf("spec:");
    if (spec < 0) {
      throw new AssertionError("the PrometheusRule has no spec:\n" + document);
    }
    return lines.subList(spec + 1, lines.size()).stream()
        .map(l -> l.startsWith("  ") ? l.substring(2) : l)
        .collect(Collectors.joining("\n", "", "\n"));
  }

  static void write() throws IOException {
    for (Map.Entry<String, String> file : expected().entrySet()) {
      Files.writeString(directory().resolve(file.getKey()), file.getValue(), StandardCharsets.UTF_8);
    }
  }
}
