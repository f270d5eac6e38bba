package dev.vertxelastic.helm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/** k8s/: the add-on values agree with what the chart asks of the cluster. */
class ClusterAddonsTest {

  @Test
  void prometheusAdapterServesTheMetricTheGameHpaScalesOn() throws IOException {
    Map<String, Object> adapter = yaml("addons/prometheus-adapter-values.yaml");
    Manifests.Manifest hpa = Chart.render("defaults").get("HorizontalPodAutoscaler", Chart.componentName("game"));
    String metric = Tree.list(hpa.at("spec", "metrics")).stream().map(Tree::map)
        .filter(m -> "Pods".equals(m.get("type"))).map(m -> String.valueOf(Tree.at(m, "pods", "metric", "name")))
        .findFirst().orElseThrow();

    List<Map<String, Object>> rules = Tree.list(Tree.at(adapter, "rules", "custom")).stream().map(Tree::map).toList();
    assertTrue(rules.stream().anyMatch(r -> metric.equals(Tree.at(r, "name", "as"))
            && String.valueOf(r.get("seriesQuery")).startsWith(metric + "{")
            && "pod".equals(Tree.at(r, "resources", "overrides", "pod", "resource"))),
        () -> "no prometheus-adapter rule serves pods/" + metric);
  }

  @Test
  void prometheusRunsWhereTheNetworkPoliciesAdmitScrapes() throws IOException {
    String stack = Files.readString(k8s().resolve("addons/kube-prometheus-stack-values.yaml"), StandardCharsets.UTF_8);
    Map<String, Object> chartValues = new Yaml().load(Files.readString(Chart.directory().resolve("values.yaml")));

    assertTrue(stack.contains("-n monitoring"), "the stack installs into the namespace `monitoring`");
    assertEquals(Map.of("kubernetes.io/metadata.name", "monitoring"),
        Tree.at(chartValues, "networkPolicy", "prometheus", "namespaceSelector", "matchLabels"));
    assertTrue(stack.contains("__meta_kubernetes_pod_annotation_prometheus_io_scrape"), "annotation-based scraping");
  }

  @Test
  void metricsServerTrustsKindKubeletsAndTheKindClusterHasWorkers() throws IOException {
    Map<String, Object> metricsServer = yaml("addons/metrics-server-values.yaml");
    Map<String, Object> kind = yaml("kind-cluster.yaml");

    assertTrue(Tree.list(metricsServer.get("args")).contains("--kubelet-insecure-tls"));
    assertEquals("Cluster", kind.get("kind"));
    assertTrue(Tree.list(kind.get("nodes")).stream().filter(n -> "worker".equals(Tree.map(n).get("role"))).count() >= 2);
  }

  private static Map<String, Object> yaml(String file) throws IOException {
    return Tree.map(new Yaml().load(Files.readString(k8s().resolve(file), StandardCharsets.UTF_8)));
  }

  private static Path k8s() {
    return Path.of(System.getProperty("k8s.dir", "../k8s")).toAbsolutePath().normalize();
  }
}
